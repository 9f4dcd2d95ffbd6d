import Foundation

/// A compiled evidence or wording pattern: a case-insensitive regular expression over
/// normalised text (lowercase, one space between words, no soft hyphens).
struct Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and safe to share.
    let source: String
    private let regex: NSRegularExpression

    init(_ source: String) throws {
        self.source = source
        regex = try NSRegularExpression(pattern: source, options: [.caseInsensitive, .useUnicodeWordBoundaries])
    }

    /// Identifies the compiled pattern (for ``SentenceMemo``).
    var identity: ObjectIdentifier { ObjectIdentifier(regex) }

    typealias Match = (match: String, groups: [String])

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first match and its capture groups.
    func firstMatch(_ text: String) -> Match? {
        guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(m.range, in: text) else { return nil }
        var groups: [String] = []
        for i in 1..<max(1, m.numberOfRanges) {
            if let r = Range(m.range(at: i), in: text) { groups.append(String(text[r])) } else { groups.append("") }
        }
        return (String(text[range]), groups)
    }

    /// Text as patterns see it: lower case, soft hyphens removed, any run of white space
    /// (including no-break spaces) one space.
    static func normalize(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var space = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar == "\u{AD}" { continue }
            if scalar.properties.isWhitespace {
                if !space { out.unicodeScalars.append(" ") }
                space = true
            } else {
                out.unicodeScalars.append(scalar)
                space = false
            }
        }
        return out
    }
}
