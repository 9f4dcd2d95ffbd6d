/// How schema rules read in validation messages: what a subschema expects, in short, and why
/// an `if` made its `then` or `else` apply.
///
/// Only the shapes that read naturally are worded; everything else gets `nil`, and the
/// message falls back to its plain form.
struct SchemaWording {
    let store: SchemaStore

    /// Whether `value` at `path` is valid against a node, without diagnostics.
    typealias Accepts = (_ value: DataValue, _ index: Int, _ path: String) -> Bool

    // MARK: What a subschema expects

    /// A short noun phrase, e.g. "a string matching '^[0-9]{5}$'", "an object with 'purpose'",
    /// "one of 'b2b', 'b2c'"; nested subschemas are worded two levels deep.
    func expectation(_ index: Int, depth: Int = 0) -> String {
        let rules = store.nodes[index]
        if rules.rejectsAll { return "nothing" }
        let keywords = rules.keywords
        var noun: String
        if let values = rules.enumValues {
            noun = rules.isConst ? ValueWording.literal(values[0]) : "one of " + Self.list(values)
        } else if !rules.types.isEmpty {
            noun = ValueWording.expected(rules.types)
        } else if !keywords.isDisjoint(with: ["pattern", "format", "minLength", "maxLength"]) {
            noun = "a string"
        } else if !keywords.isDisjoint(with: ["properties", "required", "additionalProperties"]) {
            noun = "an object"
        } else if !keywords.isDisjoint(with: ["items", "minItems", "maxItems", "uniqueItems", "contains"]) {
            noun = "a list"
        } else if !keywords.isDisjoint(with: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
            noun = "a number"
        } else {
            noun = ""
        }

        var parts: [String] = []
        if let pattern = rules.pattern { parts.append("matching '\(pattern.source)'") }
        switch rules.format {
        case "date": parts.append("in the form YYYY-MM-DD")
        case "email": parts.append("that is an e-mail address")
        default: break
        }
        if let min = rules.minLength { parts.append("of at least \(ValueWording.count(min, "character"))") }
        if let max = rules.maxLength { parts.append("of at most \(ValueWording.count(max, "character"))") }
        let bounds: [(DataValue?, String)] = [
            (rules.minimum, "at least"), (rules.maximum, "at most"),
            (rules.exclusiveMinimum, "more than"), (rules.exclusiveMaximum, "less than"),
        ]
        for case let (bound?, wording) in bounds { parts.append("\(wording) \(ValueWording.literal(bound))") }
        if !rules.required.isEmpty {
            parts.append("with " + Self.names(rules.required))
        }
        if let min = rules.minItems { parts.append("with at least \(ValueWording.count(min, "item"))") }
        if let max = rules.maxItems { parts.append("with at most \(ValueWording.count(max, "item"))") }
        if rules.uniqueItems { parts.append("without duplicates") }
        if depth < 2 {
            for name in rules.propertyNames.prefix(2) {
                guard let child = rules.properties[name], !store.nodes[child].keywords.isEmpty else { continue }
                parts.append("whose \(name) is \(expectation(child, depth: depth + 1))")
            }
            if let items = rules.items, !store.nodes[items].keywords.isEmpty {
                parts.append("with each item \(expectation(items, depth: depth + 1))")
            }
            if let contains = rules.contains {
                parts.append("with an item that is \(expectation(contains, depth: depth + 1))")
            }
            if let not = rules.not { parts.append("that is not \(expectation(not, depth: depth + 1))") }
            if let all = rules.allOf {
                parts.append("that is " + all.map { expectation($0, depth: depth + 1) }.joined(separator: " and "))
            }
            if let any = rules.anyOf {
                parts.append("that is either " + any.map { expectation($0, depth: depth + 1) }.joined(separator: " or "))
            }
            if let one = rules.oneOf {
                parts.append("that is exactly one of "
                             + one.map { expectation($0, depth: depth + 1) }.joined(separator: " or "))
            }
        }
        if noun.isEmpty { noun = parts.isEmpty ? "any value" : "a value" }
        return parts.isEmpty ? noun : noun + " " + parts.joined(separator: ", ")
    }

    /// What a list of alternatives expects: "(1) a string or (2) null".
    func alternatives(_ indices: [Int]) -> String {
        let worded = indices.enumerated().map { "(\($0.offset + 1)) \(expectation($0.element))" }
        return Self.series(worded, "or")
    }

    // MARK: Why an `if` applied

    /// The facts about the data that made the `if` at `condition` hold (or fail), e.g.
    /// "controller.contract.kind is 'maintenance'"; nil where the `if` is not a condition on
    /// fields (see ``isCondition(_:depth:)``) or no field explains it.
    ///
    /// For a failed `if` only the parts that failed are named. A field that is absent satisfies
    /// a `properties` condition vacuously and is left out: saying "required because X is
    /// missing" would confuse more than it explains.
    func facts(_ condition: Int, _ value: DataValue, _ path: String, holds: Bool, accepts: Accepts) -> String? {
        guard isCondition(condition) else { return nil }
        var facts: [String] = []
        collectFacts(condition, value, path, holds: holds, accepts: accepts, into: &facts)
        return facts.isEmpty ? nil : facts.joined(separator: " and ")
    }

    private func collectFacts(_ index: Int, _ value: DataValue, _ path: String, holds: Bool, accepts: Accepts,
                              into facts: inout [String]) {
        guard case .object(let members) = value else { return }
        let rules = store.nodes[index]
        for name in rules.propertyNames {
            guard let member = members[name], let child = rules.properties[name] else { continue }
            let childPath = FieldPath.join(path, name)
            if !holds, accepts(member, child, childPath) { continue }
            if isLeaf(child) {
                facts.append("\(childPath) is \(ValueWording.literal(member))")
            } else {
                collectFacts(child, member, childPath, holds: holds, accepts: accepts, into: &facts)
            }
        }
        for name in rules.required {
            let namePath = FieldPath.join(path, name)
            if holds, members[name] != nil, rules.properties[name] == nil {
                facts.append("\(namePath) is given")
            } else if !holds, members[name] == nil {
                facts.append("\(namePath) is not given")
            }
        }
    }

    /// The `if` at `condition` in words, e.g. "processor.recording.enabled is true", or
    /// negated "… is not true"; nil unless it constrains exactly one field (at any depth).
    func conditionText(_ condition: Int, _ path: String, negated: Bool) -> String? {
        guard isCondition(condition) else { return nil }
        var rules = store.nodes[condition]
        var path = path
        for _ in 0..<Self.maxDepth {
            guard rules.propertyNames.count == 1, let name = rules.propertyNames.first,
                  let child = rules.properties[name], rules.required.allSatisfy({ $0 == name }) else { return nil }
            path = FieldPath.join(path, name)
            if isLeaf(child), let values = store.nodes[child].enumValues {
                if values.count == 1 {
                    return "\(path) is \(negated ? "not " : "")\(ValueWording.literal(values[0]))"
                }
                return "\(path) is \(negated ? "none" : "one") of \(Self.list(values))"
            }
            rules = store.nodes[child]
        }
        return nil
    }

    /// The fields a `not` forbids one by one: `not: {required: [X]}`, or `not: {anyOf:
    /// [{required: [X]}, {required: [Y]}]}`; nil for any other `not`.
    func forbiddenFields(_ index: Int) -> [String]? {
        let rules = store.nodes[index]
        guard rules.types.allSatisfy({ $0 == "object" }) else { return nil }
        switch rules.keywords.subtracting(["type"]) {
        case ["required"] where rules.required.count == 1:
            return rules.required
        case ["anyOf"]:
            var names: [String] = []
            for alternative in rules.anyOf ?? [] {
                guard let more = forbiddenFields(alternative) else { return nil }
                names += more.filter { !names.contains($0) }
            }
            return names
        default:
            return nil
        }
    }

    /// Whether a node reads as a condition on fields: only `properties` (each a `const`/`enum`,
    /// or again such a condition), `required` and `type: object`.
    private func isCondition(_ index: Int, depth: Int = 0) -> Bool {
        let rules = store.nodes[index]
        guard depth < Self.maxDepth, !rules.rejectsAll, !rules.keywords.isEmpty,
              rules.keywords.isSubset(of: ["properties", "required", "type"]),
              rules.types.allSatisfy({ $0 == "object" }) else { return false }
        return rules.propertyNames.allSatisfy { name in
            guard let child = rules.properties[name] else { return false }
            return isLeaf(child) || isCondition(child, depth: depth + 1)
        }
    }

    /// Whether a node is a `const` or `enum` (with at most a `type` beside it).
    private func isLeaf(_ index: Int) -> Bool {
        let rules = store.nodes[index]
        return rules.enumValues != nil && rules.keywords.isSubset(of: ["enum", "const", "type"])
    }

    /// How deep conditions are followed; recursive definitions would otherwise never end.
    private static let maxDepth = 8

    // MARK: Lists

    /// "'a', 'b', 'c'"; long lists are cut: "'AT', 'BE', 'BG', 'CY', … (30 values)".
    static func list(_ values: [DataValue]) -> String {
        let shown = values.count > 6 ? Array(values.prefix(4)) : values
        let text = shown.map(ValueWording.literal).joined(separator: ", ")
        return values.count > 6 ? text + ", … (\(values.count) values)" : text
    }

    /// "'a'", "'a' and 'b'", "'a', 'b' and 'c'".
    static func names(_ names: [String]) -> String { series(names.map { "'\($0)'" }, "and") }

    /// "x", "x or y", "x, y or z".
    static func series(_ items: [String], _ conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }
}
