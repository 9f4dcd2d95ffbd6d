import Foundation

/// Document dates: ISO `YYYY-MM-DD`, real calendar days only.
public enum DocumentDate {
    /// Whether `text` is a real date written `YYYY-MM-DD`.
    public static func isValid(_ text: String) -> Bool { Formats.isDate(text) }

    /// Today in the local time zone, `YYYY-MM-DD`.
    public static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }
}
