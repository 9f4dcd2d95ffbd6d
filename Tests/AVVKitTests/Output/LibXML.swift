// No Foundation here: its ICU module clashes with the ICU headers libxml2 pulls in.
import CLibXML2

/// libxml2's XML parser, used to prove the HTML is well-formed XML.
enum LibXML {
    struct Result {
        var errors: [String]
        var root: String?
        var namespace: String?
    }

    static func parse(_ text: String) -> Result {
        xmlResetLastError()
        let bytes = Array(text.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(chars.count), "document.html", "UTF-8", options)
            }
        }
        var errors: [String] = []
        if let error = xmlGetLastError() {
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            errors.append("line \(error.pointee.line): \(message)")
        }
        guard let document else { return Result(errors: errors + ["no document"]) }
        defer { xmlFreeDoc(document) }
        let root = xmlDocGetRootElement(document)
        return Result(
            errors: errors,
            root: root.map { String(cString: $0.pointee.name) },
            namespace: root?.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) })
    }
}
