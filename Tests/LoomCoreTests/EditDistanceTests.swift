import LoomCore
import Testing

@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("", "", 0), ("", "abc", 3), ("terain", "terrain", 1), ("kitten", "sitting", 3), ("flaw", "lawn", 2),
        ("dungeon", "dungeon", 0), ("café", "cafe", 1),
    ])
    func distances(a: String, b: String, expected: Int) {
        #expect(EditDistance.between(a, b) == expected)
        #expect(EditDistance.between(b, a) == expected, "symmetric")
    }

    @Test func theClosestCandidateWithinTheLimitIgnoringCaseFirstOnTies() {
        let kinds = ["terrain", "caves", "dungeon", "maze", "world"]
        #expect(EditDistance.closest(to: "Terain", among: kinds, within: 2) == "terrain")
        #expect(EditDistance.closest(to: "cave", among: kinds, within: 1) == "caves")
        #expect(EditDistance.closest(to: "forest", among: kinds, within: 2) == nil)
        #expect(EditDistance.closest(to: "mace", among: ["maze", "mice"], within: 1) == "maze", "ties go to the first")
    }
}
