import Testing

@testable import Loom

/// An n-gram line may not end on a clause that has only begun ("…, and the keeper."), unless
/// the world's corpus ends a sentence that way.
@Suite struct CorpusEndingTests {
    static let corpus = """
        The gulls wheel over the rocks and cry at the keeper.
        The sea is grey under the cliff, and the tide comes in fast.
        The wind drops, and the fog comes in. Salt and iron!
        """

    @Test func theCorpusEndingsAreItsSentencesLastThreeWords() {
        #expect(
            WorldText.sentenceEndings(of: Self.corpus) == [
                "at the keeper", "comes in fast", "fog comes in", "salt and iron",
            ])
    }

    @Test(arguments: [
        ("The sea is grey under the cliff, and the keeper.", true),
        ("The sea is grey under the cliff and the keeper.", false),  // one clause: "cliff and the keeper"
        ("The wind drops, and fog.", true),
        ("The wind drops, but the tide comes in.", false),
        ("The gulls cry at the keeper.", false),
        ("The wind drops, and the keeper!", true),
        ("Salt and iron.", false),
        ("The wind drops, so his lamp.", true),
        ("The wind drops, and the old keeper.", false),  // not a determiner: left to the model
    ])
    func clausesCutAfterAConjunctionAreRefused(line: String, refused: Bool) {
        let endings = WorldText.sentenceEndings(of: Self.corpus)
        #expect(WorldText.endsMidPhrase(line, endings: endings) == refused)
    }

    @Test func aCorpusThatEndsASentenceSoAllowsIt() {
        let endings = WorldText.sentenceEndings(of: "The boat drifts, and the sea.\n")
        #expect(!WorldText.endsMidPhrase("The wind drops, and the sea.", endings: endings))
        #expect(WorldText.endsMidPhrase("The wind drops, and the keeper.", endings: endings))
    }
}
