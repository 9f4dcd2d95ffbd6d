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
    /// scalar by scalar into UTF-8 bytes, with Latin-1 (ASCII and the umlauts) read from a
    /// table.
    @inline(never)  // a call per sentence; inlined, it made its callers too big to inline
    static func normalize(_ text: String) -> String {
        var text = text
        let bytes = text.withUTF8 { utf8 in
            var out = Normalized(capacity: utf8.count)
            let latin1 = Self.latin1
            var i = 0
            let count = utf8.count
            while i < count {
                let lead = utf8[i]
                let value = TextLayout.firstScalar(utf8, at: i)
                i += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let entry = value < 0x100 ? latin1[Int(value)] : Self.general
                if entry < 0x80 {
                    out.bytes.append(UInt8(truncatingIfNeeded: entry))
                    out.space = false
                } else if entry == Self.whiteSpace {
                    out.appendSpace()
                } else if entry < 0x100 {
                    out.bytes.append(UInt8(truncatingIfNeeded: 0xC0 | entry >> 6))
                    out.bytes.append(UInt8(truncatingIfNeeded: 0x80 | entry & 0x3F))
                    out.space = false
                } else if entry == Self.general {
                    for lower in Unicode.Scalar(value)!.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
                }
            }
            return out.bytes
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``normalize(_:)``'s output as it grows.
    private struct Normalized {
        var bytes: [UInt8] = []
        /// Whether the last thing written is a space.
        var space = false

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        mutating func appendSpace() {
            if !space { bytes.append(0x20) }
            space = true
        }

        /// A scalar of a lower-case mapping: dropped if a soft hyphen, a space if white.
        mutating func append(_ scalar: Unicode.Scalar) {
            if scalar == "\u{AD}" { return }
            if scalar.properties.isWhitespace { return appendSpace() }
            space = false
            bytes.append(contentsOf: UTF8.encode(scalar)!)
        }
    }

    /// For each Latin-1 scalar: its lower-case mapping when that is one Latin-1 scalar and no
    /// white space, ``whiteSpace``, ``dropped`` (the soft hyphen), or ``general`` (look it
    /// up). Read off the scalar properties.
    private static let latin1: [UInt16] = (0..<256).map { v in
        let scalar = Unicode.Scalar(UInt8(v))
        if scalar == "\u{AD}" { return dropped }
        let lower = Array(scalar.properties.lowercaseMapping.unicodeScalars)
        guard lower.count == 1, lower[0].value < 0x100 else { return general }
        if lower[0] == "\u{AD}" { return dropped }
        return lower[0].properties.isWhitespace ? whiteSpace : UInt16(lower[0].value)
    }
    private static let whiteSpace: UInt16 = 0x100
    private static let dropped: UInt16 = 0x101
    private static let general: UInt16 = 0x102
}
