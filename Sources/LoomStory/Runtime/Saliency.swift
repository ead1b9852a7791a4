import LoomCore

/// How a line group or node group picks among content whose conditions passed.
public enum SaliencyStrategy: String, Sendable, Codable, CaseIterable {
    /// The first item whose conditions all pass.
    case first
    /// The passing item with the highest complexity; the first of equals.
    case best
    /// Among passing items seen the fewest times, the most complex; the first of equals.
    case bestLeastRecentlySeen = "best_least_recently_seen"
    /// As ``bestLeastRecentlySeen``, but a seeded random pick among equals.
    case randomBestLeastRecentlySeen = "random_best_least_recently_seen"
    /// Among passing items seen the fewest times, the one whose `#about:` tag is most similar
    /// to the story's recent lines (``StoryRunner/recentLines``), by the runner's
    /// ``StoryRunner/textEmbedder``; then the most complex, then the first. Items without an
    /// `#about:` tag come after those with one. A storylet (node group member) gives its topic
    /// in its `tags:` header (`tags: about:lamp,light`), a line group item as a line tag
    /// (`=> … #about:storm,sea`); commas and underscores read as spaces. Without an embedder
    /// or recent lines it behaves as ``bestLeastRecentlySeen``. Deterministic for a given
    /// model: scores are compared at four decimals.
    case mostSimilar = "most_similar"
}

/// One piece of content a strategy may pick.
struct SaliencyCandidate {
    var key: Int
    var passed: Bool
    var complexity: Int
    var destination: Int
}

extension SaliencyStrategy {
    /// The index of the chosen candidate, or `nil` when none passed.
    func choose<R: RandomNumberGenerator>(
        _ candidates: [SaliencyCandidate], views: (Int) -> Int, random: inout R
    ) -> Int? {
        var best: [Int] = []
        var bestViews = Int.max
        var bestComplexity = Int.min
        for (index, candidate) in candidates.enumerated() where candidate.passed {
            if self == .first { return index }
            let seen = (self == .best) ? 0 : views(candidate.key)
            if seen < bestViews || (seen == bestViews && candidate.complexity > bestComplexity) {
                best = [index]
                bestViews = seen
                bestComplexity = candidate.complexity
            } else if seen == bestViews && candidate.complexity == bestComplexity {
                best.append(index)
            }
        }
        guard !best.isEmpty else { return nil }
        if self == .randomBestLeastRecentlySeen { return best[random.nextInt(below: best.count)] }
        return best[0]
    }
}
