/// What a text must contain for a pattern to have any chance of matching it: literal words
/// and fragments read off the pattern's source, checked with a byte search before the
/// regular expression runs.
///
/// A prefilter may let through text that the pattern does not match (the regular expression
/// decides), but it never rejects text that the pattern matches:
///
/// - Literals are read only from constructs whose meaning is certain: runs of plain
///   characters, escaped punctuation, groups, alternatives, quantifiers with a minimum of at
///   least one, and positive lookahead. Anything else (a class, `.`, `\w`, a negative
///   lookaround, an optional part) requires nothing; a construct the reader does not know
///   makes the whole pattern require nothing.
/// - Patterns match case-insensitively with ICU's full case folding (`ß` matches `ss`).
///   Text and literals are compared folded (``FoldedText``), and only for text made of
///   characters whose folding is known here (ASCII, Latin-1, general punctuation, currency
///   signs); any other character lets every pattern through to its regular expression.
struct Prefilter: Sendable {
    indirect enum Requirement: Sendable, Hashable {
        /// Any text may match.
        case nothing
        /// The folded text contains these bytes.
        case literal([UInt8])
        case all([Requirement])
        case any([Requirement])
    }

    let requirement: Requirement

    /// The requirement as searched: each literal with the byte pairs it contains.
    private let plan: Plan

    private struct Literal: Sendable {
        var bytes: [UInt8]
        /// Its byte pairs in ``FoldedText/pairs``: word index and the bits that must be set.
        var pairs: [(word: Int, bits: UInt64)]

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            var words = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &words) { raw in
                let words = raw.bindMemory(to: UInt64.self)
                for k in bytes.indices.dropFirst() {
                    let h = FoldedText.pairHash(bytes[k - 1], bytes[k])
                    words[h >> 6] |= 1 << UInt64(h & 63)
                }
            }
            pairs = withUnsafeBytes(of: words) { raw in
                raw.bindMemory(to: UInt64.self).enumerated().compactMap { $0.element == 0 ? nil : ($0.offset, $0.element) }
            }
        }
    }

    private indirect enum Plan: Sendable {
        case nothing
        case literal(Literal)
        case all([Plan])
        case any([Plan])

        init(_ requirement: Requirement) {
            switch requirement {
            case .nothing: self = .nothing
            case .literal(let bytes): self = .literal(Literal(bytes))
            case .all(let parts): self = .all(parts.map(Plan.init))
            case .any(let parts): self = .any(parts.map(Plan.init))
            }
        }
    }

    /// Whether the reader understood every construct of the source, in a grammar that ICU
    /// accepts: such a pattern may be compiled when first needed, without failing then.
    let understood: Bool

    /// Whether the pattern is one literal and nothing else (`gegenstand`, `§ 203`), or one
    /// followed by `\w*`, which matches wherever the literal does (`weisung\w*`): letters,
    /// digits, spaces and `§`, each folding to one character. Then the requirement is that
    /// literal, and it is the whole answer for text whose characters each fold to one
    /// character too (``FoldedText/foldsOneToOne``): ICU compares such text with the literal
    /// character by character, folded, as the byte search does.
    let isWholeLiteral: Bool

    init(requirement: Requirement, understood: Bool = false, isWholeLiteral: Bool = false) {
        self.requirement = requirement
        self.understood = understood
        self.isWholeLiteral = isWholeLiteral
        plan = Plan(requirement)
    }

    /// The prefilter of a pattern source (case-insensitive, no other options).
    init(pattern source: String) {
        let scalars = Array(source.unicodeScalars)
        var reader = Reader(scalars)
        if let requirement = try? reader.read() {
            self.init(requirement: requirement, understood: reader.strict,
                      isWholeLiteral: Self.isWholeLiteral(scalars, requirement))
        } else {
            self.init(requirement: .nothing, understood: false)
        }
    }

    private static func isWholeLiteral(_ source: [Unicode.Scalar], _ requirement: Requirement) -> Bool {
        var literal = source[...]
        if literal.count > 3, literal.suffix(3).elementsEqual(["\\", "w", "*"] as [Unicode.Scalar]) {
            literal = literal.dropLast(3)
        }
        guard !literal.isEmpty else { return false }
        var folded: [UInt8] = []
        for scalar in literal {
            let v = scalar.value
            let plain = (v < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || v == 0x20))
                || v == 0xA7 || (v >= 0xC0 && v <= 0xFF && v != 0xD7 && v != 0xF7 && v != 0xDF)
            guard plain, FoldedText.fold(scalar, into: &folded) else { return false }
        }
        return requirement == .literal(folded)
    }

    /// Whether text may match: false only when the pattern certainly does not match it.
    func admits(_ text: FoldedText) -> Bool {
        guard let folded = text.storage else { return true }
        return folded.bytes.withUnsafeBufferPointer { Self.holds(plan, in: $0, pairs: folded.pairs) }
    }

    /// Whether ``admits(_:)`` is the pattern's answer for `text` (``isWholeLiteral``): when it
    /// is, the regular expression need not run.
    func decides(_ text: FoldedText) -> Bool {
        isWholeLiteral && text.foldsOneToOne
    }

    /// Whether the requirement holds at all: patterns that require nothing skip the search.
    var requiresSomething: Bool { requirement != .nothing }

    private static func holds(_ plan: Plan, in text: UnsafeBufferPointer<UInt8>, pairs: [UInt64]) -> Bool {
        switch plan {
        case .nothing: return true
        case .literal(let literal):
            // A literal's byte pairs all occur in a text that contains it: a missing pair
            // rules it out without a search.
            for (word, bits) in literal.pairs where pairs[word] & bits != bits { return false }
            return contains(text, literal.bytes)
        case .all(let parts): return parts.allSatisfy { holds($0, in: text, pairs: pairs) }
        case .any(let parts): return parts.contains { holds($0, in: text, pairs: pairs) }
        }
    }

    /// Whether `literal` occurs in `text` (both UTF-8; a byte match is a character match).
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ literal: [UInt8]) -> Bool {
        let n = text.count, m = literal.count
        guard m > 0 else { return true }
        guard m <= n else { return false }
        return literal.withUnsafeBufferPointer { lit in
            let first = lit[0]
            var i = 0
            let last = n - m
            while i <= last {
                if text[i] == first {
                    var j = 1
                    while j < m, text[i + j] == lit[j] { j += 1 }
                    if j == m { return true }
                }
                i += 1
            }
            return false
        }
    }
}

/// Text folded for ``Prefilter``: UTF-8 with ICU's full case folding applied, or nil when
/// the text has a character whose folding is not known here.
struct FoldedText: Sendable {
    /// Both arrays in one object: sentences are copied often, and a copy retains one
    /// reference instead of two.
    fileprivate final class Storage: Sendable {
        let bytes: [UInt8]
        let pairs: [UInt64]
        let foldsOneToOne: Bool

        init(bytes: [UInt8], pairs: [UInt64], foldsOneToOne: Bool) {
            self.bytes = bytes
            self.pairs = pairs
            self.foldsOneToOne = foldsOneToOne
        }
    }

    fileprivate let storage: Storage?

    var bytes: [UInt8]? { storage?.bytes }
    /// The byte pairs of `bytes`, hashed into 512 bits (``pairHash(_:_:)``).
    var pairs: [UInt64] { storage?.pairs ?? [] }
    /// Whether the folding is known and each character folds to one character: no `ß`,
    /// which folds to `ss`.
    var foldsOneToOne: Bool { storage?.foldsOneToOne ?? false }

    static func pairHash(_ a: UInt8, _ b: UInt8) -> Int {
        Int(((UInt32(a) << 8 | UInt32(b)) &* 2_654_435_761) >> 23)
    }

    /// Text whose folding is not known: every pattern runs.
    static let unknown = FoldedText(bytes: nil)

    private init(bytes: [UInt8]?) {
        storage = nil
    }

    init(_ text: String) {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var oneToOne = true
        for scalar in text.unicodeScalars {
            guard Self.fold(scalar, into: &out) else {
                storage = nil
                return
            }
            if scalar.value == 0xDF { oneToOne = false }
        }
        var pairs = [UInt64](repeating: 0, count: 8)
        for k in out.indices.dropFirst() {
            let h = Self.pairHash(out[k - 1], out[k])
            pairs[h >> 6] |= 1 << UInt64(h & 63)
        }
        storage = Storage(bytes: out, pairs: pairs, foldsOneToOne: oneToOne)
    }

    /// Appends the folding of `scalar`; false when it is not known here.
    ///
    /// ICU's full case folding (CaseFolding.txt, status C and F) in these blocks: ASCII
    /// capitals fold to small letters, Latin-1 capitals (U+00C0–U+00DE but ×) to their small
    /// letters, `ß` to `ss`, `µ` to Greek mu (left out: not known here); every other
    /// character of these blocks folds to itself, and nothing outside them folds into them
    /// without being outside them itself.
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar, into out: inout [UInt8]) -> Bool {
        let v = scalar.value
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v))
            return true
        }
        if v < 0x100 {
            if v == 0xB5 { return false }
            if v == 0xDF {
                out.append(0x73)
                out.append(0x73)
                return true
            }
            let folded = v >= 0xC0 && v <= 0xDE && v != 0xD7 ? v + 0x20 : v
            out.append(UInt8(0xC0 | (folded >> 6)))
            out.append(UInt8(0x80 | (folded & 0x3F)))
            return true
        }
        // General punctuation (dashes, quotes, …) and currency signs: no case.
        if (v >= 0x2000 && v <= 0x206F) || (v >= 0x20A0 && v <= 0x20CF) {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
            return true
        }
        return false
    }

    /// The folded bytes of a literal's characters, split where a character's folding is not
    /// known (each piece must occur on its own).
    static func pieces(_ scalars: [Unicode.Scalar]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        for scalar in scalars {
            if !fold(scalar, into: &current) {
                if !current.isEmpty { pieces.append(current) }
                current = []
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

extension Prefilter {
    /// Reads a pattern source (ICU syntax) for its required literals. Throws on anything it
    /// does not know; `strict` turns false on constructs that it knows but whose acceptance
    /// by ICU it does not vouch for.
    fileprivate struct Reader {
        struct Unknown: Error {}

        let s: [Unicode.Scalar]
        var i = 0
        var strict = true

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var atEnd: Bool { i >= s.count }
        func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

        mutating func read() throws(Unknown) -> Requirement {
            let requirement = try alternation()
            guard atEnd else { throw Unknown() }
            return requirement
        }

        /// Branches separated by `|`, up to a `)` or the end.
        mutating func alternation() throws(Unknown) -> Requirement {
            var branches = [try sequence()]
            while peek() == "|" {
                i += 1
                branches.append(try sequence())
            }
            return Self.any(branches)
        }

        /// What one atom of a sequence is.
        enum Atom {
            /// A plain character: joins the literal run around it.
            case character(Unicode.Scalar)
            /// Consumes text; requires what is given.
            case consuming(Requirement)
            /// Consumes nothing (an anchor, `\b`, a lookaround); requires what is given.
            case zeroWidth(Requirement)
        }

        mutating func sequence() throws(Unknown) -> Requirement {
            var parts: [Requirement] = []
            var run: [Unicode.Scalar] = []
            func flush() {
                for piece in FoldedText.pieces(run) { parts.append(.literal(piece)) }
                run = []
            }
            var atoms = 0
            defer { if atoms == 0 { strict = false } }  // an empty branch or group
            while let c = peek(), c != "|", c != ")" {
                atoms += 1
                let atom = try self.atom()
                if let minimum = try quantifier() {
                    if case .zeroWidth = atom { throw Unknown() }
                    flush()
                    guard minimum >= 1 else { continue }
                    switch atom {
                    case .character(let c): parts += FoldedText.pieces([c]).map { .literal($0) }
                    case .consuming(let r): parts.append(r)
                    case .zeroWidth: break
                    }
                    continue
                }
                switch atom {
                case .character(let c): run.append(c)
                case .consuming(let r), .zeroWidth(let r):
                    flush()
                    parts.append(r)
                }
            }
            flush()
            return Self.all(parts)
        }

        /// A quantifier after an atom: its minimum, or nil when none follows.
        mutating func quantifier() throws(Unknown) -> Int? {
            guard let c = peek() else { return nil }
            var minimum: Int
            switch c {
            case "?", "*":
                minimum = 0
                i += 1
            case "+":
                minimum = 1
                i += 1
            case "{":
                i += 1
                guard let low = number() else { throw Unknown() }
                minimum = low
                if peek() == "," {
                    i += 1
                    if let high = number(), high < low { throw Unknown() }
                }
                guard peek() == "}" else { throw Unknown() }
                i += 1
            default:
                return nil
            }
            // Lazy or possessive.
            if peek() == "?" || peek() == "+" { i += 1 }
            if let next = peek(), next == "?" || next == "*" || next == "+" || next == "{" { throw Unknown() }
            return minimum
        }

        mutating func number() -> Int? {
            var value = 0, digits = 0
            while let c = peek(), let d = Int(String(c)), c.isASCII {
                value = value * 10 + d
                digits += 1
                i += 1
                if digits > 4 { strict = false }
                if digits > 9 { return nil }
            }
            return digits > 0 ? value : nil
        }

        mutating func atom() throws(Unknown) -> Atom {
            let c = s[i]
            i += 1
            switch c {
            case "(":
                var kind = "capture"
                if peek() == "?" {
                    switch (peek(1), peek(2)) {
                    case (":", _): kind = "group"; i += 2
                    case ("=", _): kind = "lookahead"; i += 2
                    case ("!", _): kind = "negative"; i += 2
                    case ("<", "="): kind = "lookbehind"; i += 3
                    case ("<", "!"): kind = "negative behind"; i += 3
                    case (">", _): kind = "group"; i += 2; strict = false
                    default: throw Unknown()
                    }
                }
                let inner = try alternation()
                guard peek() == ")" else { throw Unknown() }
                i += 1
                switch kind {
                case "lookahead": return .zeroWidth(inner)
                case "lookbehind":
                    // ICU wants a bounded length behind: its acceptance is ICU's to judge.
                    strict = false
                    return .zeroWidth(inner)
                case "negative": return .zeroWidth(.nothing)
                case "negative behind":
                    strict = false
                    return .zeroWidth(.nothing)
                default: return .consuming(inner)
                }
            case "[":
                try characterClass()
                return .consuming(.nothing)
            case ".":
                return .consuming(.nothing)
            case "^", "$":
                return .zeroWidth(.nothing)
            case "\\":
                guard let e = peek() else { throw Unknown() }
                i += 1
                switch e {
                case "w", "W", "d", "D", "s", "S": return .consuming(.nothing)
                case "b", "B": return .zeroWidth(.nothing)
                default:
                    // Escaped ASCII punctuation stands for itself.
                    guard e.isASCII, !e.properties.isAlphabetic, !("0"..."9").contains(e), e.value > 0x20, e.value < 0x7F else {
                        throw Unknown()
                    }
                    return .character(e)
                }
            case "*", "+", "?", "{", "}", "]", ")", "|":
                throw Unknown()
            default:
                return .character(c)
            }
        }

        /// `[…]` after its `[`: plain characters, ranges and the escapes above; no nested
        /// classes, set operations or properties.
        mutating func characterClass() throws(Unknown) {
            if peek() == "^" { i += 1 }
            var members = 0
            var previous: Unicode.Scalar?
            while let c = peek(), c != "]" || members == 0 {
                if c == "]" { throw Unknown() }  // `[]` and `[^]`
                i += 1
                var member: Unicode.Scalar? = c
                switch c {
                case "[", "{", "}": throw Unknown()
                case "&" where peek() == "&", "-" where peek() == "-": throw Unknown()
                case "\\":
                    guard let e = peek() else { throw Unknown() }
                    i += 1
                    switch e {
                    case "w", "W", "d", "D", "s", "S": member = nil
                    default:
                        guard e.isASCII, !e.properties.isAlphabetic, !("0"..."9").contains(e), e.value > 0x20, e.value < 0x7F else {
                            throw Unknown()
                        }
                        member = e
                    }
                case "-" where members > 0 && peek() != "]":
                    // A range: previous-next.
                    guard let low = previous, let high = peek(), high != "\\", high != "[" else { throw Unknown() }
                    i += 1
                    guard low.value <= high.value else { throw Unknown() }
                    member = nil
                default:
                    break
                }
                previous = member
                members += 1
            }
            guard peek() == "]", members > 0 else { throw Unknown() }
            i += 1
        }

        static func all(_ parts: [Requirement]) -> Requirement {
            var flat: [Requirement] = []
            for part in parts {
                switch part {
                case .nothing: continue
                case .all(let inner): flat += inner
                default: flat.append(part)
                }
            }
            if flat.isEmpty { return .nothing }
            return flat.count == 1 ? flat[0] : .all(flat)
        }

        static func any(_ branches: [Requirement]) -> Requirement {
            var flat: [Requirement] = []
            for branch in branches {
                switch branch {
                case .nothing: return .nothing
                case .any(let inner): flat += inner
                default: flat.append(branch)
                }
            }
            return flat.count == 1 ? flat[0] : .any(flat)
        }
    }
}
