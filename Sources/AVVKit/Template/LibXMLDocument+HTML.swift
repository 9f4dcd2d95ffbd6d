internal import CLibXML2

extension LibXMLDocument {
    /// A block of text from an HTML page: headings apart, with the line it starts on.
    struct HTMLBlock: Sendable {
        var text: String
        var line: Int
        var isHeading: Bool
        var isListItem: Bool
    }

    private static let blockNames: Set<String> = [
        "p", "div", "li", "section", "article", "blockquote", "dd", "dt", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6", "title", "caption", "header", "footer", "main", "ol", "ul", "body",
    ]

    /// Reads the text of an HTML page (any HTML, forgiving), block by block. Scripts and
    /// styles are skipped. Used for third-party documents, never for templates.
    static func htmlBlocks(_ bytes: [UInt8], file: String) -> [HTMLBlock] {
        _ = initializedForHTML
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        guard !bytes.isEmpty else { return [] }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), file, "UTF-8", options)
            }
        }
        guard let document else { return [] }
        defer { xmlFreeDoc(document) }
        var blocks: [HTMLBlock] = []
        var current = ""
        var currentLine = 1
        var currentHeading = false
        var currentItem = false
        func flush() {
            let text = current.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            if !text.isEmpty {
                blocks.append(HTMLBlock(text: text, line: currentLine, isHeading: currentHeading, isListItem: currentItem))
            }
            current = ""
            currentHeading = false
            currentItem = false
        }
        func walk(_ node: UnsafeMutablePointer<xmlNode>?) {
            var node = node
            while let n = node {
                switch n.pointee.type {
                case XML_ELEMENT_NODE:
                    let name = n.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
                    if name == "script" || name == "style" || name == "head" { break }
                    if name == "br" { current += "\n" }
                    if name == "table" {
                        flush()
                        blocks += tableBlocks(n)
                        break
                    }
                    let isBlock = blockNames.contains(name)
                    if isBlock {
                        flush()
                        currentLine = Int(xmlGetLineNo(n))
                        currentHeading = name.count == 2 && name.first == "h" && name.last!.isNumber
                        currentItem = name == "li"
                    }
                    walk(n.pointee.children)
                    if isBlock { flush() }
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if current.isEmpty { currentLine = Int(xmlGetLineNo(n)) }
                    if let content = n.pointee.content { current += String(cString: content) }
                default:
                    break
                }
                node = n.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document))
        flush()
        return blocks
    }

    /// A table reads as one sentence per row, each cell after its column header:
    /// "Name: Rheinhost GmbH; Anschrift: …; Leistung: …", as the checker reads rendered tables.
    private static func tableBlocks(_ table: UnsafeMutablePointer<xmlNode>) -> [HTMLBlock] {
        var rows: [(cells: [String], header: Bool, line: Int)] = []
        func text(_ node: UnsafeMutablePointer<xmlNode>) -> String {
            guard let content = xmlNodeGetContent(node) else { return "" }
            defer { cxml_free(content) }
            return String(cString: content).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        func collect(_ node: UnsafeMutablePointer<xmlNode>?) {
            var node = node
            while let n = node {
                if n.pointee.type == XML_ELEMENT_NODE {
                    let name = n.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
                    if name == "tr" {
                        var cells: [String] = []
                        var allHeaders = true
                        var cell = n.pointee.children
                        while let c = cell {
                            let cellName = c.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
                            if c.pointee.type == XML_ELEMENT_NODE, cellName == "td" || cellName == "th" {
                                cells.append(text(c))
                                if cellName == "td" { allHeaders = false }
                            }
                            cell = c.pointee.next
                        }
                        rows.append((cells, allHeaders && !cells.isEmpty, Int(xmlGetLineNo(n))))
                    } else if name != "table" {
                        collect(n.pointee.children)
                    }
                }
                node = n.pointee.next
            }
        }
        collect(table.pointee.children)
        let header = rows.first { $0.header }?.cells
        return rows.filter { !$0.header }.map { row in
            let cells = row.cells.enumerated().map { i, value in
                if let header, i < header.count, !header[i].isEmpty { return "\(header[i]): \(value)" }
                return value
            }
            return HTMLBlock(text: cells.joined(separator: "; "), line: row.line, isHeading: false, isListItem: false)
        }
    }

    private static let initializedForHTML: Bool = {
        xmlInitParser()
        return true
    }()
}
