import Foundation

/// A data-processing agreement someone else wrote (plain text, Markdown or HTML), read into
/// sections and sentences for ``ForeignDocumentChecker``.
public struct ForeignDocument: Sendable {
    public enum Format: String, Sendable { case text, markdown, html }

    public var file: String
    public var format: Format
    public var language: Language
    var model: TextModel

    /// Reads a file; the format follows the extension (`.html`, `.htm`, `.xhtml`, `.md`,
    /// `.markdown`, otherwise plain text). Without `language`, it is guessed from the words.
    public static func load(path: String, language: Language? = nil) throws(DiagnosticsError) -> ForeignDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError([Diagnostic(.error, .fileNotReadable, "cannot read \(path)")])
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(.error, .invalidEncoding, "\(path) is not UTF-8 text",
                                               at: SourceLocation(file: path, line: 1, column: 1))])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let ext = (path as NSString).pathExtension.lowercased()
        let format: Format = ["html", "htm", "xhtml"].contains(ext) ? .html : ["md", "markdown"].contains(ext) ? .markdown : .text
        return parse(text, file: path, format: format, language: language)
    }

    public static func parse(_ text: String, file: String, format: Format, language: Language? = nil) -> ForeignDocument {
        let blocks: [Block]
        switch format {
        case .html:
            blocks = LibXMLDocument.htmlBlocks(Array(text.utf8), file: file).map {
                let location = SourceLocation(file: file, line: $0.line, column: 1)
                return Block(text: $0.text, location: location, isHeading: $0.isHeading || Self.looksLikeHeading($0.text),
                             isListItem: $0.isListItem, lines: [LineStart(offset: 0, location: location)])
            }
        case .text, .markdown:
            blocks = textBlocks(text, file: file, markdown: format == .markdown)
        }
        let language = language ?? guessLanguage(blocks.map(\.text).joined(separator: " "))
        return ForeignDocument(file: file, format: format, language: language, model: model(blocks))
    }

    struct Block {
        var text: String
        var location: SourceLocation
        var isHeading: Bool
        var isListItem: Bool
        /// Where each source line starts in `text` (a block of plain text joins its lines).
        var lines: [LineStart]

        /// The location of the character at `offset` in `text`.
        func location(at offset: Int) -> SourceLocation {
            lines.last { $0.offset <= offset }?.location ?? location
        }
    }

    struct LineStart {
        var offset: Int
        var location: SourceLocation
    }

    /// Blank lines separate blocks; a list marker or a heading line starts one.
    static func textBlocks(_ text: String, file: String, markdown: Bool) -> [Block] {
        var blocks: [Block] = []
        var current: [String] = []
        var starts: [LineStart] = []
        var length = 0
        var isItem = false
        func flush() {
            let joined = current.joined(separator: " ")
            if let first = starts.first, !joined.trimmingCharacters(in: .whitespaces).isEmpty {
                blocks.append(Block(text: joined, location: first.location, isHeading: false, isListItem: isItem, lines: starts))
            }
            current = []
            starts = []
            length = 0
            isItem = false
        }
        /// A line's text as the checker reads it (Markdown emphasis and quote markers removed),
        /// and whether Markdown makes it a heading.
        func read(_ raw: Substring) -> (text: String, indent: Int, markdownHeading: Bool) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            var content = line.trimmingCharacters(in: .whitespaces)
            var heading = false
            if markdown, !content.isEmpty {
                if content.hasPrefix("#") {
                    content = String(content.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                    heading = true
                }
                content = content.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
                    .replacingOccurrences(of: "`", with: "")
                if content.hasPrefix(">") { content = String(content.dropFirst()).trimmingCharacters(in: .whitespaces) }
            }
            return (content, indent, heading)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let (content, indent, markdownHeading) = read(raw)
            if content.isEmpty { flush(); continue }
            let marker = listMarker(content)
            let next = index + 1 < lines.count ? read(lines[index + 1]).text : ""
            let previous = index > 0 ? read(lines[index - 1]).text : ""
            // "1. Definitions" between blank lines, or "1. ROLES" in capitals, titles a part;
            // within a list it is an item. A numbered line that runs on into the next one
            // ("3.1 The Contractor shall process … in" / "accordance with …") starts a
            // wrapped paragraph.
            let capitals = content.contains(where: \.isLetter) && content.uppercased() == content
            let numberedTitle = marker != nil && ((previous.isEmpty && next.isEmpty) || capitals)
                && content.first?.isNumber == true && looksLikeHeading(content)
            let heading = markdownHeading || numberedTitle
                || (marker == nil && looksLikeHeading(content) && !continues(content, next: next))
            let location = SourceLocation(file: file, line: index + 1, column: indent + 1)
            if heading {
                flush()
                blocks.append(Block(text: content, location: location, isHeading: true, isListItem: false,
                                    lines: [LineStart(offset: 0, location: location)]))
                continue
            }
            if marker != nil {
                flush()
                isItem = true
            }
            let part = marker.map { String(content.dropFirst($0)) } ?? content
            if !current.isEmpty { length += 1 }
            starts.append(LineStart(offset: length, location: location))
            current.append(part)
            length += part.count
        }
        flush()
        return blocks
    }

    /// Whether a line that looks like a numbered title is rather the first line of a wrapped
    /// paragraph: the next line carries on (it is neither blank nor a list item) and either
    /// starts in lower case or follows a line with more words than a title has.
    static func continues(_ line: String, next: String) -> Bool {
        guard let first = next.first, listMarker(next) == nil else { return false }
        return first.isLowercase || line.split(whereSeparator: { $0 == " " }).count > 7
    }

    /// The length of a list marker at the start (`- `, `* `, `1. `, `a) `, `(b) `), if any.
    static func listMarker(_ line: String) -> Int? {
        let pattern = #"^(?:[-*•–]\s+|\(?[0-9]{1,2}[.)]\s+|\(?[a-z]{1,3}\)\s+|\([ivx]{1,4}\)\s+)"#
        guard let range = line.range(of: pattern, options: .regularExpression) else { return nil }
        return line.distance(from: line.startIndex, to: range.upperBound)
    }

    /// A short line that numbers a part: `§ 7 Löschung`, `Art. 3 Pflichten`, `7. Audits`,
    /// `Clause 7 – Audits`, `Anlage 2 – Maßnahmen`.
    static func looksLikeHeading(_ line: String) -> Bool {
        guard line.count <= 90, !line.hasSuffix("."), !line.hasSuffix(","), !line.hasSuffix(";"), !line.hasSuffix(":") else { return false }
        let pattern = #"^(§\s*\d+[a-z]?|art(\.|ikel|icle)\s*\d+|clause\s+\d+|section\s+\d+|ziffer\s+\d+|anlage\s+\d+|annex\s+\d+|appendix\s+\w+|schedule\s+\d+|\d+(\.\d+)*\.?)(\s+[–—-])?\s+\p{L}"#
        return line.lowercased().range(of: pattern, options: .regularExpression) != nil
    }

    static func guessLanguage(_ text: String) -> Language {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter })
        let german: Set<Substring> = ["der", "die", "das", "und", "des", "ist", "nicht", "werden", "oder", "auftragnehmer", "verantwortliche"]
        let english: Set<Substring> = ["the", "and", "of", "is", "not", "shall", "or", "processor", "controller", "to"]
        var score = 0
        for word in words {
            if german.contains(word) { score += 1 }
            if english.contains(word) { score -= 1 }
        }
        return score >= 0 ? .de : .en
    }

    /// A heading that numbers a part (`§ 7`, `Clause 7`, `7.`) rather than describing a list.
    static func numbersAPart(_ heading: String) -> Bool {
        let pattern = #"^(§\s*\d+|art(\.|ikel|icle)\s*\d+|clause\s+\d+|section\s+\d+|ziffer\s+\d+|(anlage|anhang|annex|appendix|schedule)\s+\w+|\d+(\.\d+)*\.?\s)"#
        return heading.lowercased().range(of: pattern, options: .regularExpression) != nil
    }

    /// Headings start sections; a block ending in ':' is the lead-in of the list items
    /// that follow it, read together with each of them. So is a heading that describes
    /// rather than numbers ("Categories of data subjects" over a bullet list).
    static func model(_ blocks: [Block]) -> TextModel {
        var model = TextModel()
        var sectionStart = 0
        var title = ""
        var source: SourceLocation?
        var leadIn: String?
        func closeSection() {
            if model.sentences.count > sectionStart || !title.isEmpty {
                model.sections.append(TextModel.Section(
                    kind: .other, id: "", number: title, title: title, covers: [], source: source,
                    sentences: sectionStart..<model.sentences.count, hasContent: model.sentences.count > sectionStart))
            }
            sectionStart = model.sentences.count
        }
        for block in blocks {
            if block.isHeading {
                closeSection()
                title = block.text
                source = block.location
                leadIn = numbersAPart(block.text) ? nil : block.text
                continue
            }
            var text = block.text
            var prefix = 0
            if block.isListItem, let leadIn {
                text = leadIn + " " + text
                prefix = leadIn.count + 1
            }
            // Each sentence is located on the line it starts on.
            var cursor = text.startIndex
            for sentence in SentenceSplitter.split(text) {
                var location = block.location
                if let range = text.range(of: sentence, range: cursor..<text.endIndex) {
                    location = block.location(at: max(0, text.distance(from: text.startIndex, to: range.lowerBound) - prefix))
                    cursor = range.upperBound
                }
                model.sentences.append(TextModel.Sentence(
                    text: sentence, normalized: Pattern.normalize(sentence), section: model.sections.count,
                    location: location))
            }
            if !block.isListItem { leadIn = block.text.hasSuffix(":") ? block.text : nil }
        }
        closeSection()
        return model
    }
}
