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

    /// Lines longer than this are shown as a window around the column.
    static let maximumWidth = 160

    /// A formatter that shows no source lines.
    public static let plain = DiagnosticFormatter { _ in nil }

    public func format(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics { format(diagnostic, into: &out) }
        return out
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        var out = ""
        format(diagnostic, into: &out)
        return out
    }

    private func format(_ diagnostic: Diagnostic, into out: inout String) {
        out += diagnostic.description
        out += "\n"
        if let location = diagnostic.location {
            appendSnippet(location, length: diagnostic.length, into: &out)
        }
        for note in diagnostic.notes {
            if let location = note.location { out += "\(location): " }
            out += "note: \(note.message)\n"
        }
    }

    private func appendSnippet(_ location: SourceLocation, length: Int, into out: inout String) {
        guard let text = source(location.file), location.line >= 1 else { return }
        guard let line = Self.line(location.line, of: text) else { return }
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Tabs are shown as one space so that the caret lines up.
        let shown = line.replacingOccurrences(of: "\t", with: " ")
        out += " \(gutter) | \(shown)\n"
        var characters = Array(shown)
        var start = min(max(location.column - 1, 0), characters.count)
        // Long lines (a template line holding a whole paragraph) are shown as a window
        // around the column, so that the caret stays on screen.
        if characters.count > Self.maximumWidth {
            let from = max(0, min(start - 30, characters.count - Self.maximumWidth))
            let to = min(characters.count, from + Self.maximumWidth)
            var window = Array(characters[from..<to])
            var offset = from
            if from > 0 { window = Array("…") + window; offset -= 1 }
            if to < characters.count { window += Array("…") }
            characters = window
            start -= offset
        }
        let width = max(1, min(length, max(1, characters.count - start)))
        out.removeLast(shown.count + 1)
        out += String(characters) + "\n"
        out += " \(pad) | " + String(repeating: " ", count: start) + "^"
            + String(repeating: "~", count: width - 1) + "\n"
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
