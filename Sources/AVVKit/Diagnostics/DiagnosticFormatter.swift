/// Prints diagnostics like a compiler: the one-line form, the source line, a caret.
///
/// ```
/// Templates/av-vertrag/av-vertrag.de.xhtml:12:9: error: unknown field 'controller.adress'; did you mean 'controller.address'? [AVV104]
///    12 |     <p>{{ controller.adress }}</p>
///       |           ^~~~~~~~~~~~~~~~~
/// ```
public struct DiagnosticFormatter: Sendable {
    /// Looks up the text of a file named in a location; nil when it is not available.
    public var source: @Sendable (String) -> String?

    public init(source: @escaping @Sendable (String) -> String?) {
        self.source = source
    }

    /// Characters of a source line shown at most; longer lines show a window around the caret.
    static let maxShownLine = 120

    /// A formatter that shows no source lines.
    public static let plain = DiagnosticFormatter { _ in nil }

    /// Most diagnostics ``format(_:)-([Diagnostic])`` prints in full; the rest are counted in
    /// one line, as compilers do (a data file with 80,000 unknown fields stays readable).
    public static let maxPrinted = 100

    public func format(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        var sources = Sources(lookUp: source)
        for diagnostic in diagnostics.prefix(Self.maxPrinted) { format(diagnostic, sources: &sources, into: &out) }
        if diagnostics.count > Self.maxPrinted {
            let rest = diagnostics.dropFirst(Self.maxPrinted)
            let errors = rest.filter { $0.severity == .error }.count
            out += "note: \(rest.count) more diagnostics not shown (\(errors) of them errors); fix the ones above first\n"
        }
        return out
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        var out = ""
        var sources = Sources(lookUp: source)
        format(diagnostic, sources: &sources, into: &out)
        return out
    }

    /// Source texts read once per file, with where each line starts.
    private struct Sources {
        let lookUp: @Sendable (String) -> String?
        var files: [String: (text: String, lineStarts: [String.Index])?] = [:]

        mutating func line(_ number: Int, of file: String) -> String? {
            if files[file] == nil {
                files[file] = .some(lookUp(file).map { text in
                    var starts = [text.startIndex]
                    var index = text.startIndex
                    while index < text.endIndex {
                        let next = text.index(after: index)
                        if text[index] == "\n" || text[index] == "\r\n" { starts.append(next) }
                        index = next
                    }
                    return (text, starts)
                })
            }
            guard let entry = files[file] ?? nil, number >= 1, number <= entry.lineStarts.count else { return nil }
            let text = entry.text
            let start = entry.lineStarts[number - 1]
            var end = start
            while end < text.endIndex, text[end] != "\n", text[end] != "\r\n", text[end] != "\r" {
                end = text.index(after: end)
            }
            return String(text[start..<end])
        }
    }

    private func format(_ diagnostic: Diagnostic, sources: inout Sources, into out: inout String) {
        out += Self.visible(diagnostic.description)
        out += "\n"
        if let location = diagnostic.location {
            appendSnippet(location, length: diagnostic.length, sources: &sources, into: &out)
        }
        for note in diagnostic.notes {
            if let location = note.location { out += "\(location): " }
            out += "note: \(Self.visible(note.message))\n"
        }
    }

    private func appendSnippet(_ location: SourceLocation, length: Int, sources: inout Sources, into out: inout String) {
        guard let line = sources.line(location.line, of: location.file) else { return }
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Tabs are shown as one space so that the caret lines up.
        let shown = Self.visible(line.replacingOccurrences(of: "\t", with: " "))
        var characters = Array(shown)
        var start = min(max(location.column - 1, 0), characters.count)
        // A very long line (minified JSON, a generated template) shows a window around the caret.
        if characters.count > Self.maxShownLine {
            let from = max(0, start - Self.maxShownLine / 3)
            let to = min(characters.count, from + Self.maxShownLine)
            characters = (from > 0 ? ["…"] : []) + characters[from..<to] + (to < characters.count ? ["…"] : [])
            start = start - from + (from > 0 ? 1 : 0)
        }
        out += " \(gutter) | \(String(characters))\n"
        let width = max(1, min(length, max(1, characters.count - start)))
        out += " \(pad) | " + String(repeating: " ", count: start) + "^"
            + String(repeating: "~", count: width - 1) + "\n"
    }

    /// `text` safe for a terminal, one character for one: control characters become their
    /// Control Pictures (U+0007 → ␇), C1 controls and bidi overrides U+FFFD. A data file or
    /// template can then neither send escape sequences to the terminal nor reorder the line.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F: scalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: scalars.append("\u{2421}")
            default: scalars.append(needsReplacing(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(scalars)
    }

    private static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Line `number` (1-based) of `text`, without its line break.
    static func line(_ number: Int, of text: String) -> String? {
        // Byte-wise: a line break is "\n" or "\r\n" (one Character), so each ends in the byte
        // 0x0A, and no other Character contains that byte; a line ends before "\n" or "\r".
        let utf8 = text.utf8
        var current = 1
        var lineStart = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex, current < number {
            if utf8[index] == 0x0A {
                current += 1
                lineStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        guard current == number else { return nil }
        var end = lineStart
        while end < utf8.endIndex, utf8[end] != 0x0A, utf8[end] != 0x0D {
            end = utf8.index(after: end)
        }
        return String(text[lineStart..<end])
    }
}

import Foundation
