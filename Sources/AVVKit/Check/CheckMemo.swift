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
    /// ``Pattern/normalize(_:)``), each with its memo of pattern results. A sentence seen for
    /// the first time is tested against every wording rule and for placeholders at once, so
    /// that those answers can be read later without a lock.
    func sentences(of paragraph: String, rules: [RequirementCatalog.Rule]) -> [Split] {
        lock.lock()
        let hit = paragraphs[paragraph]
        lock.unlock()
        if let hit { return hit }
        let split = SentenceSplitter.split(paragraph).map { text in
            let normalized = Pattern.normalize(text)
            let sentence = TextModel.Sentence(text: text, normalized: normalized, section: 0)
            return Split(text: text, normalized: normalized, memo: SentenceMemo(
                ruleHits: rules.map { Evidence.triggers($0, sentence) },
                placeholder: Evidence.placeholder.firstMatch(text)))
        }
        lock.lock()
        if paragraphs.count >= Self.capacity { paragraphs.removeAll(keepingCapacity: true) }
        paragraphs[paragraph] = split
        lock.unlock()
        return split
    }
}

/// What is known about one sentence: which wording rules it triggers and its first
/// placeholder (found when the sentence was first seen, fixed after), and which evidence
/// patterns it matches, as far as they were asked.
final class SentenceMemo: @unchecked Sendable {
    /// Per rule of the catalog, in catalog order: whether the sentence triggers it.
    let ruleHits: [Bool]
    /// ``Evidence/placeholder`` in the sentence as written.
    let placeholder: Pattern.Match?
    // `matched` is only touched under `lock`.
    private let lock = NSLock()
    private var matched: [ObjectIdentifier: Bool] = [:]

    init(ruleHits: [Bool], placeholder: Pattern.Match?) {
        self.ruleHits = ruleHits
        self.placeholder = placeholder
    }

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
}
