import AVVKit
import CLibXML2
import Foundation

/// What both harnesses share: the "everything" fixture (templates, schema, customer) and
/// the oracle that every document avv writes must pass.
public enum FuzzSupport {
    /// `Tests/AVVKitTests/Fixtures/Everything`, found from this file's location.
    public static let fixture: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Tests/AVVKitTests/Fixtures/Everything").path
    }()

    /// A private copy of the fixture in a temporary folder, German only, that a harness may
    /// change; the same folder for the whole run.
    public static let workspace: String = {
        let path = NSTemporaryDirectory() + "avv-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.copyItem(atPath: fixture, toPath: path)
            let manifest = """
                {"version": "fuzz", "schema": "schema.json", "languages": ["de"], "documents": ["everything"],
                 "output": {"customer": "controller.name", "contract": "contract.number"}}
                """
            try manifest.write(toFile: path + "/templates.json", atomically: false, encoding: .utf8)
        } catch {
            fatalError("cannot prepare the fuzz workspace: \(error)")
        }
        atexit { try? FileManager.default.removeItem(atPath: FuzzSupport.workspace) }
        return path
    }()

    /// Renders every document for `data` and checks what the writers produce.
    public static func generateAndCheck(_ templates: TemplateSet, _ data: CustomerData) {
        let result: Generator.Result
        do throws(DiagnosticsError) {
            result = try Generator.generate(templates: templates, data: data, language: .de, date: "2026-11-22")
        } catch {
            precondition(!error.diagnostics.isEmpty, "a failed render must say why")
            return
        }
        for file in result.files {
            let text = String(decoding: file.contents, as: UTF8.self)
            check(text, path: file.relativePath)
        }
        for document in result.documents {
            _ = HTMLWriter.write(document, textHash: TextWriter.textHash(document))
        }
    }

    /// Whether a browser reads `href` as a fragment, an `http(s)`, `mailto` or `tel` link or a
    /// relative one. Browsers drop tabs and line breaks and trim spaces and C0 controls
    /// first; a scheme is `[A-Za-z][A-Za-z0-9+.-]*` before the first `:`.
    public static func isSafeLink(_ href: String) -> Bool {
        var scalars = href.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        let url = String(String.UnicodeScalarView(scalars))
        guard let colon = url.firstIndex(of: ":") else { return true }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return true }
        return ["http", "https", "mailto", "tel"].contains(scheme.lowercased())
    }

    /// The oracle: valid UTF-8 without characters XML forbids; HTML well-formed XML with no
    /// script, event handler or `javascript:` link; paths inside the output folder.
    public static func check(_ text: String, path: String) {
        precondition(!path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "path escapes: \(path)")
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let forbidden = (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
            precondition(!forbidden, "\(path) carries U+\(String(v, radix: 16))")
        }
        guard path.hasSuffix(".html") else { return }
        let bytes = Array(text.utf8)
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlReadMemory($0.baseAddress, Int32($0.count), "out.html", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let document else { preconditionFailure("\(path) is not well-formed XML") }
        defer { xmlFreeDoc(document) }
        func walk(_ node: UnsafeMutablePointer<xmlNode>?) {
            var node = node
            while let current = node {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let name = String(cString: current.pointee.name)
                    precondition(!["script", "iframe", "object", "embed", "img", "link", "base", "form"].contains(name),
                                 "\(path) contains <\(name)>")
                    var attribute = current.pointee.properties
                    while let attr = attribute {
                        let attrName = String(cString: attr.pointee.name).lowercased()
                        precondition(!attrName.hasPrefix("on"), "\(path) contains an event handler \(attrName)")
                        if attrName == "href", let value = xmlGetProp(current, attr.pointee.name) {
                            let href = String(cString: value)
                            cxml_free(value)
                            precondition(isSafeLink(href), "\(path) links to \(href)")
                        }
                        attribute = attr.pointee.next
                    }
                    walk(current.pointee.children)
                }
                node = current.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document))
    }
}
