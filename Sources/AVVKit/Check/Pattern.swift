import Foundation

/// A compiled evidence or wording pattern: a case-insensitive regular expression over
/// normalised text (lowercase, one space between words, no soft hyphens).
///
/// Before the regular expression runs, the pattern's ``Prefilter`` looks for the literals
/// every match must contain: most sentences lack them, and are rejected with a byte search
/// instead of a bridge to `NSRegularExpression` and a match attempt. Where the pattern is one
/// literal, the search is the answer (``Prefilter/isWholeLiteral``). The answers are the
/// regular expression's.
struct Pattern: Sendable {
    /// The source as written.
    var source: String { compiled.source }
    var prefilter: Prefilter { compiled.prefilter }
    /// Everything in one object: a copy of a pattern (the checker copies them while it walks
    /// a catalog's lists) is one reference count, not one per field.
    private let compiled: Compiled

    static let options: NSRegularExpression.Options = [.caseInsensitive, .useUnicodeWordBoundaries]

    /// The source, its prefilter and the regular expression, compiled when first needed. A
    /// class, so that copies of a pattern share one and it has an identity.
    private final class Compiled: @unchecked Sendable {
        let source: String
        let prefilter: Prefilter
        // `compiled` is only touched under `lock`; NSRegularExpression is immutable after
        // creation and safe to share.
        private let lock = NSLock()
        private var compiled: NSRegularExpression?

        init(_ source: String, _ prefilter: Prefilter, _ regex: NSRegularExpression?) {
            self.source = source
            self.prefilter = prefilter
            compiled = regex
        }

        var regex: NSRegularExpression {
            lock.lock()
            defer { lock.unlock() }
            if let compiled { return compiled }
            // Only sources the prefilter's reader understood wait until here, and those are
            // in a grammar ICU accepts (PrefilterTests): failing now is a broken invariant.
            guard let regex = try? NSRegularExpression(pattern: source, options: Pattern.options) else {
                preconditionFailure("the pattern '\(source)' was read as valid ICU syntax but does not compile")
            }
            compiled = regex
            return regex
        }
    }

    /// Reads the source; what the prefilter's reader does not fully understand is compiled
    /// at once (and throws if ICU rejects it), the rest when a text first gets past the
    /// prefilter. Most patterns never meet such a text in a process.
    init(_ source: String) throws {
        let prefilter = Prefilter(pattern: source)
        compiled = Compiled(
            source, prefilter,
            prefilter.understood ? nil : try NSRegularExpression(pattern: source, options: Self.options))
    }

    /// Identifies the compiled pattern (for ``SentenceMemo``).
    var identity: ObjectIdentifier { ObjectIdentifier(compiled) }

    private var regex: NSRegularExpression { compiled.regex }

    typealias Match = (match: String, groups: [String])

    func matches(_ text: String) -> Bool {
        matches(text, folded: compiled.prefilter.requiresSomething ? FoldedText(text) : FoldedText.unknown)
    }

    /// Whether the pattern matches `text`, whose folding (``FoldedText``) is given.
    func matches(_ text: String, folded: FoldedText) -> Bool {
        guard compiled.prefilter.admits(folded) else { return false }
        if compiled.prefilter.decides(folded) { return true }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The regular expression alone, without the prefilter (for tests of the prefilter).
    func regexMatches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first match and its capture groups.
    func firstMatch(_ text: String) -> Match? {
        firstMatch(text, folded: compiled.prefilter.requiresSomething ? FoldedText(text) : FoldedText.unknown)
    }

    /// The first match and its capture groups in `text`, whose folding is given.
    func firstMatch(_ text: String, folded: FoldedText) -> Match? {
        guard compiled.prefilter.admits(folded) else { return nil }
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
    ///
    /// `String.lowercased()` maps each scalar to its lower-case mapping; this does the same
    /// scalar by scalar into UTF-8 bytes, with ASCII read from a table.
    static func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var space = false
        func append(_ scalar: Unicode.Scalar) {
            if scalar == "\u{AD}" { return }
            let v = scalar.value
            if v < 0x80 ? asciiWhitespace[Int(v)] : scalar.properties.isWhitespace {
                if !space { out.append(0x20) }
                space = true
                return
            }
            space = false
            if v < 0x80 {
                out.append(UInt8(v))
            } else {
                out.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                append(Unicode.Scalar(asciiLower[Int(v)]))
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { append(lower) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII's lower-case mappings and white space, read off the scalar properties.
    private static let asciiLower: [UInt8] = (0..<128).map { v in
        UInt8(Unicode.Scalar(UInt8(v)).properties.lowercaseMapping.unicodeScalars.first!.value)
    }
    private static let asciiWhitespace: [Bool] = (0..<128).map { Unicode.Scalar(UInt8($0)).properties.isWhitespace }
}
