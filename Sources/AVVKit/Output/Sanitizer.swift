/// Replaces the characters no output may carry with U+FFFD (the replacement character).
///
/// XML 1.0 forbids C0 controls other than tab, line feed and carriage return, and U+FFFE and
/// U+FFFF; HTML additionally forbids DEL, the C1 controls and all Unicode noncharacters. Both
/// writers run every string from the document through this, so the HTML and the text carry
/// the same characters and the text hash describes what the HTML shows.
enum Sanitizer {
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isForbidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch v {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: return true
        default: return v & 0xFFFE == 0xFFFE
        }
    }
}
