/// Escaping for the polyglot HTML: output that is both HTML5 and well-formed XML.
/// `package`: the web form (AVVServer) escapes with the same rules as the writers.
package enum HTMLEscaping {
    /// Text content: `&`, `<`, `>` and `"` escaped with the entities XML predefines, forbidden
    /// characters replaced (``Sanitizer``), line breaks inside text turned into spaces.
    package static func text(_ text: String) -> String {
        let text = Sanitizer.clean(text)
        // Byte-wise: the characters replaced are ASCII, so no UTF-8 sequence contains them.
        return text.withUTF8Bytes { bytes in
            guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A })
            else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            appendText(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// ``text(_:)`` for UTF-8 that ``Sanitizer`` has nothing to replace in, appended to `out`.
    static func appendText<Sink: ByteSink>(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout Sink) {
        for byte in bytes {
            switch byte {
            case 0x26: out.append("&amp;")
            case 0x3C: out.append("&lt;")
            case 0x3E: out.append("&gt;")
            case 0x22: out.append("&quot;")
            case 0x0D, 0x0A: out.append(0x20)
            default: out.append(byte)
            }
        }
    }

    /// An attribute value for double quotes; tabs and line breaks become spaces, so that XML
    /// attribute-value normalisation changes nothing.
    package static func attribute(_ value: String) -> String {
        text(value).replacingTabs
    }

    /// An `id` attribute value: no whitespace (HTML forbids it), never empty.
    static func identifier(_ raw: String) -> String? {
        // Printable ASCII without spaces (every id a template gives) stays as it is.
        if !raw.isEmpty, raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return raw }
        let cleaned = Sanitizer.clean(raw)
        var scalars = String.UnicodeScalarView()
        for scalar in cleaned.unicodeScalars {
            scalars.append(scalar.properties.isWhitespace ? "-" : scalar)
        }
        let id = String(scalars)
        return id.isEmpty ? nil : id
    }

    /// Schemes a link in a contract may use; anything else (`javascript:`, `data:`, `file:`)
    /// is printed as text, never made clickable.
    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// A link target made safe and valid: nil when the scheme is not allowed or nothing is
    /// left; otherwise percent-encoded where a URL may not carry the character as it is
    /// (spaces, quotes, angle brackets, non-ASCII, a second `#`, a `%` not starting an escape).
    static func href(_ raw: String) -> String? {
        let target = Sanitizer.clean(raw).trimmingSpaces
        guard !target.isEmpty else { return nil }
        if let colon = target.firstIndex(of: ":") {
            let scheme = target[..<colon]
            let looksLikeScheme =
                scheme.first?.isASCII == true && scheme.first?.isLetter == true
                && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
            if looksLikeScheme, !allowedSchemes.contains(scheme.lowercased()) { return nil }
        }
        let bytes = Array(target.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var seenHash = false
        let hex = Array("0123456789ABCDEF".utf8)
        func isHex(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
        }
        for (i, byte) in bytes.enumerated() {
            var keep: Bool
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: keep = true
            case UInt8(ascii: "%"): keep = i + 2 < bytes.count && isHex(bytes[i + 1]) && isHex(bytes[i + 2])
            case UInt8(ascii: "#"):
                keep = !seenHash
                seenHash = true
            default: keep = urlPunctuation.contains(byte)
            }
            if keep {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The punctuation a URL may carry as it is: `-._~:/?@!$&'()*+,;=`.
    private static let urlPunctuation: Set<UInt8> = Set("-._~:/?@!$&'()*+,;=".utf8)
}

extension String {
    fileprivate var replacingTabs: String {
        // A tab is one byte in UTF-8 and never part of another character's bytes.
        guard utf8.contains(0x09) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" ? " " : $0 }))
    }
}

/// Where UTF-8 is written byte by byte: an array, or the direct HTML path's output buffer.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
}

extension ByteSink {
    /// Appends the bytes of `text`.
    mutating func append(_ text: StaticString) {
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for byte in bytes { append(byte) }
    }
}

extension [UInt8]: ByteSink {}
