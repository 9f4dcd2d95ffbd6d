import Testing

@testable import AVVKit

/// `format: email`: ASCII addresses are checked byte by byte, others by characters; both
/// must give the same verdicts.
@Suite struct EmailFormatTests {
    static let label63 = String(repeating: "b", count: 63)

    static let addresses: [(String, Bool)] = [
        ("info@beispiel.de", true),
        ("a.b-c+d_e@sub.example.com", true),
        ("o'brien!#$%&*/=?^`{|}~@x.org", true),
        ("Info@Beispiel.DE", true),
        ("müller@beispiel.de", true),
        ("info@bücher.de", true),
        ("x@y.z", false),
        ("x@y.d3", false),
        ("x@localhost", false),
        ("@beispiel.de", false),
        ("info@", false),
        ("a@@b.de", false),
        ("a@b@c.de", false),
        (".a@b.de", false),
        ("a.@b.de", false),
        ("a..b@c.de", false),
        ("a@-b.de", false),
        ("a@b-.de", false),
        ("a@b..de", false),
        ("a@.b.de", false),
        ("a b@c.de", false),
        ("a(b)@c.de", false),
        ("a@b.de\r\n", false),
        ("a\r\n@b.de", false),
        ("", false),
        (String(repeating: "a", count: 64) + "@b.de", true),
        (String(repeating: "a", count: 65) + "@b.de", false),
        ("a@" + label63 + ".de", true),
        ("a@" + label63 + "b.de", false),
        ("a@" + Array(repeating: label63, count: 3).joined(separator: ".") + "." + String(repeating: "c", count: 61), true),
        ("a@" + Array(repeating: label63, count: 3).joined(separator: ".") + "." + String(repeating: "c", count: 62), false),
    ]

    @Test(arguments: addresses)
    func addressesAreJudged(_ address: String, _ valid: Bool) {
        #expect(Formats.isEmail(address) == valid)
        #expect(Formats.isEmailByCharacters(address) == valid)
    }

    /// Random addresses made of the pieces that matter: both ways agree on every one.
    @Test func byteAndCharacterVerdictsAgree() {
        var random = SplitMix64(seed: 0xE3A1)
        let pieces = ["a", "Z", "0", "9", ".", "..", "-", "_", "+", "~", "@", "@", "de", "com", " ", "\r\n", "\n",
                      "ä", "e\u{301}", "x", "(", "\u{7F}", "\u{0}"]
        var disagreements: [String] = []
        for _ in 0..<3000 {
            var address = ""
            for _ in 0..<Int.random(in: 0...10, using: &random) { address += pieces.randomElement(using: &random)! }
            if Bool.random(using: &random) { address += "@b" + pieces.randomElement(using: &random)! + ".de" }
            if Formats.isEmail(address) != Formats.isEmailByCharacters(address) { disagreements.append(address) }
        }
        #expect(disagreements == [])
    }
}
