// No Foundation here: its ICU module clashes with the ICU headers libxml2 pulls in.
import CLibXML2

/// What libxml2's XML parser makes of an HTML file: the element structure and the text.
struct XMLStructure: Equatable {
    /// One line per element in document order: depth, name and sorted attribute names.
    var elements: [String]
    /// Every `href` value, in order.
    var hrefs: [String]
    /// The text content, all text nodes joined.
    var text: String
    /// libxml2's first error, if the file is not well-formed.
    var error: String?

    /// Parses `html`; `skipping` names elements left out of `elements` (not their content).
    static func parse(_ html: String, skipping: (_ name: String, _ className: String?) -> Bool = { _, _ in false })
        -> XMLStructure
    {
        xmlResetLastError()
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let bytes = Array(html.utf8)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(chars.count), "document.html", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let document else {
            let message = xmlGetLastError().flatMap { $0.pointee.message }.map { String(cString: $0) } ?? "not well-formed"
            return XMLStructure(elements: [], hrefs: [], text: "", error: message)
        }
        defer { xmlFreeDoc(document) }
        var result = XMLStructure(elements: [], hrefs: [], text: "", error: nil)
        func walk(_ first: UnsafeMutablePointer<xmlNode>?, depth: Int) {
            var node = first
            while let current = node {
                switch current.pointee.type {
                case XML_ELEMENT_NODE:
                    let name = String(cString: current.pointee.name)
                    var attributes: [String] = []
                    var className: String?
                    var attribute = current.pointee.properties
                    while let attr = attribute {
                        let attrName = String(cString: attr.pointee.name)
                        attributes.append(attrName)
                        if let value = xmlGetProp(current, attr.pointee.name) {
                            if attrName == "href" { result.hrefs.append(String(cString: value)) }
                            if attrName == "class" { className = String(cString: value) }
                            cxml_free(value)
                        }
                        attribute = attr.pointee.next
                    }
                    let skipped = skipping(name, className)
                    if !skipped {
                        result.elements.append("\(depth) \(name) [\(attributes.sorted().joined(separator: " "))]")
                    }
                    walk(current.pointee.children, depth: skipped ? depth : depth + 1)
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content { result.text += String(cString: content) }
                default:
                    break
                }
                node = current.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document), depth: 0)
        return result
    }
}
