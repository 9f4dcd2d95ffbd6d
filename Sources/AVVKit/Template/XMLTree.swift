/// An XML element as avv reads it from a template: names, attributes, children and the
/// exact source positions that diagnostics need. Built by ``LibXMLDocument``; libxml2's own
/// tree is freed right after parsing.
struct XMLElement: Sendable {
    var localName: String
    var namespace: String?
    /// The name as written, e.g. `avv:each` or `p`.
    var qualifiedName: String
    var attributes: [XMLAttribute]
    var children: [XMLContent]
    /// Where `<` of the start tag stands.
    var location: SourceLocation
    /// The element's bytes in its file: from `<` of the start tag to after the end tag.
    var sourceRange: Range<Int> = 0..<0

    func attribute(_ localName: String, namespace: String?) -> XMLAttribute? {
        attributes.first { $0.localName == localName && $0.namespace == namespace }
    }
}

struct XMLAttribute: Sendable {
    var localName: String
    var namespace: String?
    var qualifiedName: String
    var value: String
    /// Where the attribute's name starts.
    var location: SourceLocation
    /// Where the first character of its value starts (after the quote).
    var valueLocation: SourceLocation
}

enum XMLContent: Sendable {
    case element(XMLElement)
    /// Character data; `markers` are the positions of each `{{` in it, in order.
    case text(String, location: SourceLocation, markers: [SourceLocation])
}
