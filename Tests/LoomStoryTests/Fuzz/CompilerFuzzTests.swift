import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// Seeded mutations of the conformance scripts and random bytes: the compiler never crashes or
/// hangs, every rejection carries a located error, and compiled stories run without crashing.
@Suite struct CompilerFuzzTests {
    static let fragments = [
        "<<", ">>", "{", "}", "->", "=>", "===", "---", "\n", "\"", "$x", "#", "[", "]", "\\", "when: ",
        "<<if ", "<<endif>>", "<<else>>", "<<once>>", "<<endonce>>", "<<enum E>>", "<<case A>>", "<<endenum>>",
        "<<declare $v = ", "<<set $v = ", "<<jump ", "<<detour ", "<<return>>", ".A", "(", ")", "+", "title: ",
        "    ", "\t", "//", "#line:", "#shadow:", "[b]", "[/b]", "1.5", "true", "not ", "and ", "é", "\r\n",
    ]

    static var seeds: [String] {
        var texts = [
            "title: Start\n---\nHello {$a}\n-> One\n    <<jump Start>>\n===\n",
            (try? String(contentsOf: StoryTesting.fixtures.appendingPathComponent("Harbour.yarn"), encoding: .utf8))
                ?? "",
        ]
        for name in SharedData.caseNames {
            if let text = try? String(contentsOf: SharedData.yarnCases.appendingPathComponent(name), encoding: .utf8) {
                texts.append(text)
            }
        }
        return texts
    }

    static func mutate(_ text: String, _ random: inout Xoshiro256StarStar) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<(1 + random.nextInt(below: 4)) {
            let at = scalars.isEmpty ? 0 : random.nextInt(below: scalars.count + 1)
            switch random.nextInt(below: 5) {
            case 0:
                let length = random.nextInt(below: 12)
                scalars.removeSubrange(at..<min(scalars.count, at + length))
            case 1:
                scalars.insert(contentsOf: fragments[random.nextInt(below: fragments.count)].unicodeScalars, at: at)
            case 2:
                if at < scalars.count { scalars[at] = Unicode.Scalar(UInt8(random.nextInt(below: 128))) }
            case 3:
                let length = random.nextInt(below: 40)
                let piece = scalars[at..<min(scalars.count, at + length)]
                scalars.insert(contentsOf: Array(piece), at: random.nextInt(below: scalars.count + 1))
            default:
                scalars.removeSubrange(at..<scalars.count)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    func check(_ text: String, functions: FunctionLibrary) throws {
        let result = StoryCompiler.check([StorySource(name: "fuzz.yarn", text: text)], functions: functions)
        let lineCount = text.unicodeScalars.filter { $0 == "\n" }.count + 1
        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.story == nil { #expect(!errors.isEmpty, "rejected without an error:\n\(text)") }
        for diagnostic in result.diagnostics {
            let location = try #require(diagnostic.location, "no location: \(diagnostic)")
            #expect(location.file == "fuzz.yarn")
            #expect(location.line >= 1 && location.line <= lineCount, "\(diagnostic)\n\(text)")
            #expect(location.column >= 1, "\(diagnostic)")
        }
        guard let story = result.story, let start = story.nodeNames.first else { return }
        let runner = StoryRunner(story: story, functions: functions, seed: Seed(1))
        try runner.setNode(start)
        for _ in 0..<200 {
            guard let event = try? runner.continue() else { return }
            switch event {
            case .options(let options):
                guard let option = options.first(where: \.isAvailable) else { continue }
                try runner.selectOption(option.index)
            case .end: return
            default: continue
            }
        }
    }

    @Test func mutatedScriptsAreRejectedWithLocatedErrorsOrRun() throws {
        let seeds = Self.seeds
        let functions = StoryTestPlan.conformanceFunctions
        var random = Seed(2024).derive("fuzz").makeRandom()
        for _ in 0..<2500 {
            let base = seeds[random.nextInt(below: seeds.count)]
            try check(Self.mutate(base, &random), functions: functions)
        }
    }

    @Test func randomBytesAreRejectedWithLocatedErrors() throws {
        var random = Seed(77).derive("bytes").makeRandom()
        for _ in 0..<500 {
            let bytes = (0..<random.nextInt(below: 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            try check(String(decoding: bytes, as: UTF8.self), functions: FunctionLibrary())
        }
    }
}
