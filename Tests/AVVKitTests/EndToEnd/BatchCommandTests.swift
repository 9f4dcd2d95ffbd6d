import AVVKit
import Foundation
import Testing

/// A working folder with the "everything" template set as `Templates/` and its customer as
/// the base profile `base.yaml`.
private func workspace() throws -> TemporaryDirectory {
    let dir = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: Fixtures.path("Everything"), toPath: dir.path + "/Templates")
    try FileManager.default.moveItem(atPath: dir.path + "/Templates/customer.yaml", toPath: dir.path + "/base.yaml")
    return dir
}

/// Three customers; the second has a price model the schema does not allow.
private let customersCSV = """
    controller.name,controller.city,contract.number,remote.priceModel,remote.recording
    Alpha GmbH,Köln,A-1,included,true
    Beta GmbH,Bonn,B-2,per-minute,false
    Gamma KG,Essen,C-3,included,false

    """

@Test func batchWritesTheGoodCustomersAndNamesTheBadOne() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("customers.csv", customersCSV)
    let result = try AVVCommand.run(
        ["generate", "base.yaml", "--batch", "customers.csv", "--date", "2026-11-22", "--jobs", "2"], in: dir.path)
    #expect(result.status == 1)
    #expect(filesBelow(dir.path + "/Output") == [
        "alpha-gmbh/a-1/everything.de.html", "alpha-gmbh/a-1/everything.de.txt", "alpha-gmbh/a-1/manifest.de.json",
        "gamma-kg/c-3/everything.de.html", "gamma-kg/c-3/everything.de.txt", "gamma-kg/c-3/manifest.de.json",
    ])
    // The summary names the customer by file and row, the field, and what was wrong.
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasPrefix("customers.csv: 3 customers, 2 written (2 documents, 6 files in Output), 1 rejected, ") })
    #expect(lines.contains { $0.hasPrefix("rejected: customers.csv:3: customers.csv:3:20: remote.priceModel: expected one of") })
    // The full diagnostic, with the CSV line and a caret, on standard error.
    #expect(result.stderr.hasPrefix("customers.csv:3:20: error: remote.priceModel: expected one of"))
    #expect(result.stderr.contains(" 3 | Beta GmbH,Bonn,B-2,per-minute,false"))
}

/// A misspelt column is one error at the header, before any customer: exit 1, nothing
/// written, not one rejection per customer.
@Test func aMisspeltColumnStopsTheBatchAtTheHeader() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("customers.csv", customersCSV.replacingOccurrences(of: "controller.city", with: "controller.cty"))
    let result = try AVVCommand.run(["generate", "base.yaml", "--batch", "customers.csv", "--date", "2026-11-22"], in: dir.path)
    #expect(result.status == 1)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))
    #expect(result.stderr.hasPrefix(
        "customers.csv:1:17: error: column 2 of the header is 'controller.cty', but the schema has no field 'controller.cty'; did you mean 'controller.city'? [AVV203]"))
    #expect(result.stderr.components(separatedBy: "error:").count == 2)
    #expect(!result.stdout.contains("rejected"))
}

@Test func progressIsPlainLinesWhenStdoutIsNoTerminal() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("customers.csv", customersCSV)
    let result = try AVVCommand.run(["generate", "base.yaml", "--batch", "customers.csv", "--date", "2026-11-22"], in: dir.path)
    let progress = result.stdout.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
    #expect(progress.count == 3)
    #expect(progress.last == "progress: 3/3 customers, 1 rejected")
    #expect(!result.stdout.contains("\r"))
    #expect(!result.stdout.contains("\u{1B}"))
}

@Test func batchOutputIsTheSameEveryRunAndTheSameAsGenerate() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("customers.csv", customersCSV.replacingOccurrences(of: "per-minute", with: "perMinute"))
    for out in ["a", "b"] {
        let result = try AVVCommand.run(
            ["generate", "base.yaml", "--batch", "customers.csv", "--date", "2026-11-22", "--lang", "de", "--lang", "en",
             "--out", out], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
    }
    let files = filesBelow(dir.path + "/a")
    #expect(files.count == 18)
    #expect(files == filesBelow(dir.path + "/b"))
    for file in files {
        #expect(FileManager.default.contents(atPath: dir.path + "/a/" + file)
            == FileManager.default.contents(atPath: dir.path + "/b/" + file), "\(file) differs between two runs")
    }
    // The documents are those `avv generate` writes for the same data (the manifest names
    // the CSV row as its input instead).
    let yaml = try String(contentsOfFile: dir.path + "/base.yaml", encoding: .utf8)
        .replacingOccurrences(of: "name: Müller & Söhne <GmbH>", with: "name: Alpha GmbH")
        .replacingOccurrences(of: "number: W-2026/0042", with: "number: A-1")
        .replacingOccurrences(of: "priceModel: perMinute", with: "priceModel: included")
    try dir.write("alpha.yaml", yaml)
    let single = try AVVCommand.run(["generate", "alpha.yaml", "--date", "2026-11-22", "--out", "c"], in: dir.path)
    #expect(single.status == 0, "\(single.stderr)")
    for file in ["alpha-gmbh/a-1/everything.de.html", "alpha-gmbh/a-1/everything.de.txt"] {
        #expect(FileManager.default.contents(atPath: dir.path + "/a/" + file)
            == FileManager.default.contents(atPath: dir.path + "/c/" + file), "\(file) differs from avv generate")
    }
}

@Test func batchReadsAYAMLListAndAFolder() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("list.yaml", """
        - controller: {name: Eins, city: Köln}
          contract: {number: L-1, date: '2026-01-01'}
        - controller: {name: Zwei, city: Bonn}
          contract: {number: L-2, date: '2026-01-02'}

        """)
    let list = try AVVCommand.run(["generate", "base.yaml", "--batch", "list.yaml", "--date", "2026-11-22", "--out", "l"], in: dir.path)
    #expect(list.status == 0, "\(list.stderr)")
    #expect(filesBelow(dir.path + "/l").count == 6)

    let base = try String(contentsOfFile: dir.path + "/base.yaml", encoding: .utf8)
    try dir.write("in/one.yaml", base)
    try dir.write("in/two.yaml", base.replacingOccurrences(of: "number: W-2026/0042", with: "number: W-2"))
    let folder = try AVVCommand.run(["generate", "--batch", "in", "--date", "2026-11-22", "--out", "f"], in: dir.path)
    #expect(folder.status == 0, "\(folder.stderr)")
    #expect(filesBelow(dir.path + "/f").count == 6)
    #expect(folder.stdout.contains("in: 2 customers, 2 written (2 documents, 6 files in f), 0 rejected"))
}

@Test func twoCustomersForOneFolderAreRefusedAndBatchUsageErrorsExitSixtyFour() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("twice.csv", "controller.name,contract.number\nSame,X-1\nSame,X-1\n")
    let result = try AVVCommand.run(["generate", "base.yaml", "--batch", "twice.csv", "--jobs", "1"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stdout.contains("rejected: twice.csv:3: twice.csv:3:1: twice.csv:3 would write the folder 'same/x-1', which twice.csv:2 writes already"))
    let usage = try AVVCommand.run(["generate", "a.yaml", "b.yaml", "--batch", "twice.csv"], in: dir.path)
    #expect(usage.status == 64)
    #expect(usage.stderr.contains("with --batch, give at most one data file"))
}

@Test func aBatchCustomerWhoseFilesCannotBeWrittenLeavesNoneAndTheOthersAreComplete() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("customers.csv", customersCSV.replacingOccurrences(of: "per-minute", with: "perMinute"))
    // Beta's text was changed by hand: Beta is refused as a whole, the others are written.
    try dir.write("Output/beta-gmbh/b-2/everything.de.txt", "von Hand geändert\n")
    let result = try AVVCommand.run(
        ["generate", "base.yaml", "--batch", "customers.csv", "--date", "2026-11-22", "--jobs", "2"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stdout.contains("3 customers, 2 written (2 documents, 6 files in Output), 1 rejected"))
    let files = filesBelow(dir.path + "/Output")
    #expect(files == [
        "alpha-gmbh/a-1/everything.de.html", "alpha-gmbh/a-1/everything.de.txt", "alpha-gmbh/a-1/manifest.de.json",
        "beta-gmbh/b-2/everything.de.txt",
        "gamma-kg/c-3/everything.de.html", "gamma-kg/c-3/everything.de.txt", "gamma-kg/c-3/manifest.de.json",
    ])
    #expect(try String(contentsOfFile: dir.path + "/Output/beta-gmbh/b-2/everything.de.txt", encoding: .utf8)
        == "von Hand geändert\n")
    // Every written file is complete: each manifest's hashes and sizes match the files.
    for folder in ["alpha-gmbh/a-1", "gamma-kg/c-3"] {
        let manifest = try #require(FileManager.default.contents(atPath: dir.path + "/Output/\(folder)/manifest.de.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        let outputs = try #require(json["outputs"] as? [[String: Any]])
        #expect(outputs.count == 2)
        for output in outputs {
            let path = try #require(output["path"] as? String)
            let contents = try #require(FileManager.default.contents(atPath: dir.path + "/Output/" + path))
            #expect(Hashing.sha256Hex(contents) == output["sha256"] as? String, "\(path)")
            #expect(contents.count == output["bytes"] as? Int, "\(path)")
        }
    }
}

/// A base profile of the shipped set whose provider part is read from `netzbutler.yaml`,
/// changed by `edit`; two customers: a business and a consumer.
private func shippedBatch(editing edit: (inout String) -> Void) throws -> (TemporaryDirectory, CommandResult) {
    let dir = try TemporaryDirectory()
    var base = try String(contentsOfFile: ShippedTemplates.directory + "/examples/netzbutler.yaml", encoding: .utf8)
    // The provider's part: everything from `processor:` on.
    let start = try #require(base.range(of: "\nprocessor:"))
    base = String(base[start.lowerBound...])
    edit(&base)
    try dir.write("base.yaml", base)
    try dir.write("customers.csv", """
        controller.company,controller.address.street,controller.address.postcode,controller.address.city,controller.address.country,controller.representedBy.name,controller.representedBy.function,controller.contact.name,controller.contact.email,controller.contact.phone,controller.customerType,controller.professionalSecrecy,controller.dataCategories,controller.dataSubjects[0],controller.contract.kind,controller.contract.number,controller.contract.date
        Alpha GmbH,Hauptstraße 1,50667,Köln,DE,Anna Alpha,Geschäftsführerin,Ben Alpha,it@alpha.example,+49 221 1,b2b,false,Kundendaten,Beschäftigte,maintenance,WV-1,2026-01-15
        Bea Beta,Nebenstraße 2,50667,Köln,DE,Bea Beta,Inhaberin,Bea Beta,bea@beta.example,+49 221 2,b2c,false,Kundendaten,Kunden,maintenance,WV-2,2026-01-15

        """)
    let result = try AVVCommand.run(
        ["generate", "base.yaml", "--batch", "customers.csv", "--templates", ShippedTemplates.directory,
         "--date", "2026-11-22", "--jobs", "1"], in: dir.path)
    return (dir, result)
}

/// A batch checks the base's provider part against its part of the schema once; what the
/// schema asks of it because of a customer's own data is still asked for each customer.
@Test func aBaseThatOnlyConsumersCannotUseRejectsOnlyTheConsumer() throws {
    let (dir, result) = try shippedBatch { base in
        base = base.replacingOccurrences(of: "      gross: 1.67\n", with: "")
    }
    defer { dir.remove() }
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasPrefix("customers.csv: 2 customers, 1 written (2 documents, 5 files in Output), 1 rejected, ") })
    #expect(lines.contains(
        "rejected: customers.csv:3: base.yaml:58:7: processor.priceModel.perMinute: missing required field 'gross' (required because controller.customerType is 'b2c')"))
    #expect(filesBelow(dir.path + "/Output").count == 5)
}

/// A base whose provider part breaks the schema is reported for every customer.
@Test func aBrokenBaseRejectsEveryCustomer() throws {
    let (dir, result) = try shippedBatch { base in
        base = base.replacingOccurrences(of: "    vatRatePercent: 19\n", with: "    vatRatePercent: neunzehn\n")
    }
    defer { dir.remove() }
    #expect(result.status == 1)
    let rejected = result.stdout.split(separator: "\n").filter { $0.hasPrefix("rejected: ") }
    #expect(rejected.count == 2)
    #expect(rejected.allSatisfy { $0.contains("processor.priceModel.vatRatePercent: expected") })
    #expect(filesBelow(dir.path + "/Output").isEmpty)
}
