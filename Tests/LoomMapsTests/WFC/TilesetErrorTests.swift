import Foundation
import LoomCore
import Testing

@testable import LoomMaps

@Suite struct TilesetErrorTests {
    func xmlError(_ text: String, subset: String? = nil) -> LoomError? {
        do {
            let tileset = try TilesetDescription.parseXML(Data(text.utf8), file: "bad.xml")
            _ = try TiledRules(tileset, subset: subset)
            return nil
        } catch let error as LoomError {
            return error
        } catch {
            return LoomError(.io, "unexpected \(error)")
        }
    }

    @Test func malformedXMLNamesLineAndColumn() throws {
        let error = try #require(xmlError("<set>\n  <tiles>\n    <tile name=\"a\" symmetry=\"X\"\n</set>"))
        #expect(error.kind == .syntax)
        #expect(error.location?.file == "bad.xml")
        #expect((error.location?.line ?? 0) >= 3)
        #expect((error.location?.column ?? 0) > 0)
    }

    @Test func unknownSymmetryLetterIsLocated() throws {
        let error = try #require(xmlError("<set>\n<tiles>\n  <tile name=\"a\" symmetry=\"Q\"/>\n</tiles>\n</set>"))
        #expect(error.kind == .format)
        #expect(error.location?.line == 3)
        #expect(error.message.contains("expected X, I, \\, L, T or F"))
    }

    @Test func unknownTileInNeighbourRuleIsLocated() throws {
        let text = """
            <set>
              <tiles><tile name="a" symmetry="X"/></tiles>
              <neighbors>
                <neighbor left="a" right="b 1"/>
              </neighbors>
            </set>
            """
        let error = try #require(xmlError(text))
        #expect(error.location?.line == 4)
        #expect(error.message.contains("'b'"))
    }

    @Test func badWeightAndMissingAttributeAreLocated() throws {
        let weight = try #require(xmlError("<set><tiles>\n<tile name=\"a\" weight=\"-2\"/></tiles></set>"))
        #expect(weight.location?.line == 2)
        #expect(weight.message.contains("positive number"))
        let missing = try #require(xmlError("<set><neighbors>\n\n<neighbor left=\"a\"/></neighbors></set>"))
        #expect(missing.location?.line == 3)
        #expect(missing.message.contains("'right'"))
    }

    @Test func unknownSubsetListsTheKnownOnes() throws {
        let text =
            "<set><tiles><tile name=\"a\"/></tiles><subsets><subset name=\"S\"><tile name=\"a\"/></subset></subsets></set>"
        let error = try #require(xmlError(text, subset: "Nope"))
        #expect(error.message == "no subset named 'Nope'; expected one of: S")
        #expect(xmlError(text, subset: "S") == nil)
    }

    @Test func malformedJSONNamesThePath() throws {
        let text = #"{ "tiles": [{ "name": "a", "weight": "heavy" }] }"#
        #expect(throws: LoomError.self) { try TilesetDescription.parseJSON(Data(text.utf8), file: "t.json") }
        do {
            _ = try TilesetDescription.parseJSON(Data(text.utf8), file: "t.json")
        } catch let error as LoomError {
            #expect(error.location?.file == "t.json")
            #expect(error.message.contains("tiles[0].weight"))
        }
    }

    @Test func jsonRoundTrips() throws {
        let original = TiledTests.pipes
        let data = try JSONEncoder().encode(original)
        var decoded = try TilesetDescription.parseJSON(data, file: "pipes.json")
        decoded.file = original.file
        #expect(decoded.tiles.map(\.name) == original.tiles.map(\.name))
        #expect(decoded.neighbors.map(\.left) == original.neighbors.map(\.left))
        #expect(decoded.subsets == original.subsets)
    }

    @Test func contradictoryFixedCellsAreAReturnedFailure() throws {
        let rules = try TiledRules(TiledTests.pipes)
        let solver = try WFCSolver(rules: rules, width: 4, height: 4)
        var constraints = WFCConstraints()
        // A horizontal line whose right neighbour is an empty tile cannot join.
        constraints.fixed = [
            .init(x: 1, y: 1, patterns: rules.variants(ofTile: "line").prefix(1).map { $0 }),
            .init(x: 2, y: 1, patterns: rules.variants(ofTile: "empty")),
        ]
        let result = solver.solve(seed: Seed(1), constraints: constraints)
        #expect(!result.isSuccess)
        #expect(result.failure?.contains("contradict") == true)
        #expect(throws: LoomError.self) { try result.get() }
    }
}
