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
        var bytes = LabelBytes()
        appendParagraphNumber(clause: clause, p, to: &bytes)
        return bytes.string
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
        var bytes = LabelBytes()
        appendItemLabel(n, depth: depth, to: &bytes)
        return bytes.string
    }

    /// ``itemLabel(_:depth:)`` appended as UTF-8: `1.`, `a)`, `aa)`; `(a)`, `(i)`, `(A)`.
    func appendItemLabel<Sink: ByteSink>(_ n: Int, depth: Int, to bytes: inout Sink) {
        switch (language, depth) {
        case (.de, 1):
            Self.appendDecimal(n, to: &bytes)
            bytes.append(UInt8(ascii: "."))
        case (.de, 2):
            Self.appendLetters(n, to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        case (.de, _):
            Self.appendLetters(n, to: &bytes)
            Self.appendLetters(n, to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        case (.en, 1):
            bytes.append(UInt8(ascii: "("))
            Self.appendLetters(n, to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        case (.en, 2):
            bytes.append(UInt8(ascii: "("))
            for byte in Self.roman(n).utf8 { bytes.append(byte) }
            bytes.append(UInt8(ascii: ")"))
        case (.en, _):
            bytes.append(UInt8(ascii: "("))
            Self.appendLetters(n, uppercase: true, to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        }
    }

    /// How a reference names the item: `Nr. 1`, `lit. a`, `(a)`.
    func itemReference(_ n: Int, depth: Int) -> String {
        var bytes = LabelBytes()
        appendItemReference(n, depth: depth, to: &bytes)
        return bytes.string
    }

    /// ``itemReference(_:depth:)`` appended as UTF-8.
    func appendItemReference<Sink: ByteSink>(_ n: Int, depth: Int, to bytes: inout Sink) {
        switch (language, depth) {
        case (.de, 1):
            bytes.append("Nr. ")
            Self.appendDecimal(n, to: &bytes)
        case (.de, 2):
            bytes.append("lit. ")
            Self.appendLetters(n, to: &bytes)
        case (.de, _):
            bytes.append("Doppelbuchst. ")
            Self.appendLetters(n, to: &bytes)
            Self.appendLetters(n, to: &bytes)
        case (.en, _):
            appendItemLabel(n, depth: depth, to: &bytes)
        }
    }

    /// The full reference label for a place in the document.
    func referenceLabel(
        section: (kind: CompiledSection.Kind, number: Int), paragraph: Int?, paragraphsNumbered: Bool,
        items: [(n: Int, depth: Int)]
    ) -> String {
        var bytes = LabelBytes()
        appendReferenceLabel(section: section, paragraph: paragraph, paragraphsNumbered: paragraphsNumbered,
                             items: items[...], to: &bytes)
        return bytes.string
    }

    /// ``referenceLabel(section:paragraph:paragraphsNumbered:items:)`` appended as UTF-8.
    func appendReferenceLabel<Sink: ByteSink>(
        section: (kind: CompiledSection.Kind, number: Int), paragraph: Int?, paragraphsNumbered: Bool,
        items: ArraySlice<(n: Int, depth: Int)>, to bytes: inout Sink
    ) {
        appendSectionNumber(section.kind, section.number, to: &bytes)
        if let paragraph, paragraphsNumbered, section.kind == .clause {
            bytes.append(language == .de ? " Abs. " : ".")
            Self.appendDecimal(paragraph, to: &bytes)
        }
        for item in items {
            if language == .de { bytes.append(UInt8(ascii: " ")) }
            appendItemReference(item.n, depth: item.depth, to: &bytes)
        }
    }

    /// a, b, … z, aa, bb, …
    static func letters(_ n: Int) -> String {
        var bytes = LabelBytes()
        appendLetters(n, to: &bytes)
        return bytes.string
    }

    /// ``letters(_:)`` appended as UTF-8, in capitals when `uppercase`.
    static func appendLetters<Sink: ByteSink>(_ n: Int, uppercase: Bool = false, to bytes: inout Sink) {
        let letter = (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + UInt8((n - 1) % 26)
        for _ in 0..<((n - 1) / 26 + 1) { bytes.append(letter) }
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

/// The bytes of a label, held in the value itself up to 32 of them: a label is a few
/// characters, and building its String in an array took one allocation or more per number
/// (the String itself needs none up to 15 bytes).
struct LabelBytes: ByteSink {
    private var inline: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var count = 0
    /// The bytes, once there are more than fit in ``inline``.
    private var spilled: [UInt8]?

    mutating func append(_ byte: UInt8) {
        if spilled == nil, count < MemoryLayout.size(ofValue: inline) {
            let index = count
            withUnsafeMutableBytes(of: &inline) { $0[index] = byte }
            count += 1
            return
        }
        if spilled == nil {
            let index = count
            spilled = withUnsafeBytes(of: inline) { Array($0.prefix(index)) }
        }
        spilled!.append(byte)
    }

    var string: String {
        if let spilled { return String(decoding: spilled, as: UTF8.self) }
        let count = count
        return withUnsafeBytes(of: inline) { bytes in
            String(unsafeUninitializedCapacity: count) { buffer in
                for index in 0..<count { buffer[index] = bytes[index] }
                return count
            }
        }
    }
}
