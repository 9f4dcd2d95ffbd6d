import Foundation

/// Turns a loaded schema file into a ``SchemaStore``, collecting every problem as `AVV210`.
struct SchemaParser {
    static let typeNames = ["string", "integer", "number", "boolean", "null", "object", "array"]

    /// Keywords that constrain values; beside `$ref` they would be silently lost, so refused.
    static let constraintKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "enum", "const", "pattern",
        "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "items", "minItems", "maxItems", "uniqueItems", "contains",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    ]

    /// JSON Schema validation keywords avv does not implement: refused, never ignored.
    static let unsupportedKeywords: Set<String> = [
        "dependentSchemas", "dependentRequired", "dependencies", "prefixItems", "minContains",
        "maxContains", "patternProperties", "propertyNames", "minProperties", "maxProperties",
        "unevaluatedProperties", "unevaluatedItems", "multipleOf", "$dynamicRef", "$recursiveRef",
    ]

    private let data: LoadedData
    private var nodes: [SchemaRules] = []
    private var diagnostics: [Diagnostic] = []
    private var definitions: [String: Int] = [:]

    private init(data: LoadedData) { self.data = data }

    static func parse(_ data: LoadedData) throws(DiagnosticsError) -> JSONSchema {
        var parser = SchemaParser(data: data)
        let root = parser.node(data.root, path: "")
        parser.resolveReferences()
        parser.refuseInPlaceCycles()
        if !parser.diagnostics.isEmpty {
            var unique: [Diagnostic] = []
            for diagnostic in parser.diagnostics where !unique.contains(diagnostic) { unique.append(diagnostic) }
            throw DiagnosticsError(unique.inDocumentOrder())
        }
        return JSONSchema(store: SchemaStore(file: data.file, nodes: parser.nodes, root: root))
    }

    // MARK: Nodes

    private mutating func node(_ value: DataValue, path: String) -> Int {
        let index = nodes.count
        var rules = SchemaRules(location: location(path))
        nodes.append(rules)
        switch value {
        case .bool(let accepts):
            rules.rejectsAll = !accepts
        case .object(let members):
            let keys = data.sourceMap.entry(path)?.keys ?? members.keys.sorted()
            for key in keys {
                if let member = members[key] {
                    keyword(key, member, path: FieldPath.join(path, key), into: &rules)
                }
            }
            if rules.ref != nil, let extra = keys.first(where: Self.constraintKeywords.contains) {
                error("'\(extra)' beside '$ref' is not supported; put it into the definition",
                      keyAt: FieldPath.join(path, extra))
            }
            // Without `if` they would be ignored, and the schema would check less than it says.
            for branch in ["then", "else"] where members[branch] != nil && members["if"] == nil {
                error("'\(branch)' without 'if' has no effect; add the 'if' it belongs to",
                      keyAt: FieldPath.join(path, branch))
            }
            rules.keywords = Set(members.keys).intersection(Self.constraintKeywords)
        default:
            error("a schema must be an object or true/false, found \(Self.describe(value))", at: path)
        }
        nodes[index] = rules
        return index
    }

    private mutating func keyword(_ key: String, _ value: DataValue, path: String, into rules: inout SchemaRules) {
        switch key {
        case "type":
            let names: [String]
            switch value {
            case .string(let name): names = [name]
            case .array(let items) where !items.isEmpty:
                names = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
                if names.count != items.count {
                    return error("'type' must be a type name or a list of type names", at: path)
                }
            default:
                return error("'type' must be a type name or a list of type names", at: path)
            }
            for name in names where !Self.typeNames.contains(name) {
                let hint = Suggestion.didYouMean(name, in: Self.typeNames)
                error("unknown type '\(name)'" + (hint.isEmpty
                    ? "; expected one of " + Self.typeNames.map { "'\($0)'" }.joined(separator: ", ") : hint), at: path)
            }
            rules.types = names.filter(Self.typeNames.contains)
        case "title":
            rules.title = string(value, key, path)
        case "description":
            rules.description = string(value, key, path)
        case "format":
            rules.format = string(value, key, path)
        case "enum":
            guard case .array(let values) = value, !values.isEmpty else {
                return error("'enum' must be a list of at least one value", at: path)
            }
            rules.enumValues = values
        case "const":
            rules.enumValues = [value]
            rules.isConst = true
        case "default":
            rules.defaultValue = value
        case "properties":
            guard case .object(let members) = value else {
                return error("'properties' must be an object of schemas", at: path)
            }
            let names = data.sourceMap.entry(path)?.keys ?? members.keys.sorted()
            for name in names {
                guard let member = members[name] else { continue }
                rules.properties[name] = node(member, path: FieldPath.join(path, name))
                rules.propertyNames.append(name)
            }
        case "required":
            guard case .array(let items) = value else {
                return error("'required' must be a list of property names", at: path)
            }
            for (offset, item) in items.enumerated() {
                guard case .string(let name) = item else {
                    error("'required' must be a list of property names", at: FieldPath.join(path, index: offset))
                    continue
                }
                if !rules.required.contains(name) { rules.required.append(name) }
            }
        case "additionalProperties":
            switch value {
            case .bool(true): rules.additional = .allowed
            case .bool(false): rules.additional = .forbidden
            default: rules.additional = .schema(node(value, path: path))
            }
        case "allOf", "anyOf", "oneOf":
            guard case .array(let members) = value, !members.isEmpty else {
                return error("'\(key)' must be a list of at least one schema", at: path)
            }
            let children = members.indices.map { node(members[$0], path: FieldPath.join(path, index: $0)) }
            switch key {
            case "allOf": rules.allOf = children
            case "anyOf": rules.anyOf = children
            default: rules.oneOf = children
            }
        case "not": rules.not = subschema(value, key, path)
        case "if": rules.condition = subschema(value, key, path)
        case "then": rules.then = subschema(value, key, path)
        case "else": rules.otherwise = subschema(value, key, path)
        case "contains": rules.contains = subschema(value, key, path)
        case "uniqueItems":
            guard case .bool(let unique) = value else {
                return error("'uniqueItems' must be true or false, found \(Self.describe(value))", at: path)
            }
            rules.uniqueItems = unique
        case "items":
            if case .array = value {
                return error("'items' must be one schema (a list of schemas is 'prefixItems', which avv does not support)",
                             at: path)
            }
            rules.items = node(value, path: path)
        case "pattern":
            guard let source = string(value, key, path) else { return }
            do {
                rules.pattern = SchemaRules.Pattern(source: source, regex: try NSRegularExpression(pattern: source))
            } catch {
                self.error("'pattern' is not a valid regular expression: '\(source)'", at: path)
            }
        case "minLength": rules.minLength = count(value, key, path)
        case "maxLength": rules.maxLength = count(value, key, path)
        case "minItems": rules.minItems = count(value, key, path)
        case "maxItems": rules.maxItems = count(value, key, path)
        case "minimum": rules.minimum = number(value, key, path)
        case "maximum": rules.maximum = number(value, key, path)
        case "exclusiveMinimum": rules.exclusiveMinimum = number(value, key, path)
        case "exclusiveMaximum": rules.exclusiveMaximum = number(value, key, path)
        case "$ref":
            rules.ref = string(value, key, path)
        case "$defs", "definitions":
            guard case .object(let members) = value else {
                return error("'\(key)' must be an object of schemas", at: path)
            }
            let names = data.sourceMap.entry(path)?.keys ?? members.keys.sorted()
            for name in names {
                guard let member = members[name] else { continue }
                let child = node(member, path: FieldPath.join(path, name))
                // Only the top level's definitions can be named by "#/$defs/NAME".
                if path == key { definitions["#/\(key)/\(name)"] = child }
            }
        default:
            if key.hasPrefix("x-"), case .string(let text) = value { rules.annotations[key] = text }
            if Self.unsupportedKeywords.contains(key) {
                error("'\(key)' is not supported by avv; the schema would check less than it says", keyAt: path)
            }
        }
    }

    // MARK: References

    private mutating func resolveReferences() {
        var resolved = nodes
        for index in nodes.indices where nodes[index].ref != nil {
            guard let target = finalTarget(of: index) else { continue }
            var rules = nodes[target]
            rules.refLocation = nodes[index].location
            rules.title = nodes[index].title ?? rules.title
            rules.description = nodes[index].description ?? rules.description
            rules.defaultValue = nodes[index].defaultValue ?? rules.defaultValue
            rules.annotations.merge(nodes[index].annotations) { _, beside in beside }
            resolved[index] = rules
        }
        nodes = resolved
    }

    /// Refuses a `$ref` that leads back to a schema applying to the same value (`allOf`, `not`,
    /// `if` … all the way round, never stepping into a property or item): checking would never end.
    private mutating func refuseInPlaceCycles() {
        var done = [Bool](repeating: false, count: nodes.count)
        var stack: [Int] = []
        for index in nodes.indices where !done[index] {
            visitInPlace(index, &stack, &done)
        }
    }

    private mutating func visitInPlace(_ index: Int, _ stack: inout [Int], _ done: inout [Bool]) {
        stack.append(index)
        for child in nodes[index].inPlace where !done[child] {
            if let start = stack.firstIndex(of: child) {
                // A loop of nodes needs a `$ref` to close it; name that one.
                let loop = stack[start...]
                let closing = loop.first { nodes[$0].refLocation != nil } ?? child
                let at = nodes[closing].refLocation ?? nodes[closing].location
                error("'$ref' leads back to a schema for the same value without stepping into a field; "
                      + "checking would never end", location: at)
            } else {
                visitInPlace(child, &stack, &done)
            }
        }
        stack.removeLast()
        done[index] = true
    }

    /// The node a chain of `$ref`s ends at; nil (with an error) for a missing target or a cycle.
    private mutating func finalTarget(of index: Int) -> Int? {
        var seen: Set<Int> = []
        var current = index
        while let ref = nodes[current].ref {
            let at = nodes[current].location
            guard seen.insert(current).inserted else {
                error("'$ref' '\(ref)' leads in a circle and never reaches a schema", location: at)
                return nil
            }
            guard let target = lookUp(ref, from: at) else { return nil }
            current = target
        }
        return current
    }

    private mutating func lookUp(_ ref: String, from location: SourceLocation) -> Int? {
        if ref == "#" { return 0 }
        let decoded = (ref.removingPercentEncoding ?? ref)
            .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        guard decoded.hasPrefix("#/$defs/") || decoded.hasPrefix("#/definitions/") else {
            error("'$ref' '\(ref)' is not supported; write '#/$defs/NAME'", location: location)
            return nil
        }
        if let target = definitions[decoded] { return target }
        error("'$ref' names '\(ref)', which is not defined\(Suggestion.didYouMean(decoded, in: definitions.keys.sorted()))",
              location: location)
        return nil
    }

    // MARK: Values

    private mutating func string(_ value: DataValue, _ key: String, _ path: String) -> String? {
        if case .string(let s) = value { return s }
        error("'\(key)' must be a string, found \(Self.describe(value))", at: path)
        return nil
    }

    /// A schema-valued keyword (`not`, `if` …): an object or `true`/`false`.
    private mutating func subschema(_ value: DataValue, _ key: String, _ path: String) -> Int? {
        switch value {
        case .object, .bool: return node(value, path: path)
        default:
            error("'\(key)' must be a schema (an object or true/false), found \(Self.describe(value))", at: path)
            return nil
        }
    }

    private mutating func count(_ value: DataValue, _ key: String, _ path: String) -> Int? {
        switch value {
        case .integer(let i) where i >= 0: return i
        case .number(let d) where d >= 0 && d == d.rounded() && d < 1e15: return Int(d)
        default:
            error("'\(key)' must be a whole number of at least 0, found \(Self.describe(value))", at: path)
            return nil
        }
    }

    private mutating func number(_ value: DataValue, _ key: String, _ path: String) -> DataValue? {
        switch value {
        case .integer, .number: return value
        default:
            error("'\(key)' must be a number, found \(Self.describe(value))", at: path)
            return nil
        }
    }

    static func describe(_ value: DataValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        case .string(let s): "'\(s)'"
        case .array: "a list"
        case .object: "an object"
        }
    }

    // MARK: Diagnostics

    private func location(_ path: String) -> SourceLocation {
        data.sourceMap.location(of: path) ?? SourceLocation(file: data.file, line: 1, column: 1)
    }

    private mutating func error(_ message: String, at path: String) {
        let length = data.sourceMap.entry(path)?.valueLength ?? 1
        diagnostics.append(Diagnostic(.error, .schemaInvalid, message, at: location(path), length: length,
                                      fieldPath: path))
    }

    private mutating func error(_ message: String, keyAt path: String) {
        let entry = data.sourceMap.entry(path)
        diagnostics.append(Diagnostic(.error, .schemaInvalid, message, at: entry?.key ?? location(path),
                                      length: entry?.keyLength ?? 1, fieldPath: path))
    }

    private mutating func error(_ message: String, location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, .schemaInvalid, message, at: location))
    }
}
