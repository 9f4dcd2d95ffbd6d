import Foundation
import Testing
@testable import AVVKit

/// The schema of the "everything" fixture: party objects, a number, a boolean, lists.
private func everythingSchema() throws -> JSONSchema {
    try JSONSchema.load(path: Fixtures.path("Everything/schema.json"))
}

private func loaded(_ entry: BatchInput.Entry?) -> LoadedData? {
    guard let entry, case .loaded(let data, _) = entry.source else { return nil }
    return data
}

@Test func csvRowsBecomeDataTypedByTheSchemaWithFileRowColumnLocations() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("c.csv", """
        controller.name,contract.number,contract.fee,remote.recording,dataCategories,subprocessors[0].name,subprocessors[0].country,subprocessors[1].name,contract.date
        Müller GmbH,W-1,1234.5,true,Namen; Adressen,Host AG,DE,,2026-02-01
        "Meier, Söhne",W-2,12,false,,,,Remote Inc.,2026-03-01

        """)
    let input = try BatchInput(path: dir.path + "/c.csv", displayPath: "c.csv", schema: everythingSchema())
    #expect(input.kind == .csv)
    #expect(input.count == 2)

    let first = input.next()
    #expect(first?.name == "c.csv:2")
    let a = try #require(loaded(first))
    #expect(a.root["controller"]?["name"] == .string("Müller GmbH"))
    #expect(a.root["contract"]?["fee"] == .number(1234.5))
    #expect(a.root["remote"]?["recording"] == .bool(true))
    #expect(a.root["dataCategories"] == .array([.string("Namen"), .string("Adressen")]))
    #expect(a.root["subprocessors"] == .array([.object(["name": .string("Host AG"), "country": .string("DE")])]))
    #expect(a.sourceMap.location(of: "contract.fee") == SourceLocation(file: "c.csv", line: 2, column: 17))
    #expect(a.sourceMap.location(of: "subprocessors[0].country") == SourceLocation(file: "c.csv", line: 2, column: 53))

    let b = try #require(loaded(input.next()))
    #expect(b.root["controller"]?["name"] == .string("Meier, Söhne"))
    #expect(b.root["contract"]?["fee"] == .integer(12))
    #expect(b.root["remote"]?["recording"] == .bool(false))
    #expect(b.root["dataCategories"] == nil)
    // Entry [1] alone becomes the first entry of the list.
    #expect(b.root["subprocessors"] == .array([.object(["name": .string("Remote Inc.")])]))
    #expect(b.sourceMap.location(of: "subprocessors[0].name") == SourceLocation(file: "c.csv", line: 3, column: 32))
    #expect(input.next() == nil)
}

@Test func aQuotedLineBreakKeepsTheRowNumbersOfLaterRecords() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("c.csv", "controller.name;contract.number\r\n\"Zwei\r\nZeilen\";W-1\r\nDrei;W-2\r\n")
    let input = try BatchInput(path: dir.path + "/c.csv", displayPath: "c.csv", schema: everythingSchema())
    let first = try #require(loaded(input.next()))
    #expect(first.root["controller"]?["name"] == .string("Zwei\r\nZeilen"))
    let second = input.next()
    #expect(second?.name == "c.csv:4")
    #expect(loaded(second)?.sourceMap.location(of: "contract.number") == SourceLocation(file: "c.csv", line: 4, column: 6))
}

@Test func aHeaderThatIsNoSchemaPathIsAnError() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("c.csv", "controller.name,contract..number\nA,B\n")
    #expect {
        _ = try BatchInput(path: dir.path + "/c.csv", displayPath: "c.csv", schema: everythingSchema())
    } throws: { error in
        let diagnostics = (error as? DiagnosticsError)?.diagnostics ?? []
        return diagnostics.first?.location == SourceLocation(file: "c.csv", line: 1, column: 17)
            && diagnostics.first?.message.contains("contract..number") == true
    }
}

/// A column the schema forbids could only ever give "unknown field" for each customer with a
/// value in it: the header says so once, at the column, with the closest field or the choices.
/// A column under an object that allows more fields is left to the validator.
@Test func aHeaderColumnTheSchemaDoesNotHaveIsAnErrorAtItsCell() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("c.csv", "controller.name,controller.nmae,Notizen,subprocessors[0].contry,remote.tool\nA,B,C,D,E\n")
    #expect {
        _ = try BatchInput(path: dir.path + "/c.csv", displayPath: "c.csv", schema: everythingSchema())
    } throws: { error in
        let diagnostics = (error as? DiagnosticsError)?.diagnostics ?? []
        let found = diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.code.rawValue) \($0.message)" }
        let expected = [
            "1:17 AVV203 column 2 of the header is 'controller.nmae', but the schema has no field 'controller.nmae'; did you mean 'controller.name'?",
            "1:33 AVV203 column 3 of the header is 'Notizen', but the schema has no field 'Notizen'; expected one of 'controller', 'processor', 'contract', 'remote', 'dataCategories', 'subprocessors'",
            "1:41 AVV203 column 4 of the header is 'subprocessors[0].contry', but the schema has no field 'subprocessors[0].contry'; did you mean 'subprocessors[0].country'?",
        ]
        #expect(found == expected)
        return found == expected
    }
}

/// Where the schema does not forbid more fields (an open object, a field whose schema says
/// nothing, `additionalProperties` with a schema, items of an untyped list), the header
/// makes no claim: the validator decides, per customer.
@Test func aHeaderColumnUnderAnOpenObjectIsLeftToTheValidator() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("schema.json", """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "open": { "type": "object", "properties": { "a": { "type": "string" } } },
            "any": {},
            "tags": { "type": "object", "additionalProperties": { "type": "string" } },
            "list": { "type": "array" }
          }
        }
        """)
    try dir.write("c.csv", "open.b,any.x.y,tags.free,list[0].z\n1,2,3,4\n")
    let schema = try JSONSchema.load(path: dir.path + "/schema.json")
    let input = try BatchInput(path: dir.path + "/c.csv", displayPath: "c.csv", schema: schema)
    #expect(input.kind == .csv)
}

@Test func aYAMLListGivesOneCustomerPerEntryNamedByItsLine() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("list.yaml", """
        - controller: {name: A, city: Köln}
          contract: {number: W-1, date: '2026-01-01'}
        - controller: {name: B, city: Bonn}
          contract: {number: W-2, date: '2026-01-02'}
        - just text

        """)
    let input = try BatchInput(path: dir.path + "/list.yaml", displayPath: "list.yaml", schema: everythingSchema())
    #expect(input.kind == .list)
    #expect(input.count == 3)
    let a = input.next()
    #expect(a?.name == "list.yaml:1")
    #expect(loaded(a)?.sourceMap.location(of: "contract.number")?.line == 2)
    let b = try #require(loaded(input.next()))
    #expect(b.root["controller"]?["name"] == .string("B"))
    #expect(b.sourceMap.location(of: "controller.city") == SourceLocation(file: "list.yaml", line: 3, column: 31))
    let c = input.next()
    guard case .failed(let error)? = c?.source else {
        Issue.record("a text entry should fail")
        return
    }
    #expect(error.diagnostics.first?.message.contains("expected the fields of a customer") == true)
    #expect(input.next() == nil)
}

@Test func aFolderGivesItsDataFilesInNameOrder() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("in/b.yaml", "controller: {name: B}\n")
    try dir.write("in/a.json", "{\"controller\": {\"name\": \"A\"}}\n")
    try dir.write("in/notes.txt", "not data\n")
    let input = try BatchInput(path: dir.path + "/in", displayPath: "in", schema: everythingSchema())
    #expect(input.kind == .folder)
    #expect(input.count == 2)
    #expect(input.next()?.name == "in/a.json")
    #expect(input.next()?.name == "in/b.yaml")
    #expect(input.next() == nil)
}

@Test func aCustomerIsLaidOverTheBase() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("base.yaml", """
        controller: {name: Base, city: Köln}
        dataCategories: [X, Y]
        remote: {tool: T}

        """)
    try dir.write("c.csv", "controller.name,dataCategories\nKunde,Z\n")
    let base = try DataLoader.load(path: dir.path + "/base.yaml", displayPath: "base.yaml")
    let input = try BatchInput(path: dir.path + "/c.csv", displayPath: "c.csv", schema: everythingSchema())
    let row = base.merged(with: try #require(loaded(input.next())))
    #expect(row.root["controller"] == .object(["name": .string("Kunde"), "city": .string("Köln")]))
    #expect(row.root["dataCategories"] == .array([.string("Z")]))
    #expect(row.root["remote"]?["tool"] == .string("T"))
    #expect(row.sourceMap.location(of: "controller.name")?.file == "c.csv")
    #expect(row.sourceMap.location(of: "controller.city")?.file == "base.yaml")
    #expect(row.sourceMap.location(of: "dataCategories[1]") == nil)
}

/// Every entry of a CSV row's source map, in path order: where the value stands, its length,
/// its text as written (non-strings) and the keys of an object in the order they came.
private func sourceMapDump(_ data: LoadedData) -> String {
    data.sourceMap.entries.sorted { $0.key < $1.key }.map { path, entry in
        var line = "\(path.isEmpty ? "(root)" : path) @\(entry.value.line):\(entry.value.column) ×\(entry.valueLength)"
        if let text = entry.plainText { line += " text=\(text)" }
        if let keys = entry.keys { line += " keys=\(keys.joined(separator: ","))" }
        return line
    }.joined(separator: "\n")
}

/// An object's keys come in the order of their first non-empty column in the row, list
/// entries in index order with the gaps closed, and an object or list stands where its
/// first non-empty cell does.
@Test func aCSVRowsSourceMapFollowsItsNonEmptyCells() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.write("c.csv", """
        contract.number,controller.name,contract.date,controller.city,subprocessors[2].name,subprocessors[0].country,subprocessors[0].name,dataCategories,remote.recording,contract.fee
        W-1,Erste GmbH,2026-02-01,Köln,Cloud AG,DE,Host AG,Namen; ; Adressen,true,01069
        ,Dritte GmbH,,,,,Host AG,,,12.50
        W-3,,2026-03-01,Bonn,Cloud AG,,,Namen,false,

        """)
    let input = try BatchInput(path: dir.path + "/c.csv", displayPath: "c.csv", schema: everythingSchema())
    let first = try #require(loaded(input.next()))
    #expect(first.root["controller"]?["name"] == .string("Erste GmbH"))
    #expect(first.root["dataCategories"] == .array([.string("Namen"), .string("Adressen")]))
    #expect(sourceMapDump(first) == """
        (root) @2:1 ×1 keys=contract,controller,subprocessors,dataCategories,remote
        contract @2:1 ×1 keys=number,date,fee
        contract.date @2:16 ×10
        contract.fee @2:75 ×5 text=01069
        contract.number @2:1 ×3
        controller @2:5 ×1 keys=name,city
        controller.city @2:27 ×4
        controller.name @2:5 ×10
        dataCategories @2:52 ×1
        dataCategories[0] @2:52 ×17
        dataCategories[1] @2:52 ×17
        remote @2:70 ×1 keys=recording
        remote.recording @2:70 ×4 text=true
        subprocessors @2:32 ×1
        subprocessors[0] @2:41 ×1 keys=country,name
        subprocessors[0].country @2:41 ×2
        subprocessors[0].name @2:44 ×7
        subprocessors[1] @2:32 ×1 keys=name
        subprocessors[1].name @2:32 ×8
        """)
    let second = try #require(loaded(input.next()))
    #expect(sourceMapDump(second) == """
        (root) @3:2 ×1 keys=controller,subprocessors,contract
        contract @3:28 ×1 keys=fee
        contract.fee @3:28 ×5 text=12.50
        controller @3:2 ×1 keys=name
        controller.name @3:2 ×11
        subprocessors @3:18 ×1
        subprocessors[0] @3:18 ×1 keys=name
        subprocessors[0].name @3:18 ×7
        """)
    let third = try #require(loaded(input.next()))
    #expect(third.root["subprocessors"] == .array([.object(["name": .string("Cloud AG")])]))
    #expect(sourceMapDump(third) == """
        (root) @4:1 ×1 keys=contract,controller,subprocessors,dataCategories,remote
        contract @4:1 ×1 keys=number,date
        contract.date @4:6 ×10
        contract.number @4:1 ×3
        controller @4:17 ×1 keys=city
        controller.city @4:17 ×4
        dataCategories @4:33 ×1
        dataCategories[0] @4:33 ×5
        remote @4:39 ×1 keys=recording
        remote.recording @4:39 ×5 text=false
        subprocessors @4:22 ×1
        subprocessors[0] @4:22 ×1 keys=name
        subprocessors[0].name @4:22 ×8
        """)
}
