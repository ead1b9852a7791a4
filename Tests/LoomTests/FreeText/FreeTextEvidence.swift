import Foundation
import Loom

/// The evidence set of typed choices (`evidence.txt` beside this file), played through
/// ``StoryRunner/matchOption(_:)`` with the shipped sentence model.
struct FreeTextEvidence {
    /// One typed input, the option it should choose (0-based) or `nil`, and its half.
    struct Case {
        var section: String
        var text: String
        var expected: Int?
        var isTuning: Bool
    }

    /// One input's outcome: the closest available option and its score.
    struct Outcome {
        var testCase: Case
        var closest: Int?
        var score: Float

        /// Whether the input is handled right at `threshold`.
        func isCorrect(at threshold: Float) -> Bool {
            let chosen = score >= threshold ? closest : nil
            return chosen == testCase.expected
        }

        /// Whether an option other than the expected one is chosen at `threshold`.
        func isFalseMatch(at threshold: Float) -> Bool {
            score >= threshold && closest != testCase.expected
        }
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "evidence.txt"
    ).path

    /// Every section's options (Yarn option lines) and cases, in file order.
    static func parse() throws -> [(name: String, options: [String], cases: [Case])] {
        var sections: [(name: String, options: [String], cases: [Case])] = []
        var index = 0
        for (number, raw) in try AtomicFile.readText(file).split(separator: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("# ") || line == "#" { continue }
            if line.hasPrefix("## ") {
                sections.append((String(line.dropFirst(3)), [], []))
            } else if line.hasPrefix("->") {
                sections[sections.count - 1].options.append(line)
            } else if let range = line.range(of: " = ", options: .backwards) {
                let answer = line[range.upperBound...]
                let expected = answer == "none" ? nil : Int(answer).map { $0 - 1 }
                guard answer == "none" || expected != nil else {
                    throw LoomError(
                        .syntax, "expected a number or none", at: SourceLocation(file: file, line: number + 1))
                }
                let name = sections[sections.count - 1].name
                sections[sections.count - 1].cases.append(
                    Case(
                        section: name, text: String(line[..<range.lowerBound]), expected: expected,
                        isTuning: index % 2 == 0))
                index += 1
            } else {
                throw LoomError(.syntax, "unexpected line", at: SourceLocation(file: file, line: number + 1))
            }
        }
        return sections
    }

    /// Scores every case with `embedder`, each section as a compiled story of its options.
    static func outcomes(embedder: any TextEmbedder) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for section in try parse() {
            let body = section.options.map { "\($0)\n    Narrator: Chosen.\n" }.joined()
            let story = try StoryCompiler.compile([
                StorySource(name: "\(section.name).yarn", text: "title: Start\n---\nNarrator: Choose.\n\(body)===\n")
            ])
            let runner = StoryRunner(story: story, seed: Seed(1))
            runner.textEmbedder = embedder
            try runner.setNode("Start")
            while true {
                if case .options = try runner.continue() { break }
            }
            for testCase in section.cases {
                let match = try runner.matchOption(testCase.text)
                outcomes.append(Outcome(testCase: testCase, closest: match.closest?.index, score: match.score))
            }
        }
        return outcomes
    }

    /// The share of `outcomes` handled right, and the share with a false match, at `threshold`.
    static func rates(_ outcomes: [Outcome], threshold: Float) -> (accuracy: Double, falseMatches: Double) {
        let correct = outcomes.filter { $0.isCorrect(at: threshold) }.count
        let wrong = outcomes.filter { $0.isFalseMatch(at: threshold) }.count
        return (Double(correct) / Double(outcomes.count), Double(wrong) / Double(outcomes.count))
    }

    /// The threshold (in steps of 0.01) with the best accuracy on `outcomes`; among equals, the
    /// middle of the best run, so the choice sits away from both edges.
    static func tune(_ outcomes: [Outcome]) -> (threshold: Float, accuracy: Double) {
        let candidates = (10...90).map { Float($0) / 100 }
        let accuracies = candidates.map { rates(outcomes, threshold: $0).accuracy }
        let best = accuracies.max()!
        let winners = candidates.indices.filter { accuracies[$0] == best }
        return (candidates[winners[winners.count / 2]], best)
    }
}
