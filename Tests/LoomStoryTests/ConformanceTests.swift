import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// Yarn Spinner's own test cases: scripts with a plan compile and follow it; the rest are
/// rejected with located errors.
@Suite struct ConformanceTests {
    @Test(
        .enabled(if: SharedData.isAvailable, "../shared/conformance/yarn is absent"),
        arguments: SharedData.caseNames)
    func conformanceCase(_ name: String) throws {
        let path = SharedData.yarnCases.appendingPathComponent(name).path
        let source = try StorySource.load(from: path)
        let planPath = String(path.dropLast(5)) + ".testplan"
        let result = StoryCompiler.check([source], functions: StoryTestPlan.conformanceFunctions)
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard FileManager.default.fileExists(atPath: planPath) else {
            #expect(!errors.isEmpty, "\(name) should be rejected")
            let lineCount = source.text.unicodeScalars.filter { $0 == "\n" }.count + 1
            for error in errors {
                let location = try #require(error.location)
                #expect(location.file == path)
                #expect(location.line >= 1 && location.line <= lineCount, "\(error)")
                #expect(location.column >= 1, "\(error)")
            }
            return
        }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
        guard let story = result.story else { return }
        let plan = try StoryTestPlan.parse(try AtomicFile.readText(planPath), file: planPath)
        let outcome = plan.run(story)
        #expect(outcome.passed, "\(outcome.failure ?? "")")
    }
}
