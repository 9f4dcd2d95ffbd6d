// TEMPORARY: stands in for the schema model until the data branch lands.
import Foundation

public struct JSONSchema: Sendable {
    public var root: SchemaNode
    public static func load(path: String, displayPath: String? = nil) throws(DiagnosticsError) -> JSONSchema {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DiagnosticsError([Diagnostic(.error, .schemaInvalid, "cannot read schema \(path)")])
        }
        let defs = object["$defs"] as? [String: Any] ?? [:]
        return JSONSchema(root: SchemaNode(object, defs: defs, depth: 0))
    }
}

public struct SchemaNode: Sendable {
    public var types: [String]
    public var enumValues: [DataValue]?
    public var format: String?
    public var propertyNames: [String]
    final class Box: Sendable { let props: [String: SchemaNode]; let items: SchemaNode?
        init(props: [String: SchemaNode], items: SchemaNode?) { self.props = props; self.items = items } }
    let box: Box
    init(_ raw: [String: Any], defs: [String: Any], depth: Int) {
        var raw = raw
        if let ref = raw["$ref"] as? String, let name = ref.split(separator: "/").last, let d = defs[String(name)] as? [String: Any] { raw = d }
        if let t = raw["type"] as? String { types = [t] } else { types = raw["type"] as? [String] ?? [] }
        format = raw["format"] as? String
        if let e = raw["enum"] as? [String] { enumValues = e.map { .string($0) } } else { enumValues = nil }
        let props = raw["properties"] as? [String: Any] ?? [:]
        propertyNames = props.keys.sorted()
        var p: [String: SchemaNode] = [:]
        if depth < 20 { for (k, v) in props { p[k] = SchemaNode(v as? [String: Any] ?? [:], defs: defs, depth: depth + 1) } }
        let items = (raw["items"] as? [String: Any]).flatMap { depth < 20 ? SchemaNode($0, defs: defs, depth: depth + 1) : nil }
        box = Box(props: p, items: items)
    }
    public func property(_ name: String) -> SchemaNode? { box.props[name] }
    public var items: SchemaNode? { box.items }
    public var isArray: Bool { types.contains("array") }
    public var isObject: Bool { types.contains("object") }
}
