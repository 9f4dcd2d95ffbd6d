/// Tests on eight bytes of UTF-8 at once, for scanners that skip plain ASCII quickly (the
/// text writer's and the direct HTML path's).
enum ASCIIWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset`, in memory order.
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// Whether some byte of `word` is `byte`.
    @inline(__always)
    static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        let v = word ^ (ones &* UInt64(byte))
        return (v &- ones) & ~v & highs != 0
    }

    /// Whether every byte of `word` is visible ASCII or a space (0x20–0x7E).
    @inline(__always)
    static func isPrintable(_ word: UInt64) -> Bool {
        // "Some byte below 0x20" is exact only when no byte has its high bit: tested first.
        word & highs == 0 && (word &- ones &* 0x20) & ~word & highs == 0 && !contains(word, 0x7F)
    }
}
