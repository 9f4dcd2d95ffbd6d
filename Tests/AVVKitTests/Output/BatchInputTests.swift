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
