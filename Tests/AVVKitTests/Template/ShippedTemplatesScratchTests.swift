// TEMPORARY scratch test for the shipped template set (branch `templates`).
// Loads Templates/, renders both documents in German and English for every example customer
// and writes the plain text to $AVV_RENDER_OUT (default /tmp/avv-rendered) for reading.
// The example YAML files are converted to JSON beforehand into $AVV_EXAMPLES_JSON
// (default /tmp/avv-examples), e.g.:
//   for f in Templates/examples/*.yaml; do python3 -c 'import sys,yaml,json; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2],"w"))' "$f" /tmp/avv-examples/$(basename "$f" .yaml).json; done
// Delete once the data branch can load YAML and the golden-output tests exist.
import Foundation
import Testing
@testable import AVVKit

private let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let templatesDirectory = repository.appendingPathComponent("Templates").path
private let environment = ProcessInfo.processInfo.environment
private let examplesJSON = environment["AVV_EXAMPLES_JSON"] ?? "/tmp/avv-examples"
private let renderOut = environment["AVV_RENDER_OUT"] ?? "/tmp/avv-rendered"

/// JSONSerialization output to the engine's data model.
private func dataValue(_ any: Any) -> DataValue {
    switch any {
    case let s as String: return .string(s)
    case let n as NSNumber:
        if String(describing: type(of: n)).contains("Bool") { return .bool(n.boolValue) }
        let d = n.doubleValue
        if d == d.rounded(), abs(d) < 1e15, !"\(n)".contains(".") { return .integer(n.intValue) }
        return .number(d)
    case let a as [Any]: return .array(a.map(dataValue))
    case let o as [String: Any]: return .object(o.mapValues(dataValue))
    default: return .null
    }
}

/// The rendered document as indented plain text.
private func plainText(_ doc: Document) -> String {
    var lines: [String] = ["# " + doc.title]
    func walk(_ blocks: [Block], _ indent: String) {
        for block in blocks {
            switch block {
            case .heading(let h): lines.append(indent + String(repeating: "#", count: h.level) + " " + h.content.plainText)
            case .paragraph(let p): lines.append(indent + (p.number.map { $0 + " " } ?? "") + p.content.plainText)
            case .list(let l):
                for item in l.items {
                    lines.append(indent + (item.label ?? "•"))
                    walk(item.blocks, indent + "    ")
                }
            case .table(let t):
                for row in t.rows { lines.append(indent + "| " + row.cells.map { $0.content.plainText }.joined(separator: " | ") + " |") }
            case .clause(let s), .annex(let s):
                lines.append("")
                lines.append(indent + s.number + " " + s.title.plainText + "   [covers: " + s.covers.joined(separator: " ") + "]")
                walk(s.blocks, indent + "  ")
            case .signatures(let s):
                for party in s.parties {
                    lines.append(indent + "[\(party.role)] \(party.name.plainText) — Ort: \(party.place ?? "") — Name: \(party.signatory ?? "") — Funktion: \(party.function ?? "")")
                }
            case .tableOfContents: lines.append(indent + "[Inhaltsverzeichnis]")
            }
        }
    }
    walk(doc.blocks, "")
    return lines.joined(separator: "\n") + "\n"
}

private func format(_ error: DiagnosticsError) -> String {
    DiagnosticFormatter { try? String(contentsOfFile: $0, encoding: .utf8) }.format(error.diagnostics)
}

@Test func shippedTemplatesLoadAndRenderEveryExample() throws {
    let set: TemplateSet
    do {
        set = try TemplateSet.load(directory: templatesDirectory)
    } catch {
        Issue.record("Templates/ does not load:\n\(format(error))")
        return
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: examplesJSON).filter { $0.hasSuffix(".json") }.sorted()
    #expect(!files.isEmpty, "no example JSON in \(examplesJSON); convert Templates/examples/*.yaml first")
    try FileManager.default.createDirectory(atPath: renderOut, withIntermediateDirectories: true)
    for file in files {
        let name = (file as NSString).deletingPathExtension
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: examplesJSON + "/" + file)))
        let data = dataValue(json)
        for kind in set.kinds {
            for language in [Language.de, .en] {
                let doc: Document
                do {
                    doc = try set.render(kind, language: language, data: data, date: "2026-11-22", documentID: "x")
                } catch {
                    Issue.record("\(name) \(kind) \(language.rawValue):\n\(format(error))")
                    continue
                }
                let text = plainText(doc)
                try text.write(toFile: "\(renderOut)/\(name).\(kind).\(language.rawValue).txt", atomically: true, encoding: .utf8)
                #expect(!text.contains("{{"), "\(name) \(kind) \(language.rawValue): unrendered placeholder")
            }
        }
    }
}
