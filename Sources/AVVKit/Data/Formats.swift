/// The `format` values avv checks; other formats are annotations only, as the spec allows.
enum Formats {
    /// `YYYY-MM-DD` with ASCII digits, and a day that exists in the (proleptic Gregorian) calendar.
    static func isDate(_ string: String) -> Bool { ISODate(string) != nil }

    /// A practical e-mail address: `local@domain.tld`, no spaces, one `@`, a dotted domain of
    /// letters, digits and hyphens (letters beyond ASCII allowed), a top-level part of 2+ letters.
    ///
    /// Most addresses are ASCII, and are checked byte by byte; others by characters.
    static func isEmail(_ string: String) -> Bool {
        if let verdict = string.utf8.withContiguousStorageIfAvailable(isASCIIEmail), let verdict { return verdict }
        return isEmailByCharacters(string)
    }

    /// ``isEmail(_:)`` for ASCII text, where every byte is a character (but for CR LF, which
    /// no address has); nil for text beyond ASCII.
    private static func isASCIIEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let dot = UInt8(ascii: "."), hyphen = UInt8(ascii: "-")
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")),
              !bytes[(at + 1)...].contains(UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, domain.count <= 253,
              local.allSatisfy({ isLetter($0) || isDigit($0) || asciiLocalSymbols.contains($0) }),
              local.first != dot, local.last != dot,
              !zip(local, local.dropFirst()).contains(where: { $0 == dot && $1 == dot }) else { return false }
        let labels = domain.split(separator: dot, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != hyphen, label.last != hyphen,
                  label.allSatisfy({ isLetter($0) || isDigit($0) || $0 == hyphen }) else { return false }
        }
        return labels.last!.count >= 2 && labels.last!.allSatisfy(isLetter)
    }

    /// ``isEmail(_:)`` by characters, for any text.
    static func isEmailByCharacters(_ string: String) -> Bool {
        let parts = string.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, local.count <= 64, domain.count <= 253 else { return false }
        guard local.allSatisfy({ $0.isLetter || $0.isNumber || localSymbols.contains($0) }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return false }
        }
        return labels.last!.count >= 2 && labels.last!.allSatisfy(\.isLetter)
    }

    /// The characters besides letters and digits allowed before the `@` (built once, not per address).
    private static let localSymbols = Set("!#$%&'*+-/=?^_`{|}~.")
    private static let asciiLocalSymbols = Set("!#$%&'*+-/=?^_`{|}~.".utf8)
}
