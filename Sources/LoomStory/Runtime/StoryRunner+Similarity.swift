import LoomCore

extension StoryRunner {
    /// The cosine similarity of two texts by ``textEmbedder``, rounded to four decimals: the
    /// story function `similarity(a, b)`. Both texts' embeddings are kept in the story's cache.
    ///
    /// ```
    /// <<if similarity($answer, "the sea") > 0.5>>
    /// ```
    public func similarity(_ a: String, _ b: String) throws -> Float {
        let embedder = try requireEmbedder("similarity(a, b) and the most_similar saliency strategy")
        let vectors = try story.embeddings.embed([a, b], with: embedder).cached
        return TextEmbedding.rounded(TextEmbedding.cosine(vectors[0], vectors[1]))
    }

    /// The topic a saliency candidate declares: the `about:` tags of a storylet's `tags:`
    /// header, or of the line a line-group item shows; commas and underscores read as spaces.
    func aboutText(of candidate: SaliencyCandidate) -> String? {
        var tags: [String] = []
        if let node = story.node(named: story.strings[candidate.key]) {
            tags = story.nodes[node].tags
        } else {
            // A line group item: its line is among the first instructions at its destination
            // (after the `once` bookkeeping).
            for pc in candidate.destination..<Swift.min(candidate.destination + 4, story.code.count) {
                if case .line(let template) = story.code[pc] {
                    tags = story.templates[template].tags
                    break
                }
            }
        }
        let topics = tags.filter { $0.hasPrefix("about:") }.map { tag in
            String(tag.dropFirst(6).map { $0 == "_" || $0 == "," ? " " : $0 })
        }
        return topics.isEmpty ? nil : topics.joined(separator: " ")
    }

    /// ``SaliencyStrategy/mostSimilar``: among passing candidates seen the fewest times, the one
    /// whose `about:` text is most similar to the recent lines; then the most complex, then the
    /// first. Falls back to ``SaliencyStrategy/bestLeastRecentlySeen`` without an embedder or
    /// recent lines.
    func chooseMostSimilar(_ candidates: [SaliencyCandidate]) throws -> Int? {
        guard let embedder = textEmbedder, !recentLines.isEmpty else {
            return SaliencyStrategy.bestLeastRecentlySeen.choose(
                candidates, views: { self.views[$0] ?? 0 }, random: &random)
        }
        let passing = candidates.indices.filter { candidates[$0].passed }
        guard let fewest = passing.map({ views[candidates[$0].key] ?? 0 }).min() else { return nil }
        let tier = passing.filter { (views[candidates[$0].key] ?? 0) == fewest }
        let abouts = tier.map { aboutText(of: candidates[$0]) }
        let topics = abouts.compactMap { $0 }
        var scores = [Float](repeating: -2, count: tier.count)
        if !topics.isEmpty {
            let context = recentLines.joined(separator: " ")
            let vectors = try story.embeddings.embed(topics, transient: [context], with: embedder)
            var next = 0
            for (slot, about) in abouts.enumerated() where about != nil {
                scores[slot] = TextEmbedding.rounded(TextEmbedding.cosine(vectors.transient[0], vectors.cached[next]))
                next += 1
            }
        }
        var best = 0
        for slot in tier.indices.dropFirst() {
            let (score, complexity) = (scores[slot], candidates[tier[slot]].complexity)
            if score > scores[best] || (score == scores[best] && complexity > candidates[tier[best]].complexity) {
                best = slot
            }
        }
        return tier[best]
    }
}
