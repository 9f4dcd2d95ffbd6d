import Foundation

/// What the checker has already worked out about text it has seen, shared by every check that
/// uses one catalog: how a paragraph splits into sentences, and which patterns each sentence
/// matches.
///
/// Most of a rendered document is the template's own wording, the same for every customer:
/// with the memo, a batch matches those sentences once per process instead of once per
/// document, and only the sentences that carry customer data are matched anew. Results are
/// the ones the patterns give (the memo only remembers them), so findings do not change.
/// The memo is bounded: past ``capacity`` paragraphs it starts afresh.
final class CheckMemo: @unchecked Sendable {
    // `paragraphs` is only touched under `lock`.
    private let lock = NSLock()
    private var paragraphs: [String: [Split]] = [:]

    /// Paragraphs remembered before the memo is emptied.
    static let capacity = 20_000

    struct Split: Sendable {
        var text: String
        var normalized: String
        var memo: SentenceMemo
    }

    /// The sentences of a paragraph, split and normalised (``SentenceSplitter``,
    /// ``Pattern/normalize(_:)``), each with its memo of pattern results.
    func sentences(of paragraph: String) -> [Split] {
        lock.lock()
        let hit = paragraphs[paragraph]
        lock.unlock()
        if let hit { return hit }
        let split = SentenceSplitter.split(paragraph).map {
            Split(text: $0, normalized: Pattern.normalize($0), memo: SentenceMemo())
        }
        lock.lock()
        if paragraphs.count >= Self.capacity { paragraphs.removeAll(keepingCapacity: true) }
        paragraphs[paragraph] = split
        lock.unlock()
        return split
    }
}

/// The patterns one sentence matches, as far as they were asked.
final class SentenceMemo: @unchecked Sendable {
    // Both tables are only touched under `lock`.
    private let lock = NSLock()
    private var matched: [ObjectIdentifier: Bool] = [:]
    private var first: [ObjectIdentifier: Pattern.Match?] = [:]

    /// `pattern.matches(text)`, remembered; `text` must always be the same for this memo.
    func matches(_ pattern: Pattern, _ text: String) -> Bool {
        let key = pattern.identity
        lock.lock()
        let known = matched[key]
        lock.unlock()
        if let known { return known }
        let result = pattern.matches(text)
        lock.lock()
        matched[key] = result
        lock.unlock()
        return result
    }

    /// `pattern.firstMatch(text)`, remembered; `text` must always be the same for this memo.
    func firstMatch(_ pattern: Pattern, _ text: String) -> Pattern.Match? {
        let key = pattern.identity
        lock.lock()
        let known = first[key]
        lock.unlock()
        if let known { return known }
        let result = pattern.firstMatch(text)
        lock.lock()
        first[key] = .some(result)
        lock.unlock()
        return result
    }
}
