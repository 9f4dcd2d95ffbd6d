// avv against peer template engines on the shipped German AV-Vertrag, and avv's own stages.
//
//   avv-bench [--templates DIR] [--profile NAME] [--seconds S]
//       prints the table: compile time, render time (median), documents per second, ratio
//   avv-bench --only NAME --runs N
//       runs one operation N times and prints nothing (for callgrind; see Scripts/callgrind.sh)
//
// NAME is an engine (avv, mustache, stencil), `general`, or an avv stage (data, validate,
// manifest, render, check, catalog, check-cold, html, text, pipeline, documents, side-by-side,
// generate, generate-side).
import AVVKit
import Foundation
import Mustache
import Stencil

// MARK: - Options

struct Options {
    var templates = "../Templates"
    var peers = "Peers"
    var profile = "intellekta"
    var seconds = 1.0
    var only: String?
    var runs = 1

    init() {
        var args = CommandLine.arguments.dropFirst()
        while let arg = args.popFirst() {
            func value() -> String {
                guard let v = args.popFirst() else { fail("\(arg) needs a value") }
                return v
            }
            switch arg {
            case "--templates": templates = value()
            case "--peers": peers = value()
            case "--profile": profile = value()
            case "--seconds": seconds = Double(value()) ?? 1
            case "--only": only = value()
            case "--runs": runs = Int(value()) ?? 1
            default: fail("unknown argument \(arg)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("avv-bench: \(message)\n".utf8))
    exit(64)
}

func orFail<T>(_ body: () throws -> T) -> T {
    do { return try body() } catch let error as DiagnosticsError {
        fail(DiagnosticFormatter.plain.format(error.diagnostics))
    } catch {
        fail("\(error)")
    }
}

// MARK: - Timing

/// Microseconds per call: the median of repeated runs within `seconds` (at least 5 runs).
func median(seconds: Double, _ body: () -> Void) -> Double {
    body()  // warm-up
    var samples: [Double] = []
    let budget = UInt64(seconds * 1e9)
    let start = DispatchTime.now().uptimeNanoseconds
    while samples.count < 5 || (DispatchTime.now().uptimeNanoseconds - start < budget && samples.count < 100_000) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000)
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Keeps results alive so that the optimiser cannot drop the work.
nonisolated(unsafe) var sink = 0
@inline(never) func consume(_ bytes: Data) { sink &+= bytes.count }
@inline(never) func consume(_ count: Int) { sink &+= count }

// MARK: - Text comparison

/// What a reader sees: the body without markup, entities decoded, all white space removed.
func visibleText(_ html: String) -> String {
    var chars = Array(html)
    if let body = html.range(of: "<body") { chars = Array(html[body.lowerBound...]) }
    var out = ""
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if c == "<" {
            while i < chars.count, chars[i] != ">" { i += 1 }
            i += 1
            continue
        }
        if c == "&" {
            // An entity: letters, digits or '#' up to ';'.
            var j = i + 1
            while j < chars.count, j - i < 12, chars[j].isLetter || chars[j].isNumber || chars[j] == "#" { j += 1 }
            if j < chars.count, chars[j] == ";", j > i + 1 {
                out += decode(String(chars[(i + 1)..<j]))
                i = j + 1
                continue
            }
        }
        if !c.isWhitespace, c != "\u{00AD}" { out.append(c) }
        i += 1
    }
    return out
}

func decode(_ entity: String) -> String {
    switch entity {
    case "amp": return "&"
    case "lt": return "<"
    case "gt": return ">"
    case "quot": return "\""
    case "apos": return "'"
    case "nbsp": return ""
    default:
        if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16),
           let scalar = Unicode.Scalar(v) { return String(scalar) }
        if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(v) {
            return String(scalar)
        }
        return "&\(entity);"
    }
}

/// Nil when equal; otherwise where the texts part.
func difference(_ a: String, _ b: String) -> String? {
    if a == b { return nil }
    let x = Array(a), y = Array(b)
    var i = 0
    while i < x.count, i < y.count, x[i] == y[i] { i += 1 }
    let from = max(0, i - 60)
    return "texts differ at character \(i) of \(x.count)/\(y.count):\n  avv:  …\(String(x[from..<min(x.count, i + 60)]))\n  peer: …\(String(y[from..<min(y.count, i + 60)]))"
}

// MARK: - Data for the peers

/// A DataValue as the plain Swift values Mustache and Stencil read.
func plain(_ value: DataValue) -> Any {
    switch value {
    case .null: return Optional<String>.none as Any
    case .bool(let b): return b
    case .integer(let i): return i
    case .number(let d): return d
    case .string(let s): return s
    case .array(let a): return a.map(plain)
    case .object(let o): return o.mapValues(plain)
    }
}

// MARK: - Setup

let options = Options()
let date = "2026-11-22"
let kind = "av-vertrag"
let language = Language.de
let profilePath = "\(options.templates)/examples/\(options.profile).yaml"

var compileMicros: [String: Double] = [:]
var t0 = DispatchTime.now().uptimeNanoseconds
let set = orFail { try TemplateSet.load(directory: options.templates) }
compileMicros["avv"] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000
let catalog = orFail { try RequirementCatalog.load(for: set) }
let customer = orFail { try CustomerData.load(path: profilePath, schema: set.schema) }
/// The profile as loaded from YAML, not yet validated (what a batch validates per customer).
let loadedProfile = orFail { try DataLoader.load(path: profilePath) }
/// The manifest's inputs, hashed once.
let inputs = Generator.inputHashes([profilePath] + set.inputFiles(for: language))
/// The manifest `avv generate` writes for the profile, approvals included (as a batch writes it).
let manifest: Manifest = {
    let approval = orFail { try ApprovalState.load(for: set) }
    let result = orFail {
        try Generator.generate(templates: set, data: customer, language: language, date: date, catalog: catalog)
    }
    guard let file = result.files.first(where: { $0.relativePath.hasSuffix(".json") }),
          var manifest = try? JSONDecoder().decode(Manifest.self, from: file.contents)
    else { fail("generate wrote no manifest") }
    manifest.approval = approval.manifestRecord(for: result.documents, draft: false)
    return manifest
}()
let documentID = "bench-\(kind)-de"

func render(_ kind: String) -> Document {
    orFail { try set.render(kind, language: language, data: customer.value, date: date, documentID: documentID) }
}

let document = render(kind)
let textHash = TextWriter.textHash(document)
let avvHTML = HTMLWriter.write(document, textHash: textHash)

/// The AV-Vertrag's HTML straight from the compiled template (what `avv generate` writes).
func directHTML(_ kind: String, textHash: String) -> [UInt8] {
    guard let bytes = set.renderHTML(kind, language: language, data: customer.value, date: date,
                                     documentID: documentID, textHash: textHash)
    else { fail("the direct HTML path declined \(kind)") }
    return bytes
}
guard directHTML(kind, textHash: textHash) == Array(avvHTML.utf8) else {
    fail("the direct HTML path and the writer disagree")
}

// The peers' templates and data (Scripts/translate.py writes them), loaded when used.
enum Peers {
    static let base = "\(options.peers)/\(kind).\(language.rawValue)"
    nonisolated(unsafe) static let data: [String: Any] = {
        var data = orFail { try DataLoader.load(path: "\(base).\(options.profile).json") }.root
        // What only avv knows about this run: the stamp.
        if case .object(var members) = data {
            members["stamp"] = .object([
                "documentID": .string(documentID), "templateVersion": .string(set.version),
                "date": .string("22.11.2026"), "textHash": .string(textHash),
            ])
            data = .object(members)
        }
        return plain(data) as! [String: Any]
    }()
    static let mustacheSource = orFail { try String(contentsOfFile: "\(base).mustache", encoding: .utf8) }
    static let stencilSource = orFail { try String(contentsOfFile: "\(base).stencil", encoding: .utf8) }
    nonisolated(unsafe) static let environment = Environment()
    nonisolated(unsafe) static var compileMicros: [String: Double] = [:]
    static let mustache: MustacheTemplate = {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let template = orFail { try MustacheTemplate(string: mustacheSource) }
        compileMicros["mustache"] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000
        return template
    }()
    nonisolated(unsafe) static let stencil: Template = {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let template = Template(templateString: stencilSource, environment: environment)
        compileMicros["stencil"] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000
        return template
    }()
}

// MARK: - Operations

/// Each operation does one unit of work and hands its result to `consume`.
let operations: [(name: String, what: String, run: () -> Void)] = [
    ("avv", "render the AV-Vertrag to HTML bytes", {
        consume(directHTML(kind, textHash: textHash).count)
    }),
    ("mustache", "render the AV-Vertrag to HTML bytes", {
        consume(Data(Peers.mustache.render(Peers.data).utf8))
    }),
    ("stencil", "render the AV-Vertrag to HTML bytes", {
        consume(Data(orFail { try Peers.stencil.render(Peers.data) }.utf8))
    }),
    ("data", "load + validate the profile (YAML)", {
        consume(orFail { try CustomerData.load(path: profilePath, schema: set.schema) }.sourceMap.contains("") ? 1 : 0)
    }),
    ("validate", "validate the loaded profile against the schema", {
        consume(orFail { try CustomerData.validated(loadedProfile, schema: set.schema) }.sourceMap.contains("") ? 1 : 0)
    }),
    ("manifest", "encode the manifest of both documents, approvals included", {
        consume(manifest.encoded().count)
    }),
    ("general", "render to a Document + HTML writer (the path the direct one replaces)", {
        consume(Data(HTMLWriter.write(render(kind), textHash: textHash).utf8))
    }),
    ("render", "render the AV-Vertrag to a Document", { consume(render(kind).blocks.count) }),
    ("check", "check the AV-Vertrag", {
        consume(DocumentChecker.check(document, catalog: catalog, templates: set, data: customer.value).count)
    }),
    ("catalog", "load the requirement catalog", {
        consume(orFail { try RequirementCatalog.load(for: set) }.requirements.count)
    }),
    // A fresh catalog knows no sentence yet: this minus `catalog` is the first check of a
    // process (every sentence matched anew).
    ("check-cold", "load the catalog + check the AV-Vertrag with it (cold)", {
        let fresh = orFail { try RequirementCatalog.load(for: set) }
        consume(DocumentChecker.check(document, catalog: fresh, templates: set, data: customer.value).count)
    }),
    ("html", "HTML writer (AV-Vertrag)", { consume(HTMLWriter.write(document, textHash: textHash).utf8.count) }),
    // The bytes and hash `avv generate` writes (no `String` made of them).
    ("text", "text writer with its hash (AV-Vertrag)", { consume(TextWriter.writeBytesWithHash(document).bytes.count) }),
    ("pipeline", "render + check + HTML + text, both documents", {
        for kind in set.kinds {
            let doc = render(kind)
            consume(DocumentChecker.check(doc, catalog: catalog, templates: set, data: customer.value).count)
            let (text, hash) = TextWriter.writeBytesWithHash(doc)
            consume(directHTML(kind, textHash: hash).count + text.count)
        }
    }),
    // What `generate` does per customer without hashing the input files (a batch hashes them
    // once): one document after the other, then side by side on two threads.
    ("documents", "Generator.generate, inputs hashed beforehand, one document after the other", {
        consume(orFail {
            try Generator.generate(templates: set, data: customer, language: language, date: date, catalog: catalog,
                                   inputs: inputs)
        }.files.count)
    }),
    ("side-by-side", "Generator.generate, inputs hashed beforehand, the documents side by side", {
        consume(orFail {
            try Generator.generate(templates: set, data: customer, language: language, date: date, catalog: catalog,
                                   inputs: inputs, sideBySide: true)
        }.files.count)
    }),
    ("generate", "Generator.generate in memory, both documents + manifest", {
        let result = orFail {
            try Generator.generate(templates: set, data: customer, language: language, date: date, catalog: catalog)
        }
        consume(result.files.count)
    }),
    ("generate-side", "Generator.generate in memory, side by side, inputs hashed on a spare thread", {
        consume(orFail {
            try Generator.generate(templates: set, data: customer, language: language, date: date, catalog: catalog,
                                   sideBySide: true)
        }.files.count)
    }),
]

if let only = options.only {
    guard let op = operations.first(where: { $0.name == only }) else { fail("no operation '\(only)'") }
    for _ in 0..<options.runs { op.run() }
    exit(0)
}

// MARK: - The table

let avvText = visibleText(avvHTML)
var mismatch = false
for (name, html) in [("mustache", Peers.mustache.render(Peers.data)), ("stencil", orFail { try Peers.stencil.render(Peers.data) })] {
    if let diff = difference(avvText, visibleText(html)) {
        print("\(name): output does NOT match avv's text: \(diff)")
        mismatch = true
    } else {
        print("\(name): text content matches avv (\(avvText.count) visible characters; HTML \(html.utf8.count) bytes vs avv \(avvHTML.utf8.count))")
    }
}

func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
func fmt(_ v: Double) -> String { v >= 100 ? String(format: "%.0f", v) : String(format: "%.1f", v) }

print("")
print("Engines: \(kind).\(language.rawValue) for profile '\(options.profile)' (median of repeated runs, \(options.seconds) s each)")
print(row(["engine", "compile µs", "render µs (median)", "documents/s", "× avv"]))
print(row(["---", "---:", "---:", "---:", "---:"]))
var avvMicros = 0.0
for name in ["avv", "mustache", "stencil"] {
    let op = operations.first { $0.name == name }!
    let micros = median(seconds: options.seconds, op.run)
    if name == "avv" { avvMicros = micros }
    print(row([name, fmt(compileMicros[name] ?? Peers.compileMicros[name] ?? 0), fmt(micros), String(Int(1e6 / micros)),
               String(format: "%.1f", micros / avvMicros)]))
}
print("")
print("avv stages")
print(row(["stage", "µs (median)", "per second"]))
print(row(["---", "---:", "---:"]))
for op in operations.dropFirst(3) {
    let micros = median(seconds: options.seconds, op.run)
    print(row([op.what, fmt(micros), String(Int(1e6 / micros))]))
}
if mismatch { exit(1) }
