import Foundation
import Loom
import LoomInk

extension InkFiles {
    /// `loom play story.ink --free-text`: inklecate's transcript, with each input line an option
    /// number or typed text. Typed text chooses the choice it means (the one `OptionMatcher`
    /// Yarn stories use; a choice's `#hint:` tags are its hints) and the transcript notes
    /// `(matched "…", score 0.73)` after the prompt; when nothing is close enough it notes
    /// `(no option matches "…")` and offers the choices again.
    ///
    /// - Returns: `false` after a runtime error (the caller exits with status 1).
    static func playFreeText(_ runner: InkRunner, input: inout FreeTextInput) -> Bool {
        let matcher = input.embedder.map { OptionMatcher(embedder: $0, cache: StoryEmbeddingCache()) }
        let write = { (text: String) in FileHandle.standardOutput.write(Data(text.utf8)) }
        return InkTranscript.play(
            runner,
            choices: {
                let offered = runner.currentChoices
                while true {
                    guard let line = input.next() else {
                        write("(out of input)\n")
                        return nil
                    }
                    if let number = Int(line) {
                        if (1...offered.count).contains(number) { return number }
                        write("(option \(number) is not available)\n?> ")
                        continue
                    }
                    guard let matcher else {
                        write("\(input.missingModelNote)\n?> ")
                        continue
                    }
                    let match: OptionMatch
                    do {
                        match = try matcher.match(line, among: offered.map { StoryOption($0.playerChoice) })
                    } catch {
                        printError("error: \(error)")
                        return nil
                    }
                    write("(\(match.summary))\n")
                    if let option = match.option { return option.index + 1 }
                    write("\n")
                    for choice in offered { write("\(choice.index + 1): \(choice.text)\n") }
                    write("?> ")
                }
            },
            write: write)
    }
}
