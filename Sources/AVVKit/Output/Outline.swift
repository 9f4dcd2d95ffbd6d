/// The clauses and annexes of a document in reading order: the table of contents, and the
/// map from section ids to the HTML ids both writers agree on.
struct Outline: Sendable {
    struct Entry: Sendable, Hashable {
        var isAnnex: Bool
        /// 0 for a top-level section, 1 for a section inside a section, …
        var depth: Int
        var number: String
        var title: [Inline]
        /// The raw template id.
        var id: String

        /// `clause-<id>` or `annex-<id>`.
        var htmlID: String { (isAnnex ? "annex-" : "clause-") + id }
    }

    var entries: [Entry] = []

    init(_ blocks: [Block]) {
        collect(blocks, depth: 0)
    }

    private mutating func collect(_ blocks: [Block], depth: Int) {
        for block in blocks {
            switch block {
            case .clause(let section), .annex(let section):
                var isAnnex = false
                if case .annex = block { isAnnex = true }
                entries.append(
                    Entry(isAnnex: isAnnex, depth: depth, number: section.number, title: section.title, id: section.id))
                collect(section.blocks, depth: depth + 1)
            case .list(let list):
                for item in list.items { collect(item.blocks, depth: depth) }
            case .heading, .paragraph, .table, .signatures, .tableOfContents:
                break
            }
        }
    }

    /// What stands between a section's number and its title: `§ 3 Weisungen`,
    /// `Anlage 1: Technische und organisatorische Maßnahmen`, `Clause 3: Instructions`.
    static func separator(after number: String) -> String {
        if number.isEmpty { return "" }
        // The numbers avv prints (`§ 3`, `Anlage 1`, `Clause 3`) are decided from the bytes;
        // where a character might span more than the byte looked at, by characters.
        let plain = number.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            let count = bytes.count
            // `§` with ASCII or nothing after it is a character of its own.
            if count >= 2, bytes[0] == 0xC2, bytes[1] == 0xA7, count == 2 || bytes[2] < 0x80 { return true }
            guard bytes[0] < 0x80 else { return nil }
            let last = bytes[count - 1]
            guard last == 0x2E || last == 0x3A else { return false }
            // So is a final `.` or `:` with ASCII before it.
            return count == 1 || bytes[count - 2] < 0x80 ? true : nil
        } ?? nil
        if let plain { return plain ? " " : ": " }
        if number.hasPrefix("§") || number.hasSuffix(".") || number.hasSuffix(":") { return " " }
        return ": "
    }
}
