import Foundation

/// `manifest.json` written straight into bytes.
///
/// The bytes are exactly those `JSONEncoder` writes for ``Manifest`` with `.sortedKeys`,
/// `.prettyPrinted` and `.withoutEscapingSlashes` (which `Manifest.encoded()` used until a batch
/// showed it costing 1.5 M instructions per customer): keys in sorted order, two spaces of
/// indentation, `"key" : value`, nil optionals left out, `/` and every character above U+001F
/// written as it is, and in strings only `"` and `\` and the control characters escaped
/// (`\b \f \n \r \t`, the rest as `\u001f`). The tests hold the two encodings side by side.
enum ManifestJSON {
    static func encode(_ manifest: Manifest) -> [UInt8] {
        var json = Writer()
        json.bytes.reserveCapacity(1024 + 320 * (manifest.approval?.clauses.count ?? 0))
        json.beginObject()
        if let approval = manifest.approval {
            // The first member: the root object is still empty.
            json.appendFirstMember(approvalFragments.bytes(for: approval))
        }
        json.member("date", manifest.date)
        if let findings = manifest.findings {
            json.key("findings")
            json.beginArray()
            for finding in findings {
                json.beginObject()
                json.member("code", finding.code)
                json.member("message", finding.message)
                json.member("severity", finding.severity)
                json.endObject()
            }
            json.endArray()
        }
        json.key("inputs")
        json.beginArray()
        for input in manifest.inputs {
            json.beginObject()
            json.member("path", input.path)
            json.member("sha256", input.sha256)
            json.endObject()
        }
        json.endArray()
        json.member("language", manifest.language.rawValue)
        json.key("outputs")
        json.beginArray()
        for output in manifest.outputs {
            json.beginObject()
            json.key("bytes")
            json.integer(output.bytes)
            json.member("path", output.path)
            json.member("sha256", output.sha256)
            json.endObject()
        }
        json.endArray()
        json.key("schemaVersion")
        json.integer(manifest.schemaVersion)
        json.member("templateSetVersion", manifest.templateSetVersion)
        json.member("toolVersion", manifest.toolVersion)
        json.endObject()
        json.bytes.append(UInt8(ascii: "\n"))
        return json.bytes
    }

    /// The `"approval" : {…}` member as the first member of the root object: written once per
    /// distinct approval record and then copied (``approvalFragments``).
    static func approvalMember(_ approval: ManifestApproval) -> [UInt8] {
        var json = Writer()
        json.beginObject()
        let start = json.bytes.count
        json.key("approval")
        json.beginObject()
        json.key("approved")
        json.bool(approval.approved)
        json.key("clauses")
        json.beginArray()
        for clause in approval.clauses {
            json.beginObject()
            json.member("approvalDate", clause.approvalDate)
            json.key("approved")
            json.bool(clause.approved)
            json.member("approvedBy", clause.approvedBy)
            json.member("approvedSha256", clause.approvedSha256)
            json.member("clause", clause.clause)
            json.member("document", clause.document)
            json.member("file", clause.file)
            json.member("sha256", clause.sha256)
            json.endObject()
        }
        json.endArray()
        json.key("draft")
        json.bool(approval.draft)
        json.member("file", approval.file)
        json.member("sha256", approval.sha256)
        json.endObject()
        return Array(json.bytes[start...])
    }

    /// The approval members written lately, by their record. The customers of a batch share
    /// their clauses and approvals, which are most of a manifest (55 clauses, 15 KB of its
    /// 16.5 KB); encoding them again for each customer cost 0.3 M instructions. Records are
    /// compared by value (the clause lists of one approval state share their strings, so
    /// that this is quick); a few are kept, for the variants a batch's customers take.
    static let approvalFragments = ApprovalFragments()

    final class ApprovalFragments: @unchecked Sendable {
        // Touched only under `lock`.
        private let lock = NSLock()
        private var entries: [(approval: ManifestApproval, bytes: [UInt8])] = []
        static let capacity = 8

        func bytes(for approval: ManifestApproval) -> [UInt8] {
            lock.lock()
            let known = entries.first { $0.approval == approval }?.bytes
            lock.unlock()
            if let known { return known }
            let bytes = ManifestJSON.approvalMember(approval)
            lock.lock()
            if entries.count >= Self.capacity { entries.removeFirst() }
            entries.append((approval, bytes))
            lock.unlock()
            return bytes
        }
    }

    /// Pretty-printed JSON, value by value; the caller writes keys in sorted order.
    private struct Writer {
        var bytes: [UInt8] = []
        /// How many objects and arrays are open.
        private var depth = 0
        /// Whether the innermost open object or array has nothing in it yet.
        private var isEmpty = true
        /// Whether a key was just written, so the next value goes on its line.
        private var afterKey = false

        mutating func beginObject() { open(UInt8(ascii: "{")) }

        /// Bytes that a writer wrote as the first member of an object at this depth (see
        /// ``ManifestJSON/approvalMember(_:)``), as if written here.
        mutating func appendFirstMember(_ member: [UInt8]) {
            precondition(isEmpty && !afterKey, "appendFirstMember after another member")
            bytes.append(contentsOf: member)
            isEmpty = false
        }
        mutating func endObject() { close(UInt8(ascii: "}")) }
        mutating func beginArray() { open(UInt8(ascii: "[")) }
        mutating func endArray() { close(UInt8(ascii: "]")) }

        /// `"name" : `; the value follows. Names are plain ASCII and need no escaping.
        mutating func key(_ name: StaticString) {
            startItem()
            bytes.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: "\" : ".utf8)
            afterKey = true
        }

        /// A string member.
        mutating func member(_ name: StaticString, _ value: String) {
            key(name)
            string(value)
        }

        /// A string member that is left out when nil, as `encodeIfPresent` leaves it out.
        mutating func member(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            member(name, value)
        }

        mutating func bool(_ value: Bool) {
            startItem()
            bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        }

        mutating func integer(_ value: Int) {
            startItem()
            bytes.append(contentsOf: String(value).utf8)
        }

        mutating func string(_ value: String) {
            startItem()
            bytes.append(UInt8(ascii: "\""))
            var value = value
            value.withUTF8 { utf8 in
                var start = 0
                var i = 0
                while i < utf8.count {
                    // Eight bytes at a time while none needs escaping (hashes, paths: nearly always).
                    if i + 8 <= utf8.count,
                       !Self.mayNeedEscape(UnsafeRawBufferPointer(utf8).loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                        i += 8
                        continue
                    }
                    let byte = utf8[i]
                    if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                        escape(byte)
                        start = i + 1
                    }
                    i += 1
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }

        /// Whether one of eight bytes may be a control character, a quote or a backslash (never
        /// false when one is): the word tests "has a byte below n" and "has a zero byte".
        private static func mayNeedEscape(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highBits != 0 }
            let hasControl = (word &- ones &* 0x20) & ~word & highBits != 0
            return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
        }

        private mutating func escape(_ byte: UInt8) {
            let short: UInt8? = switch byte {
            case UInt8(ascii: "\""): UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            default: nil
            }
            bytes.append(UInt8(ascii: "\\"))
            if let short {
                bytes.append(short)
            } else {
                bytes.append(contentsOf: "u00".utf8)
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0x0F))
            }
        }

        private mutating func open(_ bracket: UInt8) {
            startItem()
            bytes.append(bracket)
            depth += 1
            isEmpty = true
        }

        private mutating func close(_ bracket: UInt8) {
            depth -= 1
            if isEmpty {
                // JSONEncoder's empty container: the opening line, an empty line, the closing line.
                bytes.append(UInt8(ascii: "\n"))
            }
            newLine()
            bytes.append(bracket)
            isEmpty = false
        }

        /// Before a key or a value: the comma after the previous item and a new line, except
        /// for the value of a key, which stays on the key's line.
        private mutating func startItem() {
            if afterKey {
                afterKey = false
                return
            }
            guard depth > 0 else { return }
            if !isEmpty { bytes.append(UInt8(ascii: ",")) }
            isEmpty = false
            newLine()
        }

        private mutating func newLine() {
            bytes.append(UInt8(ascii: "\n"))
            let width = 2 * depth
            if width <= Self.indentation.count {
                bytes.append(contentsOf: Self.indentation[..<width])
            } else {
                bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
            }
        }

        private static let indentation = [UInt8](repeating: UInt8(ascii: " "), count: 32)

        /// A lowercase hex digit, as JSONEncoder writes them.
        private static func hexDigit(_ value: UInt8) -> UInt8 {
            value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
        }
    }
}
