import Crypto
import Foundation

/// SHA-256 as lower-case hex, the form printed in document stamps and the manifest.
public enum Hashing {
    /// The SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// The SHA-256 of `bytes`.
    static func sha256Hex(bytes: [UInt8]) -> String {
        hex(bytes.withUnsafeBytes { SHA256.hash(data: $0) })
    }

    /// The SHA-256 of `data`.
    public static func sha256Hex(_ data: Foundation.Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// SHA-256 over bytes that arrive in parts, with the hash of what came so far on the way:
    /// a text file's body hash and the whole file's hash from one pass.
    struct Running {
        private var state = SHA256()

        mutating func update(_ bytes: ArraySlice<UInt8>) {
            bytes.withUnsafeBytes { state.update(bufferPointer: $0) }
        }

        /// The hex SHA-256 of everything so far; more may follow.
        var hexSoFar: String { Hashing.hex(state.finalize()) }
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(SHA256.Digest.byteCount * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
