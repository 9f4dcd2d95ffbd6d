/// Checks loaded data against a ``JSONSchema`` and says, for every problem, where it is and
/// what was expected.
///
/// All problems are collected, in document order. Each diagnostic has the value's position
/// (for a missing field the position of the object that lacks it, for an unknown field the
/// key's), a `fieldPath` and a `length` that underlines the value as written.
public enum SchemaValidator {
    public static func validate(_ data: LoadedData, against schema: JSONSchema) -> [Diagnostic] {
        var walker = Walker(map: data.sourceMap, file: data.file, store: schema.store)
        walker.check(data.root, schema.store.root, path: "")
        return walker.diagnostics.inDocumentOrder()
    }

    private struct Walker {
        let map: SourceMap
        let file: String
        let store: SchemaStore
        var diagnostics: [Diagnostic] = []

        mutating func check(_ value: DataValue, _ index: Int, path: String) {
            let rules = store.nodes[index]
            if rules.rejectsAll {
                return report(.notAllowedValue, path, "no value is allowed here")
            }
            if !rules.types.isEmpty, !rules.types.contains(where: { Self.value(value, hasType: $0) }) {
                var message = "expected \(ValueWording.expected(rules.types)), found \(found(value, path))"
                // `postcode: 01069` or `version: 1.10` read as numbers; quotes keep them as written.
                if rules.types.contains("string"), let plain = map.entry(path)?.plainText,
                   ["integer", "number", "boolean"].contains(value.typeName) {
                    message += "; put it in quotes to keep it as text: \"\(plain)\""
                }
                return report(.wrongType, path, message)
            }
            if let allowed = rules.enumValues, !allowed.contains(where: { ValueWording.equal($0, value) }) {
                return report(.notAllowedValue, path, enumMessage(allowed, isConst: rules.isConst, value, path))
            }
            switch value {
            case .string(let string): checkString(string, rules, path)
            case .integer, .number: checkNumber(value, rules, path)
            case .array(let items): checkArray(items, rules, path)
            case .object(let members): checkObject(members, rules, path)
            case .null, .bool: break
            }
        }

        private mutating func checkString(_ string: String, _ rules: SchemaRules, _ path: String) {
            let length = string.unicodeScalars.count
            if let min = rules.minLength, length < min {
                report(.lengthOutOfRange, path, "expected at least \(ValueWording.count(min, "character")), found \(length)")
            }
            if let max = rules.maxLength, length > max {
                report(.lengthOutOfRange, path, "expected at most \(ValueWording.count(max, "character")), found \(length)")
            }
            if let pattern = rules.pattern, !pattern.matches(string) {
                report(.patternMismatch, path,
                       "expected a string matching '\(pattern.source)', found \(ValueWording.quoted(string))")
            }
            switch rules.format {
            case "date" where !Formats.isDate(string):
                report(.formatMismatch, path, "expected a date YYYY-MM-DD, found \(ValueWording.quoted(string))")
            case "email" where !Formats.isEmail(string):
                report(.formatMismatch, path, "expected an e-mail address, found \(ValueWording.quoted(string))")
            default:
                break
            }
        }

        private mutating func checkNumber(_ value: DataValue, _ rules: SchemaRules, _ path: String) {
            let shown = map.entry(path)?.plainText ?? ValueWording.literal(value)
            let bounds: [(DataValue?, String, (Int) -> Bool)] = [
                (rules.minimum, "at least", { $0 >= 0 }),
                (rules.maximum, "at most", { $0 <= 0 }),
                (rules.exclusiveMinimum, "more than", { $0 > 0 }),
                (rules.exclusiveMaximum, "less than", { $0 < 0 }),
            ]
            for case let (bound?, wording, holds) in bounds {
                if let order = ValueWording.compare(value, bound), !holds(order) {
                    report(.numberOutOfRange, path, "expected \(wording) \(ValueWording.literal(bound)), found \(shown)")
                }
            }
        }

        private mutating func checkArray(_ items: [DataValue], _ rules: SchemaRules, _ path: String) {
            if let min = rules.minItems, items.count < min {
                report(.itemCount, path, "expected at least \(ValueWording.count(min, "item")), found \(items.count)")
            }
            if let max = rules.maxItems, items.count > max {
                report(.itemCount, path, "expected at most \(ValueWording.count(max, "item")), found \(items.count)")
            }
            if let itemRules = rules.items {
                for (offset, item) in items.enumerated() {
                    check(item, itemRules, path: FieldPath.join(path, index: offset))
                }
            }
        }

        private mutating func checkObject(_ members: [String: DataValue], _ rules: SchemaRules, _ path: String) {
            for name in rules.required where members[name] == nil {
                report(.missingField, path, "missing required field '\(name)'",
                       fieldPath: FieldPath.join(path, name))
            }
            let keys = map.entry(path)?.keys ?? members.keys.sorted()
            for key in keys {
                guard let member = members[key] else { continue }
                let childPath = FieldPath.join(path, key)
                if let child = rules.properties[key] {
                    check(member, child, path: childPath)
                    continue
                }
                switch rules.additional {
                case .allowed:
                    break
                case .schema(let child):
                    check(member, child, path: childPath)
                case .forbidden:
                    var message = "unknown field"
                    if let match = Suggestion.closest(to: key, in: rules.propertyNames) {
                        message += "; did you mean '\(match)'?"
                    } else if !rules.propertyNames.isEmpty, rules.propertyNames.count <= 12 {
                        message += "; expected one of " + rules.propertyNames.map { "'\($0)'" }.joined(separator: ", ")
                    }
                    reportAtKey(.unknownField, childPath, message)
                }
            }
        }

        // MARK: Wording

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

        private static func value(_ value: DataValue, hasType type: String) -> Bool {
            switch (type, value) {
            case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array),
                 ("object", .object), ("integer", .integer), ("number", .integer), ("number", .number):
                return true
            case ("integer", .number(let d)):
                return d.isFinite && d == d.rounded()
            default:
                return false
            }
        }

        private mutating func report(_ code: DiagnosticCode, _ path: String, _ message: String,
                                     fieldPath: String? = nil) {
            let entry = map.entry(path)
            diagnostics.append(Diagnostic(
                .error, code, path.isEmpty ? message : "\(path): \(message)",
                at: entry?.value, length: entry?.valueLength ?? 1, fieldPath: fieldPath ?? path))
        }

        private mutating func reportAtKey(_ code: DiagnosticCode, _ path: String, _ message: String) {
            let entry = map.entry(path)
            diagnostics.append(Diagnostic(
                .error, code, "\(path): \(message)",
                at: entry?.key ?? entry?.value, length: entry?.keyLength ?? 1, fieldPath: path))
        }
    }
}
