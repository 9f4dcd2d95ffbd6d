/// Values a CRM export or a web form may put into any text field, hostile or merely odd.
///
/// The escaping tests put each into every free-text field of a template set, in text and
/// attribute positions, and compare the result with the same document made with a plain
/// value. Control characters and noncharacters must be refused at load time instead.
enum HostileValues {
    static let table: [String] = markup + attributes + urls + quotes + entities + forbidden + whitespace
        + bidi + unicode + paths + syntax + long + misc

    static let markup = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<body onload=alert(1)>",
        "<style>*{display:none}</style>",
        "<a href=\"javascript:alert(1)\">klick</a>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "</p><p>",
        "</td></tr></table><table><tr><td>",
        "</section></main><footer>",
        "<!DOCTYPE html>",
        "<?xml version=\"1.0\"?>",
        "<?php echo 1; ?>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "]]>",
        "<!--",
        "-->",
        "<!-- kommentar -->",
        "--!>",
        "<",
        ">",
        "<<>>",
        "</",
        "<x:y xmlns:x=\"urn:x\">",
        "<avv:if>",
        "<br/>",
        "<p avv:if=\"true\">",
    ]

    static let attributes = [
        "\" onmouseover=\"alert(1)",
        "' onmouseover='alert(1)",
        "\" autofocus onfocus=\"alert(1)\" x=\"",
        "x\" style=\"position:fixed;top:0",
        "\"><script>alert(1)</script>",
        "'><script>alert(1)</script>",
        "\" id=\"clause-x",
        "\" href=\"#",
        "\"/><p>",
        "=x",
        " class=evil",
    ]

    static let urls = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/",
        "\\\\evil.example\\share",
        "https://example.de/\"onmouseover=\"alert(1)",
        "https://example.de/<script>",
        "mailto:x@example.de?subject=<script>",
        "http://example.de/#a#b",
        "%00",
        "%3Cscript%3E",
    ]

    static let quotes = ["\"", "'", "\"\"", "''", "\"'\"'", "„Müller“", "‚x‘", "«x»", "`", "\\\"", "\\\\", "\\"]

    static let entities = [
        "&", "&amp;", "&lt;script&gt;", "&#60;script&#62;", "&#x3C;", "&nbsp;", "&unknown;", "&;", "&#0;",
        "&#xD800;", "&quot;", "&apos;", "&amp;lt;", "%26", "&lol;",
    ]

    /// Refused at load time (AVV212), written literally or as an escape.
    static let forbidden = [
        "a\u{0}b", "\u{1}", "x\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{E}", "\u{1B}[31mrot", "\u{1F}", "\u{7F}",
        "\u{85}", "\u{9F}",
    ] + [0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFE, 0x10FFFF].map { String(Unicode.Scalar($0)!) }  // no literals for these

    static let whitespace = ["a\tb", "a\nb", "a\r\nb", "\n\n\n", "   ", "a\u{2028}b", "a\u{2029}b", "\u{A0}", " x "]

    static let bidi = [
        "\u{202E}gnp.exe", "abc\u{202E}def", "\u{202D}x", "\u{2066}x", "\u{2067}x\u{2069}\u{2069}", "\u{200F}",
        "שלום", "مرحبا", "\u{202B}x\u{202C}",
    ]

    static let unicode = [
        "😀", "👨‍👩‍👧‍👦", "🇩🇪", "𝕏", "e\u{301}", "A\u{308}", "\u{FEFF}x", "\u{200B}", "ﷺ",
        "Z̴̡̪̫͖̥̔̿̃̈̏̎͠͝á̸̪̠̖̻̬̖̪̞͙͇̮̠̎̆͋́̐͌̒͆̓l̶̉͋̾̏̍̒͑͜g̸͕̝̰͐ȯ̸̰", "ß", "ẞ", "İ",
    ]

    static let paths = [
        "../../etc/x", "/etc/passwd", "..", ".", "CON", "nul.txt", "COM1", "a/b\\c", "~/.ssh", "C:\\Windows", ".git",
    ]

    static let syntax = [
        "*alias", "&anchor", "!!python/object", "null", "true", "~", "---", "- x", "key: value", "{\"a\":1}", "[1,2]",
        "#kommentar", "%YAML 1.2", "0x1F", "1e400", "NaN", "{{ controller.name }}", "{{", "}}", "{% raw %}", "${7*7}",
        "#{7*7}", "{{ avv.date }}",
    ]

    static let long = [
        String(repeating: "A", count: 30_000),
        String(repeating: "<script>", count: 2_000),
        String(repeating: "&", count: 10_000),
        String(repeating: "Wort ", count: 4_000),
        String(repeating: "😀", count: 4_000),
    ]

    static let misc = ["", "%s%s%n", "'; DROP TABLE kunden;--", "Müller & Söhne <GmbH>", "0", "-1"]

    /// Whether the loader must refuse `value`.
    static func isForbidden(_ value: String) -> Bool {
        value.unicodeScalars.contains { scalar in
            let v = scalar.value
            switch v {
            case 0x09, 0x0A, 0x0D: return false
            case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: return true
            default: return v & 0xFFFE == 0xFFFE
            }
        }
    }
}
