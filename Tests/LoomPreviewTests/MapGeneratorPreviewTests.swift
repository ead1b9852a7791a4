import Foundation
import Loom
import LoomPlayground
import LoomPreview
import Testing

/// `loom preview caves`: a generator of the registry in the playground, its sliders passing
/// through the generator's own decoder.
@Suite(.serialized) struct MapGeneratorPreviewTests {
    static func caves() -> CaveParameters {
        var caves = CaveParameters()
        caves.width = 96
        caves.height = 64
        return caves
    }

    /// The sliders are the generator's tunable parameters, then its named choices; at their
    /// starting values the map is the generator's own.
    @Test func slidersStartAtTheParametersAndMakeTheGeneratorsMap() throws {
        let content = try MapGeneratorPreviewContent(Self.caves())
        #expect(content.name == "caves")
        #expect(content.parameters.map(\.name) == ["fillProbability", "iterations", "connection"])
        let values = PreviewParameterValues(defaults: content.parameters)
        let map = try content.generate(seed: Seed(9), parameters: values)
        let direct = try Self.caves().generate(seed: Seed(9))
        #expect(map.width == 96 && map.height == 64)
        #expect(map.layers[0].image == (try direct.image(layer: "ground")))
    }

    /// Moving a slider is the same as setting the parameter; a whole-number one is set as an
    /// integer; a choice sets the name.
    @Test func aSliderSetsItsParameter() throws {
        let content = try MapGeneratorPreviewContent(Self.caves())
        var values = PreviewParameterValues(defaults: content.parameters)
        values.values["fillProbability"] = 0.55
        values.values["iterations"] = 2
        values.values["connection"] = 1
        let map = try content.generate(seed: Seed(3), parameters: values)
        var expected = Self.caves()
        expected.fillProbability = 0.55
        expected.iterations = 2
        expected.connection = .keepLargest
        #expect(map.layers[0].image == (try expected.generate(seed: Seed(3)).image(layer: "ground")))
        #expect(map.layers[0].image != (try Self.caves().generate(seed: Seed(3)).image(layer: "ground")))
    }

    /// A starting value outside a slider's usual span widens it instead of being clamped away.
    @Test func aStartingValueOutsideTheSpanIsKept() throws {
        var caves = Self.caves()
        caves.fillProbability = 0.9
        let content = try MapGeneratorPreviewContent(caves)
        let fill = try #require(content.parameters.first { $0.name == "fillProbability" })
        #expect(fill.range == 0.3...0.9)
        // Untouched, the slider keeps the exact value, off its steps or not.
        caves.fillProbability = 0.455
        let offStep = try MapGeneratorPreviewContent(caves)
        let map = try offStep.generate(seed: Seed(2), parameters: PreviewParameterValues(defaults: offStep.parameters))
        #expect(map.layers[0].image == (try caves.generate(seed: Seed(2)).image(layer: "ground")))
    }

    /// A combination the generator refuses is its own error, and bad starting parameters are
    /// refused at once.
    @Test func refusedCombinationsAreTheGeneratorsErrors() throws {
        var dungeon = DungeonParameters()
        dungeon.width = 64
        dungeon.height = 48
        let content = try MapGeneratorPreviewContent(dungeon)
        var values = PreviewParameterValues(defaults: content.parameters)
        values.values["minimumRoomSize"] = 12
        values.values["maximumRoomSize"] = 4
        let error = #expect(throws: LoomError.self) {
            try content.generate(seed: Seed(1), parameters: values)
        }
        #expect(error?.message.contains("maximumRoomSize") == true, "\(String(describing: error))")
        var bad = Self.caves()
        bad.fillProbability = 2
        #expect(throws: LoomError.self) { try MapGeneratorPreviewContent(bad) }
    }

    /// Every generator of the registry previews headless.
    @Test func everyRegisteredGeneratorPreviews() throws {
        LoomPlayground.prepareHeadlessVideo()
        func run<Generator: MapGenerator>(_: Generator.Type) throws {
            var parameters = try Generator.decode(json: nil)
            parameters.width = 48
            parameters.height = 48
            var options = PlaygroundOptions()
            options.width = 320
            options.height = 240
            let result = try LoomPlayground.runHeadless(
                content: try MapGeneratorPreviewContent(parameters), frames: 2, options: options)
            #expect(result.session.errorMessage == nil, "\(Generator.name): \(result.session.errorMessage ?? "")")
            #expect(result.image.width == 320)
        }
        for generator in MapGenerators.all { try run(generator) }
    }
}
