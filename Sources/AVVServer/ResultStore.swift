import Foundation

/// Generated results kept in memory for preview and download, under unguessable ids.
/// Bounded in count and age, so memory stays bounded; nothing is written to disk.
actor ResultStore {
    static let maxEntries = 64
    static let maxAge: TimeInterval = 2 * 60 * 60

    private var entries: [String: (result: GeneratedResult, created: Date)] = [:]
    private var order: [String] = []

    func put(_ result: GeneratedResult, now: Date = Date()) {
        prune(now: now)
        entries[result.id] = (result, now)
        order.append(result.id)
        while order.count > Self.maxEntries {
            entries[order.removeFirst()] = nil
        }
    }

    func get(_ id: String, now: Date = Date()) -> GeneratedResult? {
        prune(now: now)
        return entries[id]?.result
    }

    private func prune(now: Date) {
        while let first = order.first, let entry = entries[first], now.timeIntervalSince(entry.created) > Self.maxAge {
            entries[first] = nil
            order.removeFirst()
        }
    }

    /// 128 random bits as 32 hex digits.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
