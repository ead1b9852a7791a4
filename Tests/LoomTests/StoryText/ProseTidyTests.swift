import LoomCore
import Testing

@testable import Loom

/// A transformer's sample becomes a story line: one line, and never a half word at the end.
@Suite struct ProseTidyTests {
    func tidy(_ text: String, _ finish: TextFinish = .length) -> TextResult {
        WorldText.tidyProse(TextResult(text: text, tokenCount: 40, finish: finish))
    }

    @Test func aCutSampleEndsAtItsLastSentence() {
        let result = tidy("The tide rose.\nAnd the boats were lost in the catt")
        #expect(result.text == "The tide rose." && result.finish == .sentenceEnd)
        #expect(tidy("Was it you? I said the harbour").text == "Was it you?")
    }

    @Test func aCutSampleWithoutASentenceEndLosesItsLastWord() {
        #expect(tidy("the harbour master walked to the catt").text == "the harbour master walked to the…")
        #expect(tidy("the sea, and").text == "the sea…")
        #expect(tidy("alone").text == "alone")
    }

    @Test func finishedSamplesOnlyBecomeOneLine() {
        #expect(tidy("It ends  here.").text == "It ends here.")
        #expect(tidy("It ends here.").finish == .sentenceEnd)
        let finished = tidy("The vault\nis cold.", .sentenceEnd)
        #expect(finished.text == "The vault is cold." && finished.finish == .sentenceEnd)
        #expect(tidy("no end but the text's own", .endOfText).text == "no end but the text's own")
    }
}
