/// Checks loaded data against a ``JSONSchema`` and says, for every problem, where it is and
/// what was expected.
///
/// All problems are collected, in document order. Each diagnostic has the value's position
/// (for a missing field the position of the object that lacks it, for an unknown field the
/// key's), a `fieldPath` and a `length` that underlines the value as written.
///
/// Subschemas that only decide something (an `if`, the alternatives of `anyOf` and `oneOf`,
/// a `not`, a `contains`) are evaluated silently: a yes/no walk that builds no messages and
/// stops at the first failure. Diagnostics found in a `then` or `else` say which values made
/// the `if` hold or fail. Identical diagnostics (say from two `allOf` branches) appear once.
public enum SchemaValidator {
    public static func validate(_ data: LoadedData, against schema: JSONSchema) -> [Diagnostic] {
        validate(data, against: schema, skipping: [])
    }

    /// ``validate(_:against:)``, except that the top-level fields named in `passed` are not
    /// walked against the top level's own `properties`: their values are known to pass them
    /// (``passingFields(of:against:)`` said so of the same values). Everything else about
    /// them is checked as ever: the top level's `required` and unknown fields, and any
    /// `allOf`, `if`/`then` and the like that reach into them (which may depend on other
    /// fields). A batch checks the provider's part of its base profile once this way, not
    /// once per customer.
    static func validate(_ data: LoadedData, against schema: JSONSchema, skipping passed: Set<String>) -> [Diagnostic] {
        let walker = Walker(map: data.sourceMap, store: schema.store)
        walker.passedFields = passed
        walker.check(data.root, schema.store.root, path: PendingPath(""))
        var seen: Set<Diagnostic> = []
        return walker.diagnostics.filter { seen.insert($0).inserted }.inDocumentOrder()
    }

    /// The top-level fields of `data` whose values pass the top level's `properties` for them
    /// without a diagnostic. What a field's value is checked against there depends on nothing
    /// but the value, so the answer holds for the same value in any other data.
    static func passingFields(of data: LoadedData, against schema: JSONSchema) -> Set<String> {
        guard case .object(let members) = data.root else { return [] }
        let store = schema.store
        let root = store.checks[store.root]
        guard root.keywords.contains(.properties) else { return [] }
        var passing: Set<String> = []
        for (key, child) in store.nodes[store.root].properties {
            guard let member = members.member(key) else { continue }
            let walker = Walker(map: data.sourceMap, store: store)
            walker.check(member, child, path: PendingPath("", key: key))
            if walker.diagnostics.isEmpty { passing.insert(key) }
        }
        return passing
    }

    /// The `then` or `else` being checked: the `if` it belongs to and the value that decided it.
    private struct Branch {
        var condition: Int
        var value: DataValue
        var path: PendingPath
        var holds: Bool
    }

    /// A field path put together only when something reads it: most values pass their
    /// checks, and a value that passes needs no path (only objects, for their keys' order
    /// in the source map, and lists, for their items' paths). A silent walk builds no
    /// messages and reads no paths; it passes `PendingPath("")` along.
    private struct PendingPath {
        var parent: String
        var key: String?
        /// A list item's index, or -1.
        var index = -1

        init(_ path: String) { parent = path }
        init(_ parent: String, key: String) { self.parent = parent; self.key = key }
        init(_ parent: String, index: Int) { self.parent = parent; self.index = index }

        var string: String {
            if let key { return FieldPath.join(parent, key) }
            return index >= 0 ? FieldPath.join(parent, index: index) : parent
        }
    }

    /// How a diagnostic inside a `then` or `else` gives its reason.
    private enum Reason { case plain, required, forbidden }

    /// One walk over the data. A class, so that messages can be built lazily (as autoclosures
    /// reading the walker) while the walker records them.
    ///
    /// Each value is checked against its node's ``SchemaCheck`` (plain bits, copied for free);
    /// the node's ``SchemaRules`` are read in place, a field at a time, only where the check
    /// says there is something to read.
    private final class Walker {
        let map: SourceMap
        let store: SchemaStore
        /// Only the verdict counts: no messages are built, and checking stops at the first failure.
        /// Set while ``accepts(_:_:_:)`` walks a subschema.
        private var silent = false
        var diagnostics: [Diagnostic] = []
        private var failed = false
        /// The innermost `then` or `else` being checked, whose `if` the diagnostics explain themselves by.
        private var branch: Branch?

        /// Top-level fields not to walk against the top level's own `properties`
        /// (``validate(_:against:skipping:)``).
        var passedFields: Set<String> = []

        init(map: SourceMap, store: SchemaStore) {
            self.map = map
            self.store = store
        }

        /// Whether a silent walk has failed, so nothing more needs checking.
        private var done: Bool { silent && failed }

        private var wording: SchemaWording { SchemaWording(store: store) }

        /// Whether `value` is valid against a node: the silent yes/no walk, by the same walker
        /// (which records nothing meanwhile and is as it was afterwards).
        /// A silent walk builds no messages and reads no paths, so `path` goes unused.
        func accepts(_ value: DataValue, _ index: Int, _ path: String) -> Bool {
            accepts(value, index)
        }

        private func accepts(_ value: DataValue, _ index: Int) -> Bool {
            let (outerSilent, outerFailed) = (silent, failed)
            silent = true
            failed = false
            check(value, index, path: PendingPath(""))
            let accepted = !failed
            (silent, failed) = (outerSilent, outerFailed)
            return accepted
        }

        func check(_ value: DataValue, _ index: Int, path: PendingPath) {
            let node = store.checks[index]
            if node.keywords.contains(.rejectsAll) {
                // `then: false`: the combination that made the `if` hold is what is not allowed.
                let because = silent ? "" : reason(.plain)
                return report(.notAllowedValue, path, because.isEmpty ? "no value is allowed here" : "not allowed",
                              reason: .plain)
            }
            if !node.types.isEmpty, node.types.isDisjoint(with: SchemaCheck.Types(of: value)) {
                return report(.wrongType, path, typeMessage(store.nodes[index].types, value, path.string))
            }
            if node.keywords.contains(.enumValues), let allowed = store.nodes[index].enumValues,
               !allowed.contains(where: { ValueWording.equal($0, value) }) {
                return report(.notAllowedValue, path,
                              enumMessage(allowed, isConst: store.nodes[index].isConst, value, path.string))
            }
            switch value {
            case .string(let string): checkString(string, node, index, path)
            case .integer, .number: if node.keywords.contains(.bounds) { checkNumber(value, index, path) }
            // A silent walk reads no paths: its members and items need none.
            case .array(let items): checkArray(items, node, silent ? "" : path.string)
            case .object(let members): checkObject(members, node, index, silent ? "" : path.string)
            case .null, .bool: break
            }
            if !done { checkApplicators(value, node, path) }
        }

        /// `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`: subschemas for the same value.
        private func checkApplicators(_ value: DataValue, _ node: SchemaCheck, _ path: PendingPath) {
            if let parts = node.allOf {
                for part in store.children[parts.range] {
                    check(value, part, path: path)
                    if done { return }
                }
            }
            if let alternatives = node.anyOf, !store.children[alternatives.range].contains(where: { accepts(value, $0) }) {
                report(.notAllowedValue, path, "none of the alternatives matched: expected "
                       + "\(wording.alternatives(Array(store.children[alternatives.range]))), found \(found(value, path.string))")
                if done { return }
            }
            if let oneOf = node.oneOf {
                let alternatives = store.children[oneOf.range]
                var matching: [Int] = []
                for (offset, alternative) in alternatives.enumerated() where accepts(value, alternative) {
                    matching.append(offset + 1)
                    if silent, matching.count > 1 { break }
                }
                if matching.isEmpty {
                    report(.notAllowedValue, path, "none of the alternatives matched: expected exactly one of "
                           + "\(wording.alternatives(Array(alternatives))), found \(found(value, path.string))")
                } else if matching.count > 1 {
                    report(.notAllowedValue, path, "more than one alternative matched "
                           + "(\(SchemaWording.series(matching.map(String.init), "and"))): expected exactly one of "
                           + wording.alternatives(Array(alternatives)))
                }
                if done { return }
            }
            if let not = node.not, accepts(value, not) {
                checkNot(value, not, path.string)
                if done { return }
            }
            if let condition = node.condition, node.then != nil || node.otherwise != nil {
                let holds = accepts(value, condition)
                if let chosen = holds ? node.then : node.otherwise {
                    let outer = branch
                    branch = Branch(condition: condition, value: value, path: path, holds: holds)
                    check(value, chosen, path: path)
                    branch = outer
                }
            }
        }

        /// A `not` whose subschema matched: forbidden fields each at their key, else what must not hold.
        private func checkNot(_ value: DataValue, _ not: Int, _ path: String) {
            if silent { return report(.notAllowedValue, path, "") }
            if case .object(let members) = value, let forbidden = wording.forbiddenFields(not) {
                let keys = map.entry(path)?.keys ?? members.keys.sorted()
                for key in keys where forbidden.contains(key) && members[key] != nil {
                    reportAtKey(.unknownField, FieldPath.join(path, key), "not allowed here", reason: .forbidden)
                }
            } else {
                report(.notAllowedValue, path, "must not be \(wording.expectation(not))")
            }
        }

        private func checkString(_ string: String, _ node: SchemaCheck, _ index: Int, _ path: PendingPath) {
            // A string has at most as many characters as UTF-8 bytes and at least a quarter as
            // many: they are counted only where the byte count cannot decide.
            let bytes = string.utf8.count
            let longEnough = node.minLength.map { bytes / 4 >= $0 } ?? true
            let shortEnough = node.maxLength.map { bytes <= $0 } ?? true
            if !longEnough || !shortEnough { checkLength(string, node, path) }
            if node.keywords.contains(.pattern), let pattern = store.nodes[index].pattern, !pattern.matches(string) {
                report(.patternMismatch, path,
                       "expected a string matching '\(pattern.source)', found \(ValueWording.quoted(string))")
            }
            if node.keywords.contains(.formatDate), !Formats.isDate(string) {
                report(.formatMismatch, path, "expected a date YYYY-MM-DD, found \(ValueWording.quoted(string))")
            } else if node.keywords.contains(.formatEmail), !Formats.isEmail(string) {
                report(.formatMismatch, path, "expected an e-mail address, found \(ValueWording.quoted(string))")
            }
        }

        /// `minLength` and `maxLength`, in Unicode scalars as JSON Schema counts.
        private func checkLength(_ string: String, _ node: SchemaCheck, _ path: PendingPath) {
            let length = string.unicodeScalars.count
            if let min = node.minLength, length < min {
                report(.lengthOutOfRange, path, "expected at least \(ValueWording.count(min, "character")), found \(length)")
            }
            if let max = node.maxLength, length > max {
                report(.lengthOutOfRange, path, "expected at most \(ValueWording.count(max, "character")), found \(length)")
            }
        }

        /// `minimum`, `maximum`, `exclusiveMinimum` and `exclusiveMaximum`, for a node that has one.
        private func checkNumber(_ value: DataValue, _ index: Int, _ path: PendingPath) {
            let bounds: [(DataValue?, String, (Int) -> Bool)] = [
                (store.nodes[index].minimum, "at least", { $0 >= 0 }),
                (store.nodes[index].maximum, "at most", { $0 <= 0 }),
                (store.nodes[index].exclusiveMinimum, "more than", { $0 > 0 }),
                (store.nodes[index].exclusiveMaximum, "less than", { $0 < 0 }),
            ]
            for case let (bound?, wording, holds) in bounds {
                if let order = ValueWording.compare(value, bound), !holds(order) {
                    report(.numberOutOfRange, path, "expected \(wording) \(ValueWording.literal(bound)), "
                           + "found \(map.entry(path.string)?.plainText ?? ValueWording.literal(value))")
                }
            }
        }

        private func checkArray(_ items: [DataValue], _ node: SchemaCheck, _ path: String) {
            if let min = node.minItems, items.count < min {
                report(.itemCount, path, "expected at least \(ValueWording.count(min, "item")), found \(items.count)")
            }
            if let max = node.maxItems, items.count > max {
                report(.itemCount, path, "expected at most \(ValueWording.count(max, "item")), found \(items.count)")
            }
            if done { return }
            if let itemRules = node.items {
                for (offset, item) in items.enumerated() {
                    check(item, itemRules, path: PendingPath(path, index: offset))
                    if done { return }
                }
            }
            checkItemsTogether(items, node, path)
        }

        /// `uniqueItems` (JSON equality: `1` equals `1.0`) at the second of two equal items, and `contains`.
        private func checkItemsTogether(_ items: [DataValue], _ node: SchemaCheck, _ path: String) {
            if node.keywords.contains(.uniqueItems) {
                for later in items.indices {
                    guard let first = items[..<later].firstIndex(where: { ValueWording.equal($0, items[later]) })
                    else { continue }
                    report(.notAllowedValue, FieldPath.join(path, index: later),
                           "expected every item only once, found \(ValueWording.literal(items[later])) "
                           + "as items \(first) and \(later)")
                    if done { return }
                }
            }
            if let contains = node.contains,
               !items.contains(where: { accepts($0, contains) }) {
                report(.itemCount, path, "expected at least one item that is \(wording.expectation(contains)), found none")
            }
        }

        private func checkObject(_ members: [String: DataValue], _ node: SchemaCheck, _ index: Int, _ path: String) {
            if node.keywords.contains(.required) {
                for name in store.nodes[index].required where members[name] == nil {
                    report(.missingField, path, "missing required field '\(name)'",
                           fieldPath: FieldPath.join(path, name), reason: .required)
                    if done { return }
                }
            }
            let properties = node.keywords.contains(.properties) ? store.nodes[index].properties : [:]
            if silent { return checkSilently(members, node, properties) }
            let keys = map.entry(path)?.keys ?? members.keys.sorted()
            for key in keys {
                guard let member = members.member(key) else { continue }
                let childPath = PendingPath(path, key: key)
                if done { return }
                if let child = properties.member(key) {
                    // Only the top-level value itself (a `$ref` to the root elsewhere walks others).
                    if index == store.root, path.isEmpty, !passedFields.isEmpty, passedFields.contains(key) { continue }
                    check(member, child, path: childPath)
                    continue
                }
                if let child = node.additional {
                    check(member, child, path: childPath)
                } else if node.keywords.contains(.forbidsAdditional) {
                    let names = store.nodes[index].propertyNames
                    reportAtKey(.unknownField, childPath.string, "unknown field" + Suggestion.unknownNameHint(key, in: names))
                }
            }
        }

        /// The members of an object for a silent walk: only the verdict counts, so the order is
        /// free, and unless other members are checked or forbidden, only the declared properties
        /// are looked at (an `if` usually names one or two of an object's many fields).
        private func checkSilently(_ members: [String: DataValue], _ node: SchemaCheck, _ properties: [String: Int]) {
            if node.additional == nil, !node.keywords.contains(.forbidsAdditional) {
                for (name, child) in properties {
                    guard let member = members[name] else { continue }
                    check(member, child, path: PendingPath(""))
                    if done { return }
                }
                return
            }
            for (key, member) in members {
                if let child = properties.member(key) ?? node.additional {
                    check(member, child, path: PendingPath(""))
                } else {
                    report(.unknownField, PendingPath(""), "")
                }
                if done { return }
            }
        }

        // MARK: Wording

        private func typeMessage(_ types: [String], _ value: DataValue, _ path: String) -> String {
            var message = "expected \(ValueWording.expected(types)), found \(found(value, path))"
            // `postcode: 01069` or `version: 1.10` read as numbers; quotes keep them as written.
            if types.contains("string"), let plain = map.entry(path)?.plainText,
               ["integer", "number", "boolean"].contains(value.typeName) {
                message += "; put it in quotes to keep it as text: \"\(plain)\""
            }
            return message
        }

        private func found(_ value: DataValue, _ path: String) -> String {
            let plain = map.entry(path)?.plainText
            switch value {
            case .null: return plain == "" ? "nothing" : "null"
            case .bool(let b): return "\(b)"
            case .integer, .number: return "the number \(plain ?? ValueWording.literal(value))"
            case .string(let s): return "a string \(ValueWording.quoted(s))"
            case .array(let items): return "a list of \(ValueWording.count(items.count, "item"))"
            case .object: return "an object"
            }
        }

        private func enumMessage(_ allowed: [DataValue], isConst: Bool, _ value: DataValue, _ path: String) -> String {
            let shown: String
            switch value {
            case .integer, .number: shown = map.entry(path)?.plainText ?? ValueWording.literal(value)
            default: shown = ValueWording.literal(value)
            }
            var message = isConst
                ? "expected \(ValueWording.literal(allowed[0])), found \(shown)"
                : "expected one of \(allowed.map(ValueWording.literal).joined(separator: ", ")), found \(shown)"
            if case .string(let string) = value {
                let candidates = allowed.compactMap { if case .string(let s) = $0 { s } else { nil } }
                if let match = Suggestion.closest(to: string, in: candidates) {
                    message += "; did you mean '\(match)'?"
                }
            }
            return message
        }

        // MARK: Reporting

        /// Records a problem at a path not yet put together (only if the walk is not silent).
        private func report(_ code: DiagnosticCode, _ path: PendingPath, _ message: @autoclosure () -> String,
                            fieldPath: String? = nil, reason kind: Reason = .plain) {
            failed = true
            if silent { return }
            report(code, path.string, message(), fieldPath: fieldPath, reason: kind)
        }

        /// Records a problem; a silent walk only notes that there is one and never builds the message.
        private func report(_ code: DiagnosticCode, _ path: String, _ message: @autoclosure () -> String,
                                     fieldPath: String? = nil, reason kind: Reason = .plain) {
            failed = true
            if silent { return }
            let entry = map.entry(path)
            let text = message() + reason(kind)
            diagnostics.append(Diagnostic(
                .error, code, path.isEmpty ? text : "\(path): \(text)",
                at: entry?.value, length: entry?.valueLength ?? 1, fieldPath: fieldPath ?? path))
        }

        private func reportAtKey(_ code: DiagnosticCode, _ path: String, _ message: @autoclosure () -> String,
                                          reason kind: Reason = .plain) {
            failed = true
            if silent { return }
            let entry = map.entry(path)
            diagnostics.append(Diagnostic(
                .error, code, "\(path): \(message())\(reason(kind))",
                at: entry?.key ?? entry?.value, length: entry?.keyLength ?? 1, fieldPath: path))
        }

        /// Why the current `then` or `else` applies, as a suffix: " (required because
        /// controller.contract.kind is 'maintenance')", " (only when … is not …; … is …)"; empty
        /// outside a branch or where the `if` cannot be put in words.
        private func reason(_ kind: Reason) -> String {
            guard let branch else { return "" }
            let facts = wording.facts(branch.condition, branch.value, branch.path.string, holds: branch.holds,
                                      accepts: accepts)
            switch kind {
            case .plain:
                return facts.map { " (because \($0))" } ?? ""
            case .required:
                return facts.map { " (required because \($0))" } ?? ""
            case .forbidden:
                // In `then` the field is allowed only where the `if` fails; in `else`, only where it holds.
                let allowedWhen = wording.conditionText(branch.condition, branch.path.string, negated: branch.holds)
                switch (allowedWhen, facts) {
                case let (when?, facts?): return " (only when \(when); \(facts))"
                case let (when?, nil): return " (only when \(when))"
                case let (nil, facts?): return " (because \(facts))"
                case (nil, nil): return ""
                }
            }
        }
    }
}
