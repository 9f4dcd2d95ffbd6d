/// "Did you mean …?" by edit distance, as compilers and argument parsers do.
public enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    ///
    /// Close enough: at most a third of the word's length in edits (at least one, at most
    /// three). Ties go to the earlier candidate, so results are deterministic.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String?
    where S.Element == String {
        let limit = min(3, max(1, word.count / 3))
        var best: (name: String, distance: Int)?
        let length = word.count
        for candidate in candidates where candidate != word {
            // Lengths further apart than the limit cannot be close (and a huge word stays cheap).
            guard abs(candidate.count - length) <= limit else { continue }
            let d = distance(word.lowercased(), candidate.lowercased())
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// The clause "; did you mean 'x'?" or the empty string.
    static func didYouMean<S: Sequence>(_ word: String, in candidates: S) -> String
    where S.Element == String {
        guard let match = closest(to: word, in: candidates) else { return "" }
        return "; did you mean '\(match)'?"
    }

    /// For a name that is not among `names`: "; did you mean 'x'?" for the closest one, else
    /// "; expected one of 'a', 'b'" when there are a dozen names or fewer, else the empty
    /// string. `spelled` writes a name as the message shows it (a key as a whole path).
    static func unknownNameHint(_ word: String, in names: [String], spelled: (String) -> String = { $0 }) -> String {
        if let match = closest(to: word, in: names) { return "; did you mean '\(spelled(match))'?" }
        guard !names.isEmpty, names.count <= 12 else { return "" }
        return "; expected one of " + names.map { "'\(spelled($0))'" }.joined(separator: ", ")
    }

    /// Optimal string alignment distance (Levenshtein plus transpositions), on characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }
}
