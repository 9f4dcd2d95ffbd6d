/// A data path as the form uses it for field names: `controller.address.city`,
/// `processor.subprocessors[0].name` — the same spelling as a diagnostic's `fieldPath`, so an
/// error maps back to its field by string comparison.
struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Most steps a submitted name may have; the schema is far shallower.
    static let maxDepth = 16
    /// Largest list index accepted in a submitted name (a list row).
    static let maxIndex = 999
    /// The index of the template row the script copies: written `[__i__]` and `-__i__`.
    static let placeholderIndex = -1

    var steps: [Step]

    init(_ steps: [Step] = []) { self.steps = steps }

    /// Parses a field name; nil for anything that is not a well-formed path within the limits.
    init?(parsing name: String) {
        var steps: [Step] = []
        var key = ""
        var chars = name.makeIterator()
        var expectKey = true
        while let c = chars.next() {
            switch c {
            case ".":
                if expectKey {
                    guard !key.isEmpty else { return nil }
                    steps.append(.key(key))
                    key = ""
                }
                expectKey = true
            case "[":
                if expectKey {
                    guard !key.isEmpty else { return nil }
                    steps.append(.key(key))
                    key = ""
                }
                var digits = ""
                var closed = false
                while let d = chars.next() {
                    if d == "]" { closed = true; break }
                    digits.append(d)
                }
                guard closed, !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCII),
                      let index = Int(digits), index >= 0, index <= Self.maxIndex else { return nil }
                steps.append(.index(index))
                expectKey = false
            case "]":
                return nil
            default:
                guard expectKey else { return nil }
                key.append(c)
            }
            if steps.count > Self.maxDepth { return nil }
        }
        if expectKey {
            guard !key.isEmpty else { return nil }
            steps.append(.key(key))
        }
        guard !steps.isEmpty, steps.count <= Self.maxDepth else { return nil }
        self.steps = steps
    }

    var isEmpty: Bool { steps.isEmpty }

    func appending(_ key: String) -> FieldPath { FieldPath(steps + [.key(key)]) }
    func appending(index: Int) -> FieldPath { FieldPath(steps + [.index(index)]) }

    var parent: FieldPath? { steps.isEmpty ? nil : FieldPath(Array(steps.dropLast())) }

    func hasPrefix(_ other: FieldPath) -> Bool { steps.starts(with: other.steps) }

    /// `controller.address.city`, `processor.subprocessors[0].name`.
    var description: String {
        var out = ""
        for step in steps {
            switch step {
            case .key(let key): out += out.isEmpty ? key : "." + key
            case .index(let index): out += index < 0 ? "[__i__]" : "[\(index)]"
            }
        }
        return out
    }

    /// An HTML id fragment: `controller-address-city`, `processor-subprocessors-0-name`
    /// (no `.` or brackets, so that `#…` links need no escaping).
    var identifier: String {
        steps.map { step -> String in
            switch step {
            case .key(let key): key
            case .index(let index): index < 0 ? "__i__" : String(index)
            }
        }.joined(separator: "-")
    }
}
