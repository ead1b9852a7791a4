import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// A bag-of-words embedder for tests without the sentence model: each lower-cased word adds 1
/// to a dimension chosen by a fixed hash, then the vector is scaled to length 1. Counts calls.
final class WordBagEmbedder: TextEmbedder, @unchecked Sendable {
    let dimension = 64
    let identifier = "word-bag"
    private(set) var embeddedTexts: [String] = []

    func embed(_ texts: [String]) throws -> [[Float]] {
        embeddedTexts += texts
        return texts.map { text in
            var vector = [Float](repeating: 0, count: dimension)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
                var hash: UInt32 = 2_166_136_261
                for byte in word.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
                vector[Int(hash % UInt32(dimension))] += 1
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? vector.map { $0 / norm } : vector
        }
    }
}

@Suite("Free-text choices, similarity() and most_similar saliency")
struct FreeTextTests {
    static let keeper = """
        title: Start
        ---
        Keeper: The storm is coming.
        -> Light the lamp #hint:kindle_the_wick
            Keeper: The beam sweeps the sea.
        -> Bar the door <<if false>>
            Keeper: Never.
        -> Climb the tower
            Keeper: Mind the stairs.
        ===
        """

    func waitingRunner(
        _ source: String = keeper, embedder: WordBagEmbedder? = WordBagEmbedder()
    ) throws
        -> StoryRunner
    {
        let runner = StoryRunner(story: try StoryTesting.compile(source), seed: Seed(1))
        runner.textEmbedder = embedder
        try runner.setNode("Start")
        while true {
            if case .options = try runner.continue() { return runner }
        }
    }

    @Test("typed text chooses the closest available option and reports its score")
    func matches() throws {
        let runner = try waitingRunner()
        let match = try runner.selectOption(matching: "  climb up the tower ")
        #expect(match.option?.index == 2)
        #expect(match.text == "climb up the tower")
        #expect(match.score == 0.866)  // 3 shared words of 4 and 3: 3/(2·√3), to 4 places
        #expect(match.summary == "matched \"climb up the tower\", score 0.87")
        #expect(try runner.continue() == .line(StoryLine.expected("Keeper: Mind the stairs.", runner)))
    }

    @Test("a hint counts as the option's text")
    func hints() throws {
        let runner = try waitingRunner()
        let match = try runner.selectOption(matching: "kindle the wick")
        #expect(match.option?.index == 0)
        #expect(match.score == 1)
    }

    @Test("an option whose hint the typed text holds word for word scores at least hintWordScore")
    func hintWords() throws {
        let runner = try waitingRunner()
        // Ten other words dilute the bag of words' similarity to "kindle the wick" (0.63);
        // holding kindle, the and wick lifts the lamp's score to exactly hintWordScore.
        let typed = "Now kindle THE wick, at once, quickly and quietly before dawn comes over us please"
        let match = try runner.selectOption(matching: typed)
        #expect(try WordBagEmbedder().similarity(typed, "kindle the wick") < OptionMatch.hintWordScore)
        #expect(match.option?.index == 0)
        #expect(match.score == OptionMatch.hintWordScore)
        // Without one of the hint's words ("the"), only the similarity counts.
        let partial = try waitingRunner().matchOption(
            "Now kindle a wick at once quickly and quietly before dawn please")
        #expect(partial.scores[0]! < OptionMatch.hintWordScore)
        #expect(OptionMatcher.words(of: "Kindle the WICK’s, 2 lamps!") == ["kindle", "the", "wick's", "2", "lamps"])
    }

    @Test("below the threshold nothing is chosen, the runner says so and the options still wait")
    func noMatch() throws {
        let runner = try waitingRunner()
        let match = try runner.selectOption(matching: "sing a song")
        #expect(match.option == nil)
        #expect(!match.isMatch)
        #expect(match.summary == "no option matches \"sing a song\"")
        #expect(runner.currentOptions.count == 3)
        #expect(throws: LoomError.self) { try runner.continue() }
        #expect(try runner.selectOption(matching: "light the lamp").option?.index == 0)
    }

    @Test("unavailable options never match, even word for word")
    func unavailable() throws {
        let runner = try waitingRunner()
        let match = try runner.matchOption("bar the door")
        #expect(match.scores[1] == nil)
        #expect(match.option?.index != 1)
    }

    @Test("another runtime's choices (an ink story's) match as the runner's own options do")
    func playerChoices() throws {
        let runner = try waitingRunner()
        let choices = runner.currentOptions.map {
            StoryPlayerChoice(index: $0.index, text: $0.line.text, isAvailable: $0.isAvailable, tags: $0.line.tags)
        }
        let matcher = OptionMatcher(embedder: WordBagEmbedder(), cache: StoryEmbeddingCache())
        for typed in ["climb up the tower", "kindle the wick", "bar the door", "sing a song", ""] {
            let theirs = try matcher.match(typed, among: choices.map(StoryOption.init))
            let ours = try runner.matchOption(typed)
            #expect(theirs.scores == ours.scores && theirs.score == ours.score, "\(typed)")
            #expect(theirs.option?.index == ours.option?.index && theirs.summary == ours.summary, "\(typed)")
        }
    }

    @Test("option embeddings are computed once per compiled story, shared by its runners")
    func cache() throws {
        let embedder = WordBagEmbedder()
        let first = try waitingRunner(embedder: embedder)
        _ = try first.matchOption("light it")
        #expect(embedder.embeddedTexts == ["Light the lamp", "kindle the wick", "Climb the tower", "light it"])
        let second = StoryRunner(story: first.story, seed: Seed(2))
        second.textEmbedder = embedder
        try second.setNode("Start")
        while true { if case .options = try second.continue() { break } }
        _ = try second.matchOption("climb")
        #expect(embedder.embeddedTexts.suffix(1) == ["climb"])
        #expect(first.story.embeddings.count == 3)
    }

    @Test("without an embedder typed text says it needs the sentence model; numbers still work")
    func noEmbedder() throws {
        let runner = try waitingRunner(embedder: nil)
        let error = #expect(throws: LoomError.self) { try runner.selectOption(matching: "light the lamp") }
        #expect(error?.message.contains("need a sentence model") == true)
        #expect(error?.message.contains("Scripts/fetch-models") == true)
        try runner.selectOption(0)
        #expect(try runner.continue() == .line(StoryLine.expected("Keeper: The beam sweeps the sea.", runner)))
    }

    @Test("similarity(a, b) is the rounded cosine of the two texts")
    func similarityFunction() throws {
        let source = """
            title: Start
            ---
            <<if similarity("the old lamp", "the lamp") > 0.8>>
            Close: {similarity("the old lamp", "the lamp")}
            <<endif>>
            Far: {similarity("lamp", "sea")}
            ===
            """
        let runner = StoryRunner(story: try StoryTesting.compile(source), seed: Seed(1))
        runner.textEmbedder = WordBagEmbedder()
        try runner.setNode("Start")
        var lines: [String] = []
        while true {
            switch try runner.continue() {
            case .line(let line): lines.append(line.text)
            case .end: break
            default: continue
            }
            if runner.isRunning == false { break }
        }
        #expect(lines == ["Close: 0.8165", "Far: 0"])
    }

    @Test("most_similar picks the storylet whose about: tag is closest to the recent lines, once each")
    func mostSimilarSaliency() throws {
        let source = """
            title: Start
            ---
            Keeper: The storm rolls in from the sea and the lamp must burn.
            <<jump Scene>>
            ===
            title: Scene
            when: always
            tags: about:market,bread
            ---
            The market smells of bread.
            ===
            title: Scene
            when: always
            tags: about:lamp,storm
            ---
            You tend the lamp through the storm.
            ===
            """
        let runner = StoryRunner(story: try StoryTesting.compile(source), seed: Seed(1))
        runner.textEmbedder = WordBagEmbedder()
        runner.saliencyStrategy = .mostSimilar
        var seen: [String] = []
        for _ in 0..<2 {
            try runner.setNode("Start")
            while true {
                let event = try runner.continue()
                if case .line(let line) = event, line.characterName == nil { seen.append(line.text) }
                if event == .end { break }
            }
        }
        #expect(seen == ["You tend the lamp through the storm.", "The market smells of bread."])
        #expect(runner.recentLines.count <= runner.recentLineLimit)
    }
}

extension StoryLine {
    /// The line a runner shows for `text` (its id and tags come from the story).
    static func expected(_ text: String, _ runner: StoryRunner) -> StoryLine {
        let template = runner.story.templates.first { template in
            template.fixed?.text == text
        }!
        return StoryLine(
            id: template.id, text: text, characterName: template.fixed?.characterName, tags: template.tags,
            attributes: template.fixed?.attributes ?? [])
    }
}
