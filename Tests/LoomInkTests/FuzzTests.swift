import Foundation
import LoomCore
import Testing

@testable import LoomInk

@Suite("ink fuzzing")
struct FuzzTests {
    /// Characters that matter to ink's grammar, for insertions.
    static let alphabet = Array(
        "{}[]()-*+~=<>|#\"\\:.,/ \n\tabcxyz012->->-><>DONE END VAR LIST temp return".unicodeScalars)

    static func mutate(_ text: String, random: inout Xoshiro256StarStar) -> String {
        var scalars = Array(text.unicodeScalars)
        let edits = Int(random.next() % 4) + 1
        for _ in 0..<edits {
            let position = scalars.isEmpty ? 0 : Int(random.next() % UInt64(scalars.count + 1))
            switch random.next() % 4 {
            case 0 where !scalars.isEmpty && position < scalars.count:
                scalars.remove(at: position)
            case 1:
                let count = Int(random.next() % 3) + 1
                for _ in 0..<count {
                    scalars.insert(
                        alphabet[Int(random.next() % UInt64(alphabet.count))], at: min(position, scalars.count))
                }
            case 2 where position < scalars.count:
                let end = min(scalars.count, position + Int(random.next() % 40))
                scalars.insert(contentsOf: scalars[position..<end], at: end)
            default:
                if position < scalars.count { scalars.removeSubrange(position..<min(scalars.count, position + 8)) }
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Seeded mutations of every source case: compiling never crashes and either succeeds or
    /// reports located errors; playing a compiled mutant stays within its step and choice bounds.
    @Test(.enabled(if: InkCases.isAvailable, "\(InkCases.unavailableMessage)"))
    func mutatedSourcesGiveLocatedErrorsOrBoundedRuns() throws {
        var random = Seed(21).derive("ink fuzz").makeRandom()
        var compiled = 0
        var rejected = 0
        for testCase in InkCases.all where testCase.isSource {
            let original = try String(
                contentsOf: testCase.folder.appendingPathComponent("story.ink"), encoding: .utf8)
            for _ in 0..<12 {
                let mutant = Self.mutate(original, random: &random)
                do {
                    let story = try InkCompiler.compile(mutant, file: "mutant.ink") { _ in "Included.\n" }
                    compiled += 1
                    let runner = try InkRunner(story: story, seed: Seed(3))
                    runner.stepLimit = 20_000
                    var continues = 0
                    var choices = 0
                    while continues < 500 {
                        while runner.canContinue && continues < 500 {
                            _ = try runner.continue()
                            continues += 1
                        }
                        guard let choice = runner.currentChoices.first, choices < 50 else { break }
                        try runner.choose(choice.index)
                        choices += 1
                    }
                    #expect(InkStory(jsonRoundTripping: story) != nil)
                } catch let error as LoomError {
                    #expect(error.kind != .format, "\(error)")
                    if error.kind == .syntax {
                        rejected += 1
                        for diagnostic in error.diagnostics {
                            #expect(diagnostic.location?.file == "mutant.ink", "\(diagnostic)")
                            #expect((diagnostic.location?.line ?? 0) > 0, "\(diagnostic)")
                        }
                    }
                }
            }
        }
        #expect(compiled > 100)
        #expect(rejected > 100)
    }
}

@Suite("ink parsing work bounds")
struct ParsingWorkTests {
    /// An expression that turns out to be a sequence is reparsed; each `{` is parsed once, so
    /// 64 levels of nesting (2^64 reparses without that) compile at once.
    @Test func deeplyNestedBracesParseOnce() throws {
        var line = "x"
        for _ in 0..<64 { line = "{\"" + line + "\" z|}" }
        let story = try InkCompiler.compile(line + "\n", file: "deep.ink")
        let expected = String(repeating: "\"", count: 64) + "x" + String(repeating: "\" z", count: 64) + "\n"
        #expect(try InkRunner(story: story).continueMaximally() == expected)
    }
}

extension InkStory {
    /// The story written to JSON and read back, or `nil` when that fails.
    fileprivate convenience init?(jsonRoundTripping story: InkStory) {
        try? self.init(json: story.json(), file: "mutant.json")
    }
}
