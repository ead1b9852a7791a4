import Foundation
import LoomCore
import Testing

@testable import LoomInk

/// Where the story is: the knots it entered and the call sites of external functions, which
/// worlds use for `on_node` and for the seeds of their text functions.
@Suite("ink story position")
struct PositionTests {
    /// A knot passed through without a line is listed, in order; a function call is not; the
    /// look-ahead past a line takes back what it entered.
    @Test func knotsPassedThroughWithoutALineAreListedInOrder() throws {
        let source = """
            VAR x = 0
            Start.
            -> hall
            === hall ===
            -> stairs
            === stairs ===
            ~ x = double(2)
            -> attic
            === attic ===
            Dust, {x} inches of it.
            -> END
            === function double(n)
            ~ return n * 2
            """
        let runner = try InkRunner(story: try InkCompiler.compile(source, file: "k.ink"))
        #expect(try runner.continue() == "Start.\n")
        #expect(runner.knotsEntered == [])
        #expect(try runner.continue() == "Dust, 4 inches of it.\n")
        #expect(runner.knotsEntered == ["hall", "stairs", "attic"])
    }

    /// Each external call knows its knot or stitch, its place among the calls written there and
    /// the visit: a second visit of a knot gives new keys, and the keys do not depend on lines
    /// elsewhere in the story.
    @Test func externalCallsKnowTheirCallSite() throws {
        func sites(_ source: String) throws -> [String] {
            let runner = try InkRunner(story: try InkCompiler.compile(source, file: "sites.ink"))
            var keys: [String] = []
            runner.bindExternalFunction("f", lookaheadSafe: false) { arguments in
                keys.append(runner.currentCallSite?.key ?? "none")
                return arguments[0]
            }
            _ = try runner.continueMaximally()
            #expect(runner.errors.isEmpty)
            #expect(runner.currentCallSite == nil)
            return keys
        }
        let source = """
            EXTERNAL f(x)
            -> a
            === a ===
            {f(1)} {f(2)}
            -> b.s
            === b ===
            = s
            {f(3)}
            {a < 2: -> a}
            -> END
            """
        let expected = ["a@0#0", "a@1#0", "b.s@0#0", "a@0#1", "a@1#1", "b.s@0#1"]
        #expect(try sites(source) == expected)
        let withMoreLines = source.replacingOccurrences(of: "= s\n", with: "= s\nA line first.\n")
            .replacingOccurrences(of: "-> a\n=== a", with: "Once upon a time.\n-> a\n=== a")
        #expect(try sites(withMoreLines) == expected)
    }
}
