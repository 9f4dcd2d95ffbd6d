/// A word-level comparison of two texts: the longest common subsequence of their tokens,
/// reported as runs kept, deleted and inserted.
///
/// Source wording is split so that a tag (`<p avv:if="…">`) and a placeholder
/// (`{{ controller.name }}`) are one token each, and the text between them into words:
/// a changed condition shows as the old tag deleted and the new one inserted.
public enum Redline {
    /// A word, a tag or a placeholder. Tokens compare by kind and text; whether white space
    /// stands before one only matters for showing it.
    public struct Token: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case word
            /// Markup: a start, end or empty tag.
            case tag
            /// `{{ … }}`
            case value
        }

        public var kind: Kind
        public var text: String
        public var spaceBefore: Bool

        public init(_ kind: Kind, _ text: String, spaceBefore: Bool = true) {
            self.kind = kind
            self.text = text
            self.spaceBefore = spaceBefore
        }

        public static func == (lhs: Token, rhs: Token) -> Bool { lhs.kind == rhs.kind && lhs.text == rhs.text }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(kind)
            hasher.combine(text)
        }
    }

    public enum Run: Sendable, Hashable {
        case kept([Token])
        case deleted([Token])
        case inserted([Token])
    }

    /// Splits normalised source wording into tokens.
    public static func sourceTokens(_ wording: String) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var space = false
        func add(_ token: Token) {
            tokens.append(token)
            space = false
        }
        func flush() {
            if !word.isEmpty { add(Token(.word, word, spaceBefore: space)) }
            word = ""
        }
        var rest = Substring(wording)
        while let c = rest.first {
            if c == "<", let close = tagEnd(rest) {
                flush()
                add(Token(.tag, String(rest[...close]), spaceBefore: space))
                rest = rest[rest.index(after: close)...]
            } else if rest.hasPrefix("{{"), let close = rest.range(of: "}}") {
                flush()
                add(Token(.value, String(rest[..<close.upperBound]), spaceBefore: space))
                rest = rest[close.upperBound...]
            } else if c == " " {
                flush()
                space = true
                rest = rest.dropFirst()
            } else {
                word.append(c)
                rest = rest.dropFirst()
            }
        }
        flush()
        return tokens
    }

    /// The `>` that closes the tag starting `text`, skipping quoted attribute values.
    private static func tagEnd(_ text: Substring) -> Substring.Index? {
        var quote: Character?
        var i = text.index(after: text.startIndex)
        guard i < text.endIndex, text[i] == "/" || text[i].isLetter else { return nil }
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                return i
            } else if c == "<" {
                return nil
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// Splits plain text into words.
    public static func wordTokens(_ text: String) -> [Token] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { Token(.word, String($0)) }
    }

    /// The runs that turn `old` into `new`; at each change the deletion comes first.
    public static func diff(_ old: [Token], _ new: [Token]) -> [Run] {
        // The common start and end need no table.
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])

        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...].
        let width = b.count + 1
        var lcs = [Int32](repeating: 0, count: (a.count + 1) * width)
        if !a.isEmpty, !b.isEmpty {
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lcs[i * width + j] = a[i] == b[j]
                        ? lcs[(i + 1) * width + j + 1] + 1
                        : max(lcs[(i + 1) * width + j], lcs[i * width + j + 1])
                }
            }
        }
        var runs: [Run] = []
        func add(_ run: Run) {
            switch (runs.last, run) {
            case (.kept(let x)?, .kept(let y)): runs[runs.count - 1] = .kept(x + y)
            case (.deleted(let x)?, .deleted(let y)): runs[runs.count - 1] = .deleted(x + y)
            case (.inserted(let x)?, .inserted(let y)): runs[runs.count - 1] = .inserted(x + y)
            case (.inserted(let x)?, .deleted(let y)):
                // Keep deletions before insertions within one change.
                if runs.count >= 2, case .deleted(let d) = runs[runs.count - 2] {
                    runs[runs.count - 2] = .deleted(d + y)
                } else {
                    runs[runs.count - 1] = .deleted(y)
                    runs.append(.inserted(x))
                }
            default: runs.append(run)
            }
        }
        if prefix > 0 { add(.kept(Array(old[..<prefix]))) }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                add(.kept([a[i]]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                add(.deleted([a[i]]))
                i += 1
            } else {
                add(.inserted([b[j]]))
                j += 1
            }
        }
        if suffix > 0 { add(.kept(Array(old[(old.count - suffix)...]))) }
        return runs
    }

    /// Whether the runs change anything.
    public static func changes(_ runs: [Run]) -> Bool {
        runs.contains { if case .kept = $0 { return false }; return true }
    }
}
