import Foundation
import LoomCore
import Testing

@testable import LoomInk

@Suite("ink-proof conformance")
struct ConformanceTests {
    /// Every case: source through Loom's compiler, JSON and runtime; compiled JSON through the
    /// runtime alone. Prints `N passed, M failed` and the failing names.
    @Test(.enabled(if: InkCases.isAvailable, "\(InkCases.unavailableMessage)"))
    func everyCasePasses() {
        let cases = InkCases.all
        var failed: [String] = []
        for testCase in cases where !testCase.matches(testCase.play()) { failed.append(testCase.name) }
        print("ink conformance: \(cases.count - failed.count) passed, \(failed.count) failed")
        if !failed.isEmpty { print("failing: \(failed.joined(separator: " "))") }
        #expect(cases.count == 116)
        #expect(failed.isEmpty, "failing cases: \(failed)")
    }

    /// Saving at every choice point and continuing in a runner loaded from the save plays the
    /// same transcript.
    @Test(.enabled(if: InkCases.isAvailable, "\(InkCases.unavailableMessage)"))
    func savingAndLoadingAtEveryChoiceContinuesIdentically() {
        for testCase in InkCases.all {
            #expect(testCase.play(reloading: true) == testCase.play(), "\(testCase.name)")
        }
    }

    /// Loom's JSON of every source case reads back into the same JSON, and inklecate's JSON
    /// of the bytecode cases survives a read and write with the same transcript.
    @Test(.enabled(if: InkCases.isAvailable, "\(InkCases.unavailableMessage)"))
    func jsonRoundTripsExactly() throws {
        for testCase in InkCases.all {
            let story = try testCase.story()
            let json = story.json()
            let reread = try InkStory(json: json, file: "reread.json")
            #expect(reread.json() == json, "\(testCase.name)")
        }
    }
}
