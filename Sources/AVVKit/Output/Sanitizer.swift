/// Replaces the characters no output may carry with U+FFFD (the replacement character).
///
/// XML 1.0 forbids C0 controls other than tab, line feed and carriage return, and U+FFFE and
/// U+FFFF; HTML additionally forbids DEL, the C1 controls and all Unicode noncharacters. Both
/// writers run every string from the document through this, so the HTML and the text carry
/// the same characters and the text hash describes what the HTML shows.
enum Sanitizer {
    static func clean(_ text: String) -> String {
        guard containsForbidden(text) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isForbidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// Whether some character of `text` is ``isForbidden(_:)``: the bytes are looked at
    /// first, and only a text that may hold one is decoded.
    @inline(__always)
    static func containsForbidden(_ text: String) -> Bool {
        mayContainForbidden(text) && text.unicodeScalars.contains(where: isForbidden)
    }

    /// A quick look at the bytes: false when no forbidden character can be in `text`. Flags
    /// every C0 control but tab and line breaks, DEL, the two-byte sequences of U+0080–U+009F,
    /// three-byte sequences in U+FDxx and U+FFxx, and four-byte sequences ending in U+xFFxx.
    static func mayContainForbidden(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var pending = 0  // continuation bytes still to look at for a suspect sequence
            var lead: UInt8 = 0
            var index = 0
            let count = bytes.count
            while index < count {
                // Eight printable ASCII bytes at once, between sequences.
                if pending == 0, index + 8 <= count,
                    ASCIIWord.isPrintable(ASCIIWord.load(UnsafeRawPointer(bytes.baseAddress!), index))
                {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                index += 1
                if pending > 0 {
                    pending -= 1
                    switch (lead, pending) {
                    case (0xC2, 0): if byte <= 0x9F { return true }
                    case (0xEF, 1): if byte != 0xB7, byte != 0xBF { pending = 0 }
                    case (0xEF, 0): return true
                    case (0xF0...0xF4, 1): if byte != 0xBF { pending = 0 }
                    case (0xF0...0xF4, 0): if byte >= 0xBE { return true }
                    default: break
                    }
                    continue
                }
                if byte >= 0x20, byte < 0x7F { continue }
                switch byte {
                case 0x09, 0x0A, 0x0D: continue
                case 0x00...0x1F, 0x7F: return true
                case 0xC2: lead = byte; pending = 1
                case 0xEF: lead = byte; pending = 2
                case 0xF0...0xF4: lead = byte; pending = 3
                default: continue
                }
            }
            return false
        }
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

extension StringProtocol {
    /// Calls `body` with the UTF-8 bytes of the text in one buffer (native strings and their
    /// substrings are not copied).
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(utf8).withUnsafeBufferPointer(body)
    }
}
