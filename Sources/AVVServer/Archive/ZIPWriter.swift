import Foundation

/// A ZIP archive of stored (uncompressed) files, built in memory.
///
/// Our own ~80 lines rather than ZIPFoundation: the archive is a handful of small text
/// files, so compression would save little; a stored archive is byte-for-byte the same for
/// the same inputs (the timestamp is the document date, not the clock), which tests can
/// compare; and the server keeps one dependency fewer. Limits: no ZIP64 (every file and the
/// archive stay far below 4 GiB; larger input is refused), UTF-8 names (flag bit 11).
struct ZIPWriter {
    struct Entry {
        var name: String
        var contents: Data
    }

    enum Failure: Error { case tooLarge }

    /// Builds the archive; `date` (`YYYY-MM-DD`) is every entry's modification date at 00:00.
    static func archive(_ entries: [Entry], date: String) throws -> Data {
        let (dosTime, dosDate) = dosDateTime(date)
        var out = Data()
        var central = Data()
        for entry in entries {
            let name = Data(entry.name.utf8)
            guard entry.contents.count < Int(UInt32.max), out.count < Int(UInt32.max), name.count <= 0xFFFF else {
                throw Failure.tooLarge
            }
            let crc = CRC32.checksum(entry.contents)
            let size = UInt32(entry.contents.count)
            let offset = UInt32(out.count)
            // Local file header.
            out.append(le32: 0x0403_4B50)
            out.append(le16: 20)            // version needed: 2.0
            out.append(le16: 0x0800)        // flags: names are UTF-8
            out.append(le16: 0)             // method: stored
            out.append(le16: dosTime)
            out.append(le16: dosDate)
            out.append(le32: crc)
            out.append(le32: size)          // compressed size
            out.append(le32: size)          // uncompressed size
            out.append(le16: UInt16(name.count))
            out.append(le16: 0)             // extra field length
            out.append(name)
            out.append(entry.contents)
            // Central directory header.
            central.append(le32: 0x0201_4B50)
            central.append(le16: 0x031E)    // made by: Unix, spec 3.0
            central.append(le16: 20)
            central.append(le16: 0x0800)
            central.append(le16: 0)
            central.append(le16: dosTime)
            central.append(le16: dosDate)
            central.append(le32: crc)
            central.append(le32: size)
            central.append(le32: size)
            central.append(le16: UInt16(name.count))
            central.append(le16: 0)         // extra field length
            central.append(le16: 0)         // comment length
            central.append(le16: 0)         // disk number
            central.append(le16: 0)         // internal attributes
            central.append(le32: 0o100644 << 16) // external attributes: a regular file, rw-r--r--
            central.append(le32: offset)
            central.append(name)
        }
        guard entries.count <= 0xFFFF, out.count + central.count < Int(UInt32.max) else { throw Failure.tooLarge }
        let centralOffset = UInt32(out.count)
        out.append(central)
        // End of central directory.
        out.append(le32: 0x0605_4B50)
        out.append(le16: 0)
        out.append(le16: 0)
        out.append(le16: UInt16(entries.count))
        out.append(le16: UInt16(entries.count))
        out.append(le32: UInt32(central.count))
        out.append(le32: centralOffset)
        out.append(le16: 0)                 // comment length
        return out
    }

    /// MS-DOS time and date fields for midnight of `YYYY-MM-DD` (1980-01-01 if unreadable).
    static func dosDateTime(_ date: String) -> (time: UInt16, date: UInt16) {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1980...2107).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2])
        else { return (0, 1 << 5 | 1) }
        return (0, UInt16((parts[0] - 1980) << 9 | parts[1] << 5 | parts[2]))
    }
}

/// CRC-32 (IEEE 802.3, the ZIP and PNG checksum), table-driven.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    fileprivate mutating func append(le32 value: UInt32) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)])
    }
}
