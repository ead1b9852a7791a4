import LoomCore

/// "Did you mean …?" for a mistyped word: the closest candidate by edit distance.
enum Suggestion {
    /// The candidate nearest to `word` (case-insensitive Levenshtein distance), when it is within
    /// a third of the word's length (at least 1, at most 3); ties go to the first candidate.
    static func closest(to word: String, among candidates: [String]) -> String? {
        EditDistance.closest(to: word, among: candidates, within: min(3, max(1, word.count / 3)))
    }
}
