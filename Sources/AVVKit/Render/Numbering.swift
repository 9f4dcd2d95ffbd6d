/// German and English legal numbering: `§ 3 Abs. 2 Nr. 1 lit. a` and `Clause 3.2(a)(i)`.
struct Numbering: Sendable {
    let language: Language

    func sectionNumber(_ kind: CompiledSection.Kind, _ n: Int) -> String {
        switch (language, kind) {
        case (.de, .clause): "§ \(n)"
        case (.de, .annex): "Anlage \(n)"
        case (.en, .clause): "Clause \(n)"
        case (.en, .annex): "Annex \(n)"
        }
    }

    /// ``sectionNumber(_:_:)`` appended as UTF-8 (the direct HTML path's form).
    func appendSectionNumber<Sink: ByteSink>(_ kind: CompiledSection.Kind, _ n: Int, to bytes: inout Sink) {
        switch (language, kind) {
        case (.de, .clause): bytes.append("§ ")
        case (.de, .annex): bytes.append("Anlage ")
        case (.en, .clause): bytes.append("Clause ")
        case (.en, .annex): bytes.append("Annex ")
        }
        Self.appendDecimal(n, to: &bytes)
    }

    /// The printed number of paragraph `p` in clause `clause`: `(2)` or `3.2`.
    func paragraphNumber(clause: Int, _ p: Int) -> String {
        var bytes: [UInt8] = []
        appendParagraphNumber(clause: clause, p, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``paragraphNumber(clause:_:)`` appended as UTF-8 (the direct HTML path's form).
    func appendParagraphNumber<Sink: ByteSink>(clause: Int, _ p: Int, to bytes: inout Sink) {
        if language == .de {
            bytes.append(UInt8(ascii: "("))
            Self.appendDecimal(p, to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        } else {
            Self.appendDecimal(clause, to: &bytes)
            bytes.append(UInt8(ascii: "."))
            Self.appendDecimal(p, to: &bytes)
        }
    }

    /// The decimal digits of a number that is not negative.
    static func appendDecimal<Sink: ByteSink>(_ n: Int, to bytes: inout Sink) {
        if n >= 10 { appendDecimal(n / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(n % 10))
    }

    /// The printed label of item `n` (1-based) of an ordered list at `depth` (1-based).
    func itemLabel(_ n: Int, depth: Int) -> String {
        switch (language, depth) {
        case (.de, 1): "\(n)."
        case (.de, 2): "\(Self.letters(n)))"
        case (.de, _): "\(Self.letters(n))\(Self.letters(n)))"
        case (.en, 1): "(\(Self.letters(n)))"
        case (.en, 2): "(\(Self.roman(n)))"
        case (.en, _): "(\(Self.letters(n).uppercased()))"
        }
    }

    /// How a reference names the item: `Nr. 1`, `lit. a`, `(a)`.
    func itemReference(_ n: Int, depth: Int) -> String {
        switch (language, depth) {
        case (.de, 1): "Nr. \(n)"
        case (.de, 2): "lit. \(Self.letters(n))"
        case (.de, _): "Doppelbuchst. \(Self.letters(n))\(Self.letters(n))"
        case (.en, _): itemLabel(n, depth: depth)
        }
    }

    /// The full reference label for a place in the document.
    func referenceLabel(
        section: (kind: CompiledSection.Kind, number: Int), paragraph: Int?, paragraphsNumbered: Bool,
        items: [(n: Int, depth: Int)]
    ) -> String {
        var label = sectionNumber(section.kind, section.number)
        if let paragraph, paragraphsNumbered, section.kind == .clause {
            label += language == .de ? " Abs. \(paragraph)" : ".\(paragraph)"
        }
        for item in items {
            label += language == .de ? " " + itemReference(item.n, depth: item.depth) : itemReference(item.n, depth: item.depth)
        }
        return label
    }

    /// a, b, … z, aa, bb, …
    static func letters(_ n: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        let index = (n - 1) % 26
        let repeats = (n - 1) / 26 + 1
        return String(repeating: alphabet[index], count: repeats)
    }

    static func roman(_ n: Int) -> String {
        let table: [(Int, String)] = [
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ]
        var n = n
        var out = ""
        for (value, numeral) in table {
            while n >= value { out += numeral; n -= value }
        }
        return out
    }
}
