import Foundation

/// What the checker has already worked out about text it has seen, shared by every check that
/// uses one catalog: how a paragraph splits into sentences, and which patterns each sentence
/// matches.
///
/// Most of a rendered document is the template's own wording, the same for every customer:
/// with the memo, a batch matches those sentences once per process instead of once per
/// document, and only the sentences that carry customer data are matched anew. Results are
/// the ones the patterns give (the memo only remembers them), so findings do not change.
/// The memo is bounded: past ``capacity`` paragraphs it starts afresh, keeping the
/// template's fixed wording (bounded on its own).
final class CheckMemo: @unchecked Sendable {
    // The tables are read under `lock`'s read side and changed under its write side.
    private let lock = ReadWriteLock()
    private var paragraphs: [ExactText: [SentenceMemo]] = [:]
    /// The same for the template's fixed wording, by its object (``FixedContent``): found
    /// without building the text, hashing or comparing it.
    private var fixedParagraphs: [FixedKey: [SentenceMemo]] = [:]
    /// Sentences by their text: a paragraph that changes with the customer (it names the
    /// customer) still mostly consists of sentences that do not.
    private var sentences: [ExactText: SentenceMemo] = [:]
    /// Per section text: whether each wording rule's `unless` patterns match it (by rule
    /// index). A clause of the template that triggers a rule and clears it again with its
    /// own words ("… haftet nicht, außer bei Vorsatz …") is the same text for every customer.
    private var exceptions: [ExactText: [Int: Bool]] = [:]
    /// Per section (its sentences, as the memo's own objects) and requirement: whether one
    /// sentence of the section carries every element of the requirement's evidence. Most
    /// clauses are the same sentences for every customer; asking each sentence for each
    /// pattern again took a lock and a lookup per question.
    private var supports: [Support: Bool] = [:]

    /// Paragraphs remembered before the memo is emptied.
    static let capacity = 20_000

    /// The sentences of a paragraph, split and normalised (``SentenceSplitter``,
    /// ``Pattern/normalize(_:)``), each with its memo of pattern results. A sentence seen for
    /// the first time is tested against every wording rule and for placeholders at once, so
    /// that those answers can be read later without a lock.
    func sentences(of paragraph: String, rules: [RequirementCatalog.Rule]) -> [SentenceMemo] {
        let key = ExactText(paragraph)
        if let hit = lock.reading({ paragraphs[key] }) { return hit }
        let texts = SentenceSplitter.split(paragraph)
        var split = lock.reading { texts.map { sentences[ExactText($0)] } }
        var new: [SentenceMemo] = []
        for (i, text) in texts.enumerated() where split[i] == nil {
            let normalized = Pattern.normalize(text)
            let folded = FoldedText(normalized)
            // Rules share patterns (the same triggers with different exceptions; the catalog
            // compiles each source once): each pattern is matched once per sentence.
            var found: [ObjectIdentifier: Pattern.Match?] = [:]
            var matched: [ObjectIdentifier: Bool] = [:]
            // About a pattern per rule is matched: room for them, so that the table is not
            // rebuilt as it grows.
            matched.reserveCapacity(rules.count)
            let hits = rules.map { rule in
                Evidence.triggers(
                    rule,
                    matches: { pattern in
                        if let known = matched[pattern.identity] { return known }
                        let result = pattern.matches(normalized, folded: folded)
                        matched[pattern.identity] = result
                        return result
                    },
                    firstMatch: { pattern in
                        if let known = found[pattern.identity] { return known }
                        let result = pattern.firstMatch(normalized, folded: folded)
                        found[pattern.identity] = .some(result)
                        return result
                    })
            }
            let fresh = SentenceMemo(text: text, normalized: normalized, folded: folded, ruleHits: hits)
            split[i] = fresh
            new.append(fresh)
        }
        let result = split.map { $0! }
        lock.writing {
            // The template's fixed wording stays (bounded on its own): its sentence objects
            // keep what was worked out about them, so that a batch does not learn the
            // template again each time the customers' texts fill the tables.
            if paragraphs.count >= Self.capacity || sentences.count >= 4 * Self.capacity {
                paragraphs.removeAll(keepingCapacity: true)
                sentences.removeAll(keepingCapacity: true)
                exceptions.removeAll(keepingCapacity: true)
                supports.removeAll(keepingCapacity: true)
            }
            paragraphs[key] = result
            for fresh in new { sentences[ExactText(fresh.text)] = fresh }
        }
        return result
    }

    /// ``sentences(of:rules:)`` for fixed wording: `text` (its plain text) is asked for only the
    /// first time.
    func sentences(of fixed: FixedKey, text: () -> String, rules: [RequirementCatalog.Rule]) -> [SentenceMemo] {
        if let hit = lock.reading({ fixedParagraphs[fixed] }) { return hit }
        let result = sentences(of: text(), rules: rules)
        lock.writing {
            // Bounded by the wording of the template sets in use; a server that loads new
            // sets keeps the old ones' keys until then.
            if fixedParagraphs.count >= Self.capacity { fixedParagraphs.removeAll(keepingCapacity: true) }
            fixedParagraphs[fixed] = result
        }
        return result
    }

    /// Whether requirement number `requirement` of the catalog, in `language`, is supported
    /// by `section`: `compute` answers it the first time, remembered after.
    func supports(
        _ section: SectionSentences, requirement: Int, language: Language, compute: () -> Bool
    ) -> Bool {
        let key = Support(section: section, requirement: requirement, language: language)
        if let known = lock.reading({ supports[key] }) { return known }
        let result = compute()
        lock.writing {
            // Sections that name a customer are new for every customer.
            if supports.count >= Self.capacity { supports.removeAll(keepingCapacity: true) }
            supports[key] = result
        }
        return result
    }

    private struct Support: Hashable {
        let section: SectionSentences
        let requirement: Int
        let language: Language
    }

    /// Whether one of `rule`'s `unless` patterns matches `sectionText` (a section's
    /// normalised text), remembered per text and rule.
    func exception(_ rule: RequirementCatalog.Rule, index: Int, in sectionText: String) -> Bool {
        let key = ExactText(sectionText)
        if let known = lock.reading({ exceptions[key]?[index] }) { return known }
        let result = rule.unless.contains { $0.matches(sectionText) }
        lock.writing {
            // Section texts are long; those that name a customer are new for every customer.
            if exceptions.count >= Self.capacity / 20 { exceptions.removeAll(keepingCapacity: true) }
            exceptions[key, default: [:]][index] = result
        }
        return result
    }
}

/// A section's sentences as a memo key: equal when they are the same memo objects in the
/// same order (the same texts, since the memo keeps one object per text). The key holds
/// them, so that no address is reused by another sentence while the key is remembered.
struct SectionSentences: Hashable, @unchecked Sendable {
    let sentences: [SentenceMemo]
    private let hash: Int

    init(_ sentences: [SentenceMemo]) {
        self.sentences = sentences
        var hasher = Hasher()
        hasher.combine(sentences.count)
        for sentence in sentences { hasher.combine(ObjectIdentifier(sentence)) }
        hash = hasher.finalize()
    }

    static func == (a: Self, b: Self) -> Bool {
        a.hash == b.hash && a.sentences.count == b.sentences.count
            && zip(a.sentences, b.sentences).allSatisfy { $0 === $1 }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// A text as a memo key: equal when its UTF-8 bytes are, and hashed from them. `String`'s
/// own hashing and equality normalise non-ASCII text first, which costs more than the
/// lookup saves; and they take canonically equal texts for one, while the patterns see
/// their code units and may answer differently for each.
struct ExactText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: Self, b: Self) -> Bool {
        var (x, y) = (a.text, b.text)
        guard x.utf8.count == y.utf8.count else { return false }
        return x.withUTF8 { p in y.withUTF8 { q in same(p, q) } }
    }

    /// Whether two byte runs are equal: one memcmp (the generic element-by-element
    /// comparison cost half of a warm check).
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// The bytes are folded into one 64-bit word eight at a time, and only that word goes
    /// through `Hasher`: `Hasher.combine(bytes:)` over whole paragraphs and sections was a
    /// fifth of a warm check. Texts that fold alike only share a bucket; equality still
    /// compares every byte.
    func hash(into hasher: inout Hasher) {
        var text = text
        hasher.combine(text.withUTF8 { Self.fold($0) })
    }

    static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var state = UInt64(truncatingIfNeeded: bytes.count) &* multiplier
        guard let base = bytes.baseAddress else { return state }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            state = (state ^ word) &* multiplier
            state ^= state >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(base[offset]) << shift
            shift += 8
            offset += 1
        }
        state = (state ^ tail) &* multiplier
        return state ^ (state >> 32)
    }
}

/// One sentence as the checker reads it (as written, normalised, folded) and what is known
/// about it: which wording rules it triggers and its first placeholder (found when the sentence
/// is first seen, fixed after), and which evidence patterns it matches, as far as they were
/// asked.
final class SentenceMemo: @unchecked Sendable {
    let text: String
    let normalized: String
    let folded: FoldedText
    /// Per rule of the catalog, in catalog order: whether the sentence triggers it; nil for a
    /// sentence read without a catalog (a third party's document), whose rules are matched
    /// when asked.
    let ruleHits: [Bool]?
    /// The indices of the rules it triggers, ascending (most sentences trigger none).
    let triggered: [Int]
    /// ``Evidence/placeholder`` in the sentence as written.
    let placeholder: Pattern.Match?
    // `matched` and `carried` are only touched under `lock`.
    private let lock = NSLock()
    private var matched: [ObjectIdentifier: Bool] = [:]
    /// Per requirement of the catalog whose memo holds the sentence (its index) and language:
    /// whether the sentence carries every element of the evidence.
    private var carried: [Int: Bool] = [:]

    init(text: String, normalized: String, folded: FoldedText, ruleHits: [Bool]? = nil) {
        self.text = text
        self.normalized = normalized
        self.folded = folded
        self.ruleHits = ruleHits
        triggered = ruleHits.map { hits in hits.indices.filter { hits[$0] } } ?? []
        // The pattern runs on the text as written, its prefilter on the normalised text's
        // folding: every literal the prefilter looks for (`[`, `]`, `todo`, `xxx`, `…`, `...`,
        // `{{`, `}}`) stands in that folding wherever it stands in the text's (lower case
        // either way; normalising only joins white space and drops soft hyphens, which no
        // literal holds), so the prefilter admits every sentence the pattern matches.
        placeholder = Evidence.placeholder.firstMatch(text, folded: folded)
    }

    /// Whether the sentence carries the whole evidence of requirement `requirement` (its index
    /// in the catalog whose memo holds the sentence) in `language`, remembered: a section that names
    /// the customer is new for every customer, but most of its sentences are not, and asking
    /// each of them for each pattern of each element took a lock per pattern.
    func carries(requirement: Int, language: Language, compute: () -> Bool) -> Bool {
        let key = Self.carriedKey(requirement: requirement, language: language)
        lock.lock()
        let known = carried[key]
        lock.unlock()
        if let known { return known }
        let result = compute()
        lock.lock()
        carried[key] = result
        lock.unlock()
        return result
    }

    /// What ``carries(requirement:language:compute:)`` answered before; nil when it was not asked.
    func knownToCarry(requirement: Int, language: Language) -> Bool? {
        let key = Self.carriedKey(requirement: requirement, language: language)
        lock.lock()
        defer { lock.unlock() }
        return carried[key]
    }

    private static func carriedKey(requirement: Int, language: Language) -> Int {
        let languageIndex = switch language {
        case .de: 0
        case .en: 1
        }
        return requirement &* 4 &+ languageIndex
    }

    /// `pattern.matches(normalized)`, remembered.
    func matches(_ pattern: Pattern) -> Bool {
        let key = pattern.identity
        lock.lock()
        let known = matched[key]
        lock.unlock()
        if let known { return known }
        let result = pattern.matches(normalized, folded: folded)
        lock.lock()
        matched[key] = result
        lock.unlock()
        return result
    }
}
