import Foundation
@testable import AVVKit

/// The shipped template set, and working copies of it to change.
enum ShippedSet {
    static let root = Fixtures.repositoryRoot
    static let templates = root + "/Templates"

    /// A temporary folder with a copy of the shipped `Templates/` (approvals included).
    static func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: templates, toPath: dir.path + "/Templates")
        return dir
    }

    /// The one word of the remote-maintenance terms' payment clause (`verguetung`, de) that
    /// the tests change: the payment period.
    static let paymentFile = "Templates/fernwartung/fernwartung.de.xhtml"
    static let paymentOld = "innerhalb von 14 Tagen nach Zugang der Rechnung"
    static let paymentNew = "innerhalb von 30 Tagen nach Zugang der Rechnung"
}

extension TemporaryDirectory {
    /// Replaces the one occurrence of `old` in the file; fails when it is not there once.
    func replace(_ old: String, with new: String, in relative: String) throws {
        let path = self.path + "/" + relative
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.components(separatedBy: old).count == 2 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: "\(relative) does not contain '\(old)' once"])
        }
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }
}
