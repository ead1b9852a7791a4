import Foundation
import LoomCore
import Testing

@testable import LoomMaps

@Suite struct MapGeneratorsTests {
    @Test func listsEveryBuiltInGeneratorOnce() {
        #expect(MapGenerators.names == ["terrain", "caves", "dungeon", "maze"])
        #expect(Set(MapGenerators.names).count == MapGenerators.all.count)
    }

    @Test func generatesTheSameMapAsTheParameterStruct() throws {
        var direct = CaveParameters(width: 48, height: 30)
        direct.fillProbability = 0.5
        let expected = try direct.generate(seed: Seed(9))
        let named = try MapGenerators.generate(
            "caves", json: #"{"fillProbability": 0.5}"#, seed: Seed(9), width: 48, height: 30)
        #expect(named == expected)
        #expect(named.stableHash == expected.stableHash)
    }

    @Test(arguments: ["terrain", "caves", "dungeon", "maze"])
    func everyGeneratorMakesAMapOfTheAskedSizeWithDefaults(name: String) throws {
        let map = try MapGenerators.generate(name, json: nil, seed: Seed(3), width: 41, height: 31)
        #expect(map.width == 41 && map.height == 31)
        #expect(map.mainLayerName == "ground")
        let again = try MapGenerators.generate(name, json: "  ", seed: Seed(3), width: 41, height: 31)
        #expect(again == map)
    }

    @Test func sizeFromJSONWhenNotOverridden() throws {
        let parameters = try MapGenerators.parameters("maze", json: #"{"width": 21, "height": 11}"#)
        #expect(parameters.width == 21 && parameters.height == 11)
        let overridden = try MapGenerators.parameters("maze", json: #"{"width": 21}"#, width: 31, height: 15)
        #expect(overridden.width == 31 && overridden.height == 15)
    }

    @Test func unknownNameListsTheNames() {
        #expect {
            try MapGenerators.named("cave")
        } throws: { error in
            let error = error as? LoomError
            return error?.kind == .notFound
                && error?.message == "unknown map generator 'cave'; expected one of: terrain, caves, dungeon, maze"
        }
    }

    @Test func unknownKeyIsLocated() {
        #expect {
            try MapGenerators.parameters("caves", json: "{\n  \"fill\": 0.4\n}", file: "cave.json")
        } throws: { error in
            let error = error as? LoomError
            return error?.kind == .semantic && error?.location?.file == "cave.json" && error?.location?.line == 2
                && error?.message.contains("'fill'") == true
        }
    }

    @Test func malformedJSONIsASyntaxError() {
        #expect {
            try MapGenerators.parameters("dungeon", json: #"{"width": 40,"#)
        } throws: { error in
            (error as? LoomError)?.kind == .syntax && (error as? LoomError)?.location?.file == "<parameters>"
        }
    }

    @Test func outOfRangeIsRefusedOnceAtDecoding() {
        #expect {
            try MapGenerators.parameters("caves", json: #"{"fillProbability": 2}"#)
        } throws: { error in
            let error = error as? LoomError
            return error?.kind == .invalidArgument && error?.message.contains("fillProbability") == true
        }
        #expect(throws: LoomError.self) { try MapGenerators.parameters("maze", json: nil, width: 1, height: 1) }
    }

    @Test func choicesNameTheEnumSpellings() {
        #expect(CaveParameters.parameterChoices["connection"] == ["join", "keepLargest"])
        #expect(TerrainParameters.parameterChoices["shape"]?.contains("island") == true)
    }
}
