/// The distinct renderings of one clause over the data variants its conditions distinguish:
/// each text once, with the field values that produce it.
///
/// The fields are the enum and boolean fields tested by the conditions inside the clause and
/// around it (its own `avv:if`, and the chains that enclose it), and the other fields those
/// conditions test for presence (a text, list or object: given or not). Every combination of their
/// values is rendered (pairwise beyond ``TemplateSetChecker/combinationBound``) the way
/// `avv check` does it: on the first example profile that can carry it, with the data the
/// values need borrowed from other examples (``Variants/synthesize``,
/// ``TemplateSetChecker/repair``). Identical renderings form one group; its trigger is the
/// set of combinations that produce it, compressed: a field is left out where every value of
/// it gives the same text, so that only the fields that make a difference are shown.
public struct VariantMatrix: Sendable {
    /// One distinct rendering.
    public struct Group: Sendable {
        /// The rendered clause; nil when the clause is not in the document for this data.
        public var section: Section?
        /// The combinations producing it, compressed: each term a conjunction of field values
        /// (nil: any value), the terms alternatives.
        public var terms: [[DataValue?]]
        /// How many combinations produce it.
        public var combinations: Int
        /// The example profiles the combinations were built on.
        public var examples: [String]
    }

    public var fields: [VariantField]
    /// Names of the fields varied by presence: given (a value from an example) or not.
    public var presence: Set<String> = []
    public var groups: [Group]
    /// Combinations of the fields in all; rendered were all of them or a pairwise set.
    public var combinations: Int
    public var pairwise: Bool
    /// Combinations no example profile can carry, compressed like a group's terms.
    public var unproducible: [[DataValue?]]
    public var unproducibleCount: Int

    /// `processor.priceModel.kind = 'perMinute' and controller.customerType = 'b2b'`, one
    /// string per alternative; empty when the text does not depend on the fields.
    public func describe(_ group: Group) -> [String] { describe(terms: group.terms) }

    /// Terms as ``describe(_:)`` shows them.
    public func describe(terms: [[DataValue?]]) -> [String] {
        terms.compactMap { term in
            let parts = zip(fields, term).compactMap { field, value -> String? in
                guard let value else { return nil }
                if presence.contains(field.name) { return "\(field.name) is " + (value.isTruthy ? "given" : "not given") }
                return "\(field.name) = " + (value == .null ? "(absent)" : TemplateCompiler.literalText(value))
            }
            return parts.isEmpty ? nil : parts.joined(separator: " and ")
        }
    }
}

/// Renders variants of a template set and remembers what it rendered: the review asks for
/// the same combinations for many clauses.
struct VariantRenderer {
    let set: TemplateSet
    let examples: [(name: String, data: DataValue)]
    let date: String
    /// The languages whose documents are rendered.
    let languages: [Language]
    private var produced: [[[String]: DataValue]: Produced?] = [:]

    struct Produced {
        var example: String
        /// By `kind.lang`.
        var documents: [String: Document]
    }

    init(set: TemplateSet, examples: [(name: String, data: DataValue)], date: String, languages: [Language]? = nil) {
        self.set = set
        self.examples = examples
        self.date = date
        self.languages = languages ?? set.languages
    }

    /// The documents for data with these field values, built on the first example that can
    /// carry them; nil when none can.
    ///
    /// Enum and boolean fields are set as `avv check` sets them (with the data that goes with
    /// a value borrowed from another example); a field varied by presence is set or removed
    /// on its own. What the schema then requires, or rendering misses, is borrowed as
    /// ``TemplateSetChecker/repair`` does it; an example whose repair undoes a value of the
    /// variant cannot carry it.
    mutating func documents(for assignment: [[String]: DataValue]) -> Produced? {
        if let cached = produced[assignment] { return cached }
        var choices: [VariantField] = []
        var presence: [([String], DataValue)] = []
        for path in assignment.keys.sorted(by: { $0.joined(separator: ".") < $1.joined(separator: ".") }) {
            let node = set.schema.root.node(atPath: path)
            if node?.enumValues != nil || node?.types == ["boolean"] {
                choices.append(VariantField(path: path, values: [assignment[path]!]))
            } else {
                presence.append((path, assignment[path]!))
            }
        }
        let donors = examples.map(\.data)
        var result: Produced?
        for example in examples {
            var data = choices.isEmpty ? example.data : Variants.synthesize(
                Variant(values: choices.map { assignment[$0.path]! }), fields: choices, base: example.data, donors: donors)
            for (path, value) in presence { data = Variants.set(value, at: path[...], in: data) }
            var documents = render(data, validated: false)
            if documents == nil, !assignment.isEmpty {
                guard let repaired = TemplateSetChecker.repair(data, set: set, donors: donors, date: date),
                      assignment.allSatisfy({ Variants.value(at: $0.key[...], in: repaired) == $0.value }) else { continue }
                documents = render(repaired, validated: true)
            }
            if let documents {
                result = Produced(example: example.name, documents: documents)
                break
            }
        }
        produced[assignment] = .some(result)
        return result
    }

    /// Every document in ``languages`` for valid data; nil when the data is not valid for the
    /// schema or a document does not render.
    private func render(_ data: DataValue, validated: Bool) -> [String: Document]? {
        if !validated {
            let loaded = LoadedData(file: "variant", root: data, sourceMap: SourceMap())
            if SchemaValidator.validate(loaded, against: set.schema).containsErrors { return nil }
        }
        var documents: [String: Document] = [:]
        for kind in set.kinds {
            for language in languages {
                do throws(DiagnosticsError) {
                    documents["\(kind).\(language.rawValue)"] = try set.render(
                        kind, language: language, data: data, date: date, documentID: "review")
                } catch {
                    return nil
                }
            }
        }
        return documents
    }

    /// The variant matrix of clause `id` of document `kind` in `language`, over the data
    /// fields in `paths`.
    mutating func matrix(kind: String, language: Language, clause id: String, paths: Set<[String]>) -> VariantMatrix {
        matrixWithRows(kind: kind, language: language, clause: id, paths: paths).matrix
    }

    /// The matrix and, per group, the combinations (field values) that render it.
    mutating func matrixWithRows(
        kind: String, language: Language, clause id: String, paths: Set<[String]>
    ) -> (matrix: VariantMatrix, rows: [[[DataValue]]]) {
        let choices = Variants.fields(paths: paths, schema: set.schema)
        let presence = Self.presenceFields(paths: paths, schema: set.schema, examples: examples,
                                           excluding: Set(choices.map(\.path)))
        let fields = (choices + presence).sorted { $0.name < $1.name }
        let (variants, total, pairwise) = Variants.combinations(fields, bound: TemplateSetChecker.combinationBound)
        var groups: [VariantMatrix.Group] = []
        var index: [Section?: Int] = [:]
        var rows: [[[DataValue]]] = []
        var unproducible: [[DataValue]] = []
        for variant in variants {
            var assignment: [[String]: DataValue] = [:]
            for (field, value) in zip(fields, variant.values) { assignment[field.path] = value }
            guard let produced = documents(for: assignment),
                  let document = produced.documents["\(kind).\(language.rawValue)"] else {
                unproducible.append(variant.values)
                continue
            }
            let section = Self.section(id, in: document)
            let g: Int
            if let existing = index[section] {
                g = existing
            } else {
                g = groups.count
                index[section] = g
                groups.append(VariantMatrix.Group(section: section, terms: [], combinations: 0, examples: []))
                rows.append([])
            }
            groups[g].combinations += 1
            if !groups[g].examples.contains(produced.example) { groups[g].examples.append(produced.example) }
            rows[g].append(variant.values)
        }
        // Combinations no example can carry are not taken as either text: a trigger shows
        // only what was rendered.
        for g in groups.indices {
            groups[g].terms = Self.compress(rows[g], fields: fields, dontCare: [])
        }
        // Groups where the clause is absent come last.
        let order = groups.indices.filter { groups[$0].section != nil } + groups.indices.filter { groups[$0].section == nil }
        let matrix = VariantMatrix(fields: fields, presence: Set(presence.map(\.name)), groups: order.map { groups[$0] },
                                   combinations: total,
                                   pairwise: pairwise, unproducible: Self.compress(unproducible, fields: fields, dontCare: []),
                                   unproducibleCount: unproducible.count)
        return (matrix, order.map { rows[$0] })
    }

    /// The fields that conditions test for presence rather than for a value (texts, lists,
    /// objects): given, with the value of the first example that has one (a text no example
    /// has is given as `[path]`), or not given (absent; an empty list where one is required).
    static func presenceFields(
        paths: Set<[String]>, schema: JSONSchema, examples: [(name: String, data: DataValue)], excluding: Set<[String]>
    ) -> [VariantField] {
        var fields: [VariantField] = []
        for path in paths where !excluding.contains(path) {
            guard let node = schema.root.node(atPath: path), node.enumValues == nil, node.types != ["boolean"],
                  let last = path.last else { continue }
            let required = schema.root.node(atPath: Array(path.dropLast()))?.requiredNames.contains(last) ?? false
            let empty: DataValue
            if !required {
                empty = .null
            } else if node.isArray {
                empty = .array([])
            } else {
                continue
            }
            var given = examples.lazy.map { Variants.value(at: path[...], in: $0.data) }.first { $0.isTruthy }
            if given == nil, node.types == ["string"] { given = .string("[" + path.joined(separator: ".") + "]") }
            guard let given else { continue }
            fields.append(VariantField(path: path, values: [given, empty]))
        }
        return fields
    }

    /// The clause or annex `id` of a rendered document, if it is there.
    static func section(_ id: String, in document: Document) -> Section? {
        for block in document.blocks {
            switch block {
            case .clause(let s) where s.id == id, .annex(let s) where s.id == id: return s
            default: continue
            }
        }
        return nil
    }

    /// Merges combinations that differ in one field only and together take every value of
    /// it (counting combinations no data can produce as either) into one term without that
    /// field, until nothing merges.
    static func compress(_ rows: [[DataValue]], fields: [VariantField], dontCare: Set<[DataValue]>) -> [[DataValue?]] {
        var terms: [[DataValue?]] = []
        for row in rows where !terms.contains(row.map(Optional.some)) { terms.append(row.map(Optional.some)) }
        func isDontCare(_ term: [DataValue?]) -> Bool {
            var expanded: [[DataValue]] = [[]]
            for (f, value) in term.enumerated() {
                let choices = value.map { [$0] } ?? fields[f].values
                expanded = expanded.flatMap { prefix in choices.map { prefix + [$0] } }
                if expanded.count > 4096 { return false }
            }
            return expanded.allSatisfy(dontCare.contains)
        }
        var merged = true
        while merged {
            merged = false
            for f in fields.indices {
                var buckets: [[DataValue?]: [DataValue]] = [:]
                var order: [[DataValue?]] = []
                for term in terms {
                    guard let value = term[f] else { continue }
                    var rest = term
                    rest[f] = nil
                    if buckets[rest] == nil { order.append(rest) }
                    buckets[rest, default: []].append(value)
                }
                for rest in order {
                    let values = buckets[rest]!
                    let complete = fields[f].values.allSatisfy { value in
                        values.contains(value) || {
                            var t = rest
                            t[f] = value
                            return isDontCare(t)
                        }()
                    }
                    guard complete else { continue }
                    terms.removeAll { term in
                        guard let v = term[f] else { return false }
                        var r = term
                        r[f] = nil
                        return r == rest && values.contains(v)
                    }
                    if !terms.contains(rest) { terms.append(rest) }
                    merged = true
                }
            }
        }
        return terms
    }
}
