/// Levenshtein distance, and the "did you mean …?" lookup built on it that error messages use.
public enum EditDistance {
    /// The fewest insertions, deletions and substitutions of Unicode scalars that turn `a`
    /// into `b`.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // previous[j]: the distance between a[..<i] and b[..<j], one row at a time.
        var previous = Array(0...b.count)
        var row = previous
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                row[j] = min(substitution, previous[j] + 1, row[j - 1] + 1)
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }

    /// The candidate nearest to `word`, ignoring case, when it is within `limit` edits; the
    /// first of the nearest on ties.
    public static func closest(to word: String, among candidates: [String], within limit: Int) -> String? {
        let word = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = between(word, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }
}
