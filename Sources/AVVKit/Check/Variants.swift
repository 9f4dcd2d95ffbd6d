/// The variants of customer data that the templates distinguish: every enum and boolean
/// field that an avv:if condition (or a catalog condition) tests, with its possible values.
public struct VariantField: Sendable, Hashable {
    public var path: [String]
    public var values: [DataValue]

    public var name: String { path.joined(separator: ".") }
}

/// One combination of values, one per field (in field order).
public struct Variant: Sendable, Hashable {
    public var values: [DataValue]

    /// `remote.priceModel = 'perMinute', remote.recording = true`
    public func describe(_ fields: [VariantField]) -> String {
        zip(fields, values).map { field, value in
            "\(field.name) = " + (value == .null ? "(absent)" : TemplateCompiler.literalText(value))
        }.joined(separator: ", ")
    }
}

public enum Variants {
    /// The fields to vary, sorted by path.
    static func fields(paths: Set<[String]>, schema: JSONSchema) -> [VariantField] {
        var fields: [VariantField] = []
        for path in paths.sorted(by: { $0.joined(separator: ".") < $1.joined(separator: ".") }) {
            guard let node = schema.root.node(atPath: path) else { continue }
            let parent = schema.root.node(atPath: Array(path.dropLast()))
            let required = parent?.requiredNames.contains(path.last!) ?? false
            if let values = node.enumValues, !values.isEmpty {
                fields.append(VariantField(path: path, values: values + (required ? [] : [.null])))
            } else if node.types == ["boolean"] {
                fields.append(VariantField(path: path, values: [.bool(true), .bool(false)]))
            }
        }
        return fields
    }

    /// Every combination while there are at most `bound`; beyond that a pairwise covering
    /// set (every pair of values of every two fields appears in some variant).
    static func combinations(_ fields: [VariantField], bound: Int) -> (variants: [Variant], total: Int, pairwise: Bool) {
        let total = fields.reduce(1) { product, field in
            let (p, overflow) = product.multipliedReportingOverflow(by: field.values.count)
            return overflow ? Int.max : p
        }
        if total <= bound {
            var variants: [Variant] = [Variant(values: [])]
            for field in fields {
                variants = variants.flatMap { v in field.values.map { Variant(values: v.values + [$0]) } }
            }
            return (variants, total, false)
        }
        return (pairwise(fields), total, true)
    }

    /// A greedy all-pairs covering set; deterministic.
    static func pairwise(_ fields: [VariantField]) -> [Variant] {
        struct Pair: Hashable { var i: Int, a: Int, j: Int, b: Int }
        var uncovered = Set<Pair>()
        for i in fields.indices {
            for j in fields.indices where j > i {
                for a in fields[i].values.indices {
                    for b in fields[j].values.indices { uncovered.insert(Pair(i: i, a: a, j: j, b: b)) }
                }
            }
        }
        var tests: [[Int]] = []
        while !uncovered.isEmpty {
            // Seed with the first uncovered pair in a fixed order.
            let seed = uncovered.min { ($0.i, $0.j, $0.a, $0.b) < ($1.i, $1.j, $1.a, $1.b) }!
            var test = [Int](repeating: -1, count: fields.count)
            test[seed.i] = seed.a
            test[seed.j] = seed.b
            for k in fields.indices where test[k] < 0 {
                var best = 0, bestGain = -1
                for value in fields[k].values.indices {
                    var gain = 0
                    for other in fields.indices where other != k && test[other] >= 0 {
                        let pair = other < k ? Pair(i: other, a: test[other], j: k, b: value)
                            : Pair(i: k, a: value, j: other, b: test[other])
                        if uncovered.contains(pair) { gain += 1 }
                    }
                    if gain > bestGain { best = value; bestGain = gain }
                }
                test[k] = best
            }
            for i in fields.indices {
                for j in fields.indices where j > i { uncovered.remove(Pair(i: i, a: test[i], j: j, b: test[j])) }
            }
            tests.append(test)
        }
        return tests.map { test in Variant(values: test.enumerated().map { fields[$0].values[$1] }) }
    }

    /// The variant's data built on `base`: where a field must change, its enclosing object
    /// is first taken from an example (a donor) that has the wanted value, so that the
    /// fields that go with it (a price for a price model, a purpose for a recording) come
    /// along; then every field is set to the variant's value.
    static func synthesize(_ variant: Variant, fields: [VariantField], base: DataValue, donors: [DataValue]) -> DataValue {
        var data = base
        for (field, wanted) in zip(fields, variant.values) where value(at: field.path[...], in: data) != wanted {
            guard field.path.count > 1,
                  let donor = donors.first(where: { value(at: field.path[...], in: $0) == wanted }) else { continue }
            let parent = field.path.dropLast()
            data = set(value(at: parent, in: donor), at: parent, in: data)
        }
        return apply(variant, fields: fields, to: data)
    }

    /// The value at a path; `.null` when absent.
    static func value(at path: ArraySlice<String>, in data: DataValue) -> DataValue {
        var current = data
        for segment in path {
            guard let next = current[segment] else { return .null }
            current = next
        }
        return current
    }

    /// `data` with the variant's values set (absent values removed; objects created).
    static func apply(_ variant: Variant, fields: [VariantField], to data: DataValue) -> DataValue {
        var data = data
        for (field, value) in zip(fields, variant.values) { data = set(value, at: field.path[...], in: data) }
        return data
    }

    static func set(_ value: DataValue, at path: ArraySlice<String>, in data: DataValue) -> DataValue {
        guard let key = path.first else { return value }
        var members: [String: DataValue] = [:]
        if case .object(let m) = data { members = m }
        if path.count == 1 {
            if value == .null { members[key] = nil } else { members[key] = value }
        } else {
            members[key] = set(value, at: path.dropFirst(), in: members[key] ?? .object([:]))
        }
        return .object(members)
    }
}
