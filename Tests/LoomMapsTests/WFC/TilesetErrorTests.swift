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

    /// One invalid byte in an attribute name used to trap inside Foundation's XML parser.
    @Test func invalidUTF8IsLocatedBeforeParsing() throws {
        var bytes = Array("<set>\n<tiles>\n  <tile na".utf8)
        bytes.append(0xFF)
        bytes += Array("me=\"a\" symmetry=\"X\"/>\n</tiles>\n</set>".utf8)
        let error = try #require(throws: LoomError.self) {
            try TilesetDescription.parseXML(Data(bytes), file: "bad.xml")
        }
        #expect(
            error.description
                == "bad.xml:3:11: error: the file is not valid UTF-8 (expected UTF-8 text, as XML declares by default)")
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

    func jsonError(_ text: String) -> String {
        do {
            _ = try TiledRules(try TilesetDescription.parseJSON(Data(text.utf8), file: "t.json"))
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func malformedJSONIsLocated() throws {
        #expect(
            jsonError(#"{ "tiles": [{ "name": "a", "weight": "heavy" }] }"#)
                == "t.json:1:38: error: 'weight' must be a number, found a string")
        #expect(
            jsonError("{\"tiles\": [\n  {\"name\": \"a\"},\n  {\"name\": \"b\", \"wieght\": 2}]}")
                == "t.json:3:17: error: unknown key 'wieght' in 'tiles[1]'; expected one of: name, symmetry, weight "
                + "(did you mean 'weight'?)")
        #expect(
            jsonError(#"{"tiles": [{"name": "a"}], "neighbors": [{"left": "a"}]}"#)
                == "t.json:1:42: error: missing key 'right' in the object that starts here")
        #expect(
            jsonError(#"{"tiles": [{"name": "a"}], "tiles": []}"#).hasPrefix(
                "t.json:1:28: error: duplicate key 'tiles'"))
    }

    @Test func rulesFromJSONPointAtTheTileOrRule() throws {
        #expect(
            jsonError("{\"tiles\": [\n  {\"name\": \"a\", \"symmetry\": \"Q\"}]}")
                == #"t.json:2:3: error: tile 'a' has symmetry 'Q'; expected X, I, \, L, T or F"#)
        #expect(
            jsonError("{\"tiles\": [{\"name\": \"a\"}],\n \"neighbors\": [\n  {\"left\": \"a\", \"right\": \"b\"}]}")
                == "t.json:3:3: error: neighbour rule names tile 'b', which the tileset does not declare")
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
