/// The `format` values avv checks; other formats are annotations only, as the spec allows.
enum Formats {
    /// `YYYY-MM-DD` with ASCII digits, and a day that exists in the (proleptic Gregorian) calendar.
    static func isDate(_ string: String) -> Bool { ISODate(string) != nil }

    /// A practical e-mail address: `local@domain.tld`, no spaces, one `@`, a dotted domain of
    /// letters, digits and hyphens (letters beyond ASCII allowed), a top-level part of 2+ letters.
    static func isEmail(_ string: String) -> Bool {
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
}
