import Foundation

/// The requirement catalog: what a DPA and the remote-maintenance terms must say, and which
/// wording is risky. Data under `Templates/requirements/`, reviewed like the templates.
public struct RequirementCatalog: Sendable {
    public enum Severity: String, Sendable, Hashable, CaseIterable {
        /// Missing makes the document non-compliant.
        case must
        /// Best practice; missing is a warning.
        case should
        /// Required only when its data condition holds.
        case conditional
    }

    /// One part of the evidence: found when any of its patterns matches a sentence.
    public struct Element: Sendable {
        /// What the element stands for, in plain English ("returning data").
        public var about: String
        var patterns: [Pattern]
    }

    public struct Requirement: Sendable, Identifiable {
        public var id: String
        public var reference: [Language: String]
        public var severity: Severity
        public var statement: [Language: String]
        /// For conditional requirements: the condition in words.
        public var conditionText: [Language: String]?
        /// For conditional requirements: the data condition (a template expression).
        var condition: CompiledExpression?
        public var conditionSource: String?
        /// Document kinds the requirement applies to.
        public var documents: [String]
        /// Every element must be found in one sentence.
        public var evidence: [Language: [Element]]
        /// Whether any sentence of the document may carry the evidence (for what stands
        /// outside clauses), rather than only clauses that claim the id.
        public var documentScope: Bool
        public var location: SourceLocation?
    }

    /// Risky wording: a sentence that matches a trigger (and a context, when given) is a
    /// finding unless its clause also matches an `unless` pattern.
    public struct Rule: Sendable, Identifiable {
        public var id: String
        public var reference: String
        public var severity: Diagnostic.Severity
        public var message: String
        public var documents: [String]?
        var triggers: [Pattern]
        /// All triggers as one alternation, when the rule needs no number from its match:
        /// one match attempt per sentence instead of one per trigger, with the same answer.
        var anyTrigger: Pattern? = nil
        var contexts: [Pattern]
        var unless: [Pattern]
        /// When set, the trigger's first group is a number that must reach this value.
        public var atLeast: Int?
        public var location: SourceLocation?
    }

    /// Where the data lists sub-processors, for the third-country check: every entry whose
    /// country is outside the EEA must name a transfer mechanism.
    public struct Transfers: Sendable {
        public var list: [String]
        public var name: String
        public var country: String
        public var mechanism: String
    }

    public var requirements: [Requirement] {
        didSet { requirementNumbers = Self.numbers(of: requirements) }
    }
    /// The index in ``requirements`` of each id: each check looks up the claims of its clauses.
    private(set) var requirementNumbers: [String: Int]
    public var rules: [Rule]
    public var transfers: Transfers?
    /// The document kind that is the data-processing agreement (checked for third-party DPAs).
    public var dpa: String
    public var file: String
    /// Sentences and pattern results of the documents checked with this catalog.
    let memo = CheckMemo()

    public static let fileName = "requirements/catalog.yaml"

    init(requirements: [Requirement], rules: [Rule], transfers: Transfers?, dpa: String, file: String) {
        self.requirements = requirements
        requirementNumbers = Self.numbers(of: requirements)
        self.rules = rules
        self.transfers = transfers
        self.dpa = dpa
        self.file = file
    }

    public func requirement(_ id: String) -> Requirement? { requirements.first { $0.id == id } }

    private static func numbers(of requirements: [Requirement]) -> [String: Int] {
        Dictionary(requirements.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension RequirementCatalog {
    /// Whether a pattern source refers to a group (`\k<name>`, `\1`…`\9`): such triggers
    /// cannot be joined into one alternation.
    static func refersToGroups(_ source: String) -> Bool {
        let bytes = Array(source.utf8)
        for i in bytes.indices.dropLast() where bytes[i] == UInt8(ascii: "\\") {
            let next = bytes[i + 1]
            if next == UInt8(ascii: "k"), i + 2 < bytes.count, bytes[i + 2] == UInt8(ascii: "<") { return true }
            if next >= UInt8(ascii: "1"), next <= UInt8(ascii: "9") { return true }
        }
        return false
    }

    /// The set's catalog, or nil when the set has none (then nothing is checked).
    public static func loadIfPresent(for set: TemplateSet) throws(DiagnosticsError) -> RequirementCatalog? {
        let path = path(in: set.directory)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try load(DataLoader.load(path: path), for: set)
    }

    /// Loads and checks the catalog of a template set: its shape, its patterns, and its
    /// conditions against the set's data schema.
    public static func load(for set: TemplateSet) throws(DiagnosticsError) -> RequirementCatalog {
        try load(DataLoader.load(path: path(in: set.directory)), for: set)
    }

    /// The catalog file of the template set in `directory`.
    static func path(in directory: String) -> String {
        TemplateCompiler.normalize((directory as NSString).appendingPathComponent(fileName))
    }

    /// Checks the catalog file as loaded (``path(in:)``) against its shape and the set.
    static func load(_ loaded: LoadedData, for set: TemplateSet) throws(DiagnosticsError) -> RequirementCatalog {
        let path = loaded.file
        let shape = try catalogShape.get()
        var diagnostics = SchemaValidator.validate(loaded, against: shape)
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }

        func location(_ fieldPath: String) -> SourceLocation? { loaded.sourceMap.location(of: fieldPath) }
        func string(_ v: DataValue?) -> String { if case .string(let s)? = v { return s }; return "" }
        func strings(_ v: DataValue?) -> [String] {
            if case .array(let items)? = v { return items.map { string($0) } }
            return []
        }
        func texts(_ v: DataValue?) -> [Language: String] {
            var out: [Language: String] = [:]
            for language in Language.allCases { out[language] = string(v?[language.rawValue]) }
            return out
        }
        // Rules and elements repeat patterns (two rules with one set of triggers): each
        // source is compiled once, and the copies share one memo entry per sentence.
        var compiled: [String: Pattern] = [:]
        func pattern(_ source: String) throws -> Pattern {
            if let known = compiled[source] { return known }
            let pattern = try Pattern(source)
            compiled[source] = pattern
            return pattern
        }
        func compile(_ sources: [String], at fieldPath: String) -> [Pattern] {
            var patterns: [Pattern] = []
            for (i, source) in sources.enumerated() {
                do { patterns.append(try pattern(source)) } catch {
                    diagnostics.append(Diagnostic(.error, .schemaInvalid, "\(fieldPath)[\(i)]: not a valid regular expression: \(source)",
                                                  at: location("\(fieldPath)[\(i)]"), fieldPath: "\(fieldPath)[\(i)]"))
                }
            }
            return patterns
        }

        let dpa = string(loaded.root["dpa"])
        if !set.kinds.contains(dpa) {
            diagnostics.append(Diagnostic(.error, .templateSetInvalid,
                                          "dpa: '\(dpa)' is not a document of the template set; expected one of \(set.kinds.joined(separator: ", "))",
                                          at: location("dpa"), fieldPath: "dpa"))
        }
        var requirements: [Requirement] = []
        var seen: Set<String> = []
        // The catalog's lines, cut once (DiagnosticFormatter.line on each line alone is that
        // line): conditions look at the character before their column.
        lazy var catalogLines: [ArraySlice<UInt8>]? = (try? String(contentsOfFile: path, encoding: .utf8)).map { text in
            Array(text.utf8).split(separator: 0x0A, maxSplits: .max, omittingEmptySubsequences: false)
        }
        func catalogLine(_ number: Int) -> String? {
            guard let lines = catalogLines, number >= 1, number <= lines.count else { return nil }
            return DiagnosticFormatter.line(1, of: String(decoding: lines[number - 1], as: UTF8.self))
        }
        if case .array(let items)? = loaded.root["requirements"] {
            for (i, item) in items.enumerated() {
                let base = "requirements[\(i)]"
                let id = string(item["id"])
                if !seen.insert(id).inserted {
                    diagnostics.append(Diagnostic(.error, .duplicateID, "\(base).id: requirement '\(id)' is listed twice",
                                                  at: location("\(base).id"), fieldPath: "\(base).id"))
                }
                let severity = Severity(rawValue: string(item["severity"])) ?? .must
                var condition: CompiledExpression?
                let conditionSource = item["when"].map { string($0) }
                if let conditionSource, let at = location("\(base).when") {
                    var start = at
                    if let line = catalogLine(at.line) {
                        // Quoted YAML scalars start one column before their text.
                        let chars = Array(line)
                        if at.column - 1 < chars.count, chars[at.column - 1] == "\"" || chars[at.column - 1] == "'" {
                            start.column += 1
                        }
                    }
                    switch set.compileCondition(conditionSource, at: start) {
                    case .success(let c): condition = c
                    case .failure(let e): diagnostics += e.diagnostics
                    }
                }
                if severity == .conditional, conditionSource == nil {
                    diagnostics.append(Diagnostic(.error, .templateSetInvalid,
                                                  "\(base): a conditional requirement needs 'when', the data condition that switches it on",
                                                  at: location(base), fieldPath: base))
                }
                var evidence: [Language: [Element]] = [:]
                for language in Language.allCases {
                    let elementsPath = "\(base).evidence.\(language.rawValue)"
                    if case .array(let elements)? = item["evidence"]?[language.rawValue] {
                        evidence[language] = elements.enumerated().map { j, element in
                            Element(about: string(element["about"]),
                                    patterns: compile(strings(element["any"]), at: "\(elementsPath)[\(j)].any"))
                        }
                    }
                }
                let documents = item["documents"].map { strings($0) } ?? [dpa]
                for (j, kind) in documents.enumerated() where !set.kinds.contains(kind) {
                    diagnostics.append(Diagnostic(.error, .templateSetInvalid,
                                                  "\(base).documents[\(j)]: '\(kind)' is not a document of the template set",
                                                  at: location("\(base).documents[\(j)]"), fieldPath: "\(base).documents[\(j)]"))
                }
                requirements.append(Requirement(
                    id: id, reference: texts(item["reference"]), severity: severity, statement: texts(item["statement"]),
                    conditionText: item["condition"].map { texts($0) }, condition: condition,
                    conditionSource: conditionSource, documents: documents, evidence: evidence,
                    documentScope: string(item["scope"]) == "document", location: location(base)))
            }
        }
        var rules: [Rule] = []
        if case .array(let items)? = loaded.root["rules"] {
            for (i, item) in items.enumerated() {
                let base = "rules[\(i)]"
                let id = string(item["id"])
                if !seen.insert(id).inserted {
                    diagnostics.append(Diagnostic(.error, .duplicateID, "\(base).id: '\(id)' is listed twice",
                                                  at: location("\(base).id"), fieldPath: "\(base).id"))
                }
                var atLeast: Int?
                if case .integer(let n)? = item["atLeast"] { atLeast = n }
                let triggerSources = strings(item["trigger"])
                let triggers = compile(triggerSources, at: "\(base).trigger")
                var anyTrigger: Pattern?
                // Alternatives keep their meaning inside (?:…) unless they refer to groups.
                if atLeast == nil, triggers.count == triggerSources.count, triggers.count > 1,
                   !triggerSources.contains(where: refersToGroups) {
                    anyTrigger = try? pattern(triggerSources.map { "(?:\($0))" }.joined(separator: "|"))
                }
                rules.append(Rule(
                    id: id, reference: string(item["reference"]),
                    severity: string(item["severity"]) == "warning" ? .warning : .error,
                    message: string(item["message"]), documents: item["documents"].map { strings($0) },
                    triggers: triggers, anyTrigger: anyTrigger,
                    contexts: compile(strings(item["context"]), at: "\(base).context"),
                    unless: compile(strings(item["unless"]), at: "\(base).unless"),
                    atLeast: atLeast, location: location(base)))
            }
        }
        var transfers: Transfers?
        if let t = loaded.root["transfers"] {
            let list = string(t["list"]).split(separator: ".").map(String.init)
            let items = set.schema.root.node(atPath: list)?.items
            transfers = Transfers(list: list, name: string(t["name"]), country: string(t["country"]), mechanism: string(t["mechanism"]))
            if items == nil {
                diagnostics.append(Diagnostic(.error, .unknownPath, "transfers.list: '\(string(t["list"]))' is not a list in the data schema",
                                              at: location("transfers.list"), fieldPath: "transfers.list"))
            } else {
                for key in ["name", "country", "mechanism"] where items?.property(string(t[key])) == nil {
                    diagnostics.append(Diagnostic(.error, .unknownPath,
                                                  "transfers.\(key): the entries of '\(string(t["list"]))' have no field '\(string(t[key]))'",
                                                  at: location("transfers.\(key)"), fieldPath: "transfers.\(key)"))
                }
            }
        }
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return RequirementCatalog(requirements: requirements, rules: rules, transfers: transfers, dpa: dpa, file: path)
    }

    /// ``catalogSchema`` parsed, once per process.
    private static let catalogShape = Result { () throws(DiagnosticsError) in
        try JSONSchema.parse(text: catalogSchema, file: "<catalog schema>")
    }

    /// The shape of `catalog.yaml`, checked with avv's own schema validator.
    static let catalogSchema = #"""
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["dpa", "requirements", "rules"],
      "properties": {
        "dpa": { "type": "string" },
        "transfers": {
          "type": "object", "additionalProperties": false, "required": ["list", "name", "country", "mechanism"],
          "properties": {
            "list": { "type": "string" }, "name": { "type": "string" },
            "country": { "type": "string" }, "mechanism": { "type": "string" }
          }
        },
        "requirements": { "type": "array", "items": { "$ref": "#/$defs/requirement" } },
        "rules": { "type": "array", "items": { "$ref": "#/$defs/rule" } }
      },
      "$defs": {
        "id": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" },
        "text": {
          "type": "object", "additionalProperties": false, "required": ["de", "en"],
          "properties": { "de": { "type": "string", "minLength": 1 }, "en": { "type": "string", "minLength": 1 } }
        },
        "patterns": { "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1 } },
        "elements": {
          "type": "array", "minItems": 1,
          "items": {
            "type": "object", "additionalProperties": false, "required": ["about", "any"],
            "properties": { "about": { "type": "string", "minLength": 1 }, "any": { "$ref": "#/$defs/patterns" } }
          }
        },
        "requirement": {
          "type": "object", "additionalProperties": false,
          "required": ["id", "reference", "severity", "statement", "evidence"],
          "properties": {
            "id": { "$ref": "#/$defs/id" },
            "reference": { "$ref": "#/$defs/text" },
            "severity": { "enum": ["must", "should", "conditional"] },
            "when": { "type": "string", "minLength": 1 },
            "scope": { "enum": ["clause", "document"] },
            "condition": { "$ref": "#/$defs/text" },
            "documents": { "type": "array", "minItems": 1, "items": { "type": "string" } },
            "statement": { "$ref": "#/$defs/text" },
            "evidence": {
              "type": "object", "additionalProperties": false, "required": ["de", "en"],
              "properties": { "de": { "$ref": "#/$defs/elements" }, "en": { "$ref": "#/$defs/elements" } }
            }
          }
        },
        "rule": {
          "type": "object", "additionalProperties": false,
          "required": ["id", "reference", "severity", "message", "trigger"],
          "properties": {
            "id": { "$ref": "#/$defs/id" },
            "reference": { "type": "string", "minLength": 1 },
            "severity": { "enum": ["error", "warning"] },
            "message": { "type": "string", "minLength": 1 },
            "documents": { "type": "array", "minItems": 1, "items": { "type": "string" } },
            "trigger": { "$ref": "#/$defs/patterns" },
            "context": { "$ref": "#/$defs/patterns" },
            "unless": { "$ref": "#/$defs/patterns" },
            "atLeast": { "type": "integer", "minimum": 1 }
          }
        }
      }
    }
    """#
}
