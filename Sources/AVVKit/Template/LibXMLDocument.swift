internal import CLibXML2
import Foundation

/// The one place where avv touches libxml2: parse bytes into an ``XMLElement`` tree with
/// exact source positions, turning libxml2's errors into ``Diagnostic``s.
///
/// libxml2's tree is freed before `parse` returns; nothing C-typed escapes this file.
enum LibXMLDocument {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses a whole template. Throws the first well-formedness error (later libxml2
    /// errors are mostly consequences of the first).
    static func parse(_ source: TemplateSource) throws(DiagnosticsError) -> XMLElement {
        _ = initialized
        guard !source.bytes.isEmpty else {
            throw DiagnosticsError([
                Diagnostic(.error, .xmlNotWellFormed, "the template is empty; expected an XHTML document",
                           at: SourceLocation(file: source.file, line: 1, column: 1))
            ])
        }
        final class ErrorBox { var first: (message: String, line: Int, column: Int)? }
        let box = ErrorBox()
        let boxPointer = Unmanaged.passUnretained(box).toOpaque()
        xmlSetStructuredErrorFunc(boxPointer) { context, error in
            guard let context, let error else { return }
            let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
            guard box.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
            box.first = (message.trimmingCharacters(in: .whitespacesAndNewlines),
                         Int(error.pointee.line), Int(error.pointee.int2))
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        let document = source.bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), source.file, "UTF-8", options)
            }
        }
        defer { if let document { xmlFreeDoc(document) } }

        if let error = box.first {
            let location = SourceLocation(file: source.file, line: max(1, error.line), column: max(1, error.column))
            if error.message.hasPrefix("Excessive depth in document") {
                throw DiagnosticsError([Diagnostic(
                    .error, .inputTooLarge,
                    "elements nest deeper than \(TemplateCompiler.maxNestingDepth) levels (partials included); flatten the template",
                    at: location)])
            }
            throw DiagnosticsError([
                Diagnostic(.error, .xmlNotWellFormed, "malformed XML: \(error.message)", at: location)
            ])
        }
        // Declarations in the DOCTYPE (entities above all) would let a template expand text
        // behind the reader's back; templates write characters themselves.
        if let dtd = document?.pointee.intSubset, dtd.pointee.children != nil {
            let doctype = Array("<!DOCTYPE".utf8)
            let offset = source.bytes.indices.first { i in
                i + doctype.count <= source.bytes.count && Array(source.bytes[i..<(i + doctype.count)]) == doctype
            } ?? 0
            throw DiagnosticsError([Diagnostic(
                .error, .xmlNotWellFormed,
                "declarations inside <!DOCTYPE …[ ]> (such as <!ENTITY>) are not supported; write <!DOCTYPE html> or leave it out",
                at: source.location(ofOffset: offset), length: 9)])
        }
        guard let document, let root = xmlDocGetRootElement(document) else {
            throw DiagnosticsError([
                Diagnostic(.error, .xmlNotWellFormed, "no root element; expected an XHTML document",
                           at: SourceLocation(file: source.file, line: 1, column: 1))
            ])
        }
        var scanner = SourceScanner(source: source)
        var problems: [Diagnostic] = []
        let element = convert(root, scanner: &scanner, problems: &problems)
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return element
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }

    private static func qualified(_ name: String, _ ns: UnsafeMutablePointer<xmlNs>?) -> String {
        guard let prefix = ns?.pointee.prefix else { return name }
        return string(prefix) + ":" + name
    }

    private static func convert(
        _ node: UnsafeMutablePointer<xmlNode>, scanner: inout SourceScanner, problems: inout [Diagnostic]
    ) -> XMLElement {
        let localName = string(node.pointee.name)
        let qname = qualified(localName, node.pointee.ns)
        let tag = scanner.startTag(qname)

        var attributes: [XMLAttribute] = []
        var attribute = node.pointee.properties
        while let attr = attribute {
            let name = string(attr.pointee.name)
            let aq = qualified(name, attr.pointee.ns)
            var value = ""
            if let content = xmlNodeListGetString(node.pointee.doc, attr.pointee.children, 1) {
                value = String(cString: content)
                cxml_free(content)
            }
            let positions = tag.attributes[aq]
            attributes.append(XMLAttribute(
                localName: name,
                namespace: attr.pointee.ns.map { string($0.pointee.href) },
                qualifiedName: aq,
                value: value,
                location: positions?.name ?? tag.location,
                valueLocation: positions?.value ?? tag.location))
            attribute = attr.pointee.next
        }

        var children: [XMLContent] = []
        var pendingText: String?
        func flushText() {
            guard let text = pendingText else { return }
            pendingText = nil
            let region = scanner.text()
            children.append(.text(text, location: region.location, markers: region.markers))
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if pendingText != nil { flushText() } else { _ = scanner.text() }
                children.append(.element(convert(current, scanner: &scanner, problems: &problems)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                pendingText = (pendingText ?? "") + string(current.pointee.content)
            case XML_ENTITY_REF_NODE:
                problems.append(Diagnostic(
                    .error, .xmlNotWellFormed,
                    "entity reference '&\(string(current.pointee.name));' is not supported; write the character itself or a numeric reference such as '&#160;'",
                    at: SourceLocation(file: scanner.source.file, line: Int(xmlGetLineNo(current)), column: 1)))
            default:
                // Comments and processing instructions carry no content.
                break
            }
            child = current.pointee.next
        }
        flushText()
        if !tag.selfClosing { scanner.endTag(qname) }
        return XMLElement(
            localName: localName,
            namespace: node.pointee.ns.map { string($0.pointee.href) },
            qualifiedName: qname,
            attributes: attributes,
            children: children,
            location: tag.location,
            sourceRange: tag.offset..<max(tag.offset, scanner.position))
    }
}
