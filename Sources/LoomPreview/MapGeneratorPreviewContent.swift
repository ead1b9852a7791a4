import Foundation
import Loom
import LoomPlayground

/// A map generator of `MapGenerators` in the playground: reseed with `r`, tune its
/// `MapGenerator.tunableParameters` with sliders and its named choices (such as a
/// maze's `algorithm`) with a choice, hover a cell for its tiles and annotations.
///
/// Parameters pass through the generator's own JSON decoder
/// (`MapGenerator.decode(json:width:height:file:)`), so a slider is checked the way
/// `--set` and Lua are; a combination the generator refuses (a maximum room size below the
/// minimum) shows its error and keeps the last map.
///
/// ```swift
/// var caves = CaveParameters()
/// caves.width = 96
/// caves.height = 64
/// let content = try MapGeneratorPreviewContent(caves)
/// try LoomPlayground.run(content: content)
/// ```
public final class MapGeneratorPreviewContent<Generator: MapGenerator>: PreviewContent {
    /// The parameters the sliders start from, as JSON.
    private let base: String
    /// The generator's name (`caves`).
    public var name: String { Generator.name }
    /// A slider for each tunable parameter, then a choice for each parameter that takes names.
    public let parameters: [PreviewParameter]

    /// Content generating with `parameters`; the sliders start at its values.
    /// - Throws: `.invalidArgument` when `parameters` does not validate.
    public init(_ parameters: Generator) throws {
        try parameters.validate()
        let object = try Self.object(parameters)
        base = String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
        var sliders: [PreviewParameter] = Generator.tunableParameters.compactMap { tunable in
            guard let value = (object[tunable.key] as? NSNumber)?.doubleValue else { return nil }
            // A starting value set outside the usual span widens the slider to reach it.
            let range = min(tunable.range.lowerBound, value)...max(tunable.range.upperBound, value)
            return .number(tunable.key, default: value, range: range, step: tunable.step)
        }
        for (key, choices) in Generator.parameterChoices.sorted(by: { $0.key < $1.key }) {
            let index = (object[key] as? String).flatMap { choices.firstIndex(of: $0) } ?? 0
            sliders.append(.choice(key, choices, default: index))
        }
        self.parameters = sliders
    }

    /// The map for `seed`, with the panel's `parameters` over the starting ones.
    public func generate(seed: Seed, parameters values: PreviewParameterValues) throws -> PreviewMap {
        var object = try Self.object(json: base)
        for parameter in parameters {
            let value = values.value(of: parameter)
            // A slider left at its start keeps the exact starting value (snapping to steps
            // would move an off-step `--set` value such as 0.455).
            if value == parameter.clamp(parameter.defaultValue) { continue }
            switch parameter.kind {
            case .choice(let choices):
                object[parameter.name] = choices[min(max(Int(value), 0), choices.count - 1)]
            case .number:
                let whole = Generator.tunableParameters.first { $0.key == parameter.name }?.isWhole ?? false
                object[parameter.name] = whole ? Int(value.rounded()) as Any : value as Any
            }
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let chosen = try Generator.decode(json: json, file: name)
        return try WorldPreviewContent.previewMap(try chosen.generate(seed: seed))
    }

    private static func object(_ parameters: Generator) throws -> [String: Any] {
        try object(json: String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self))
    }

    private static func object(json: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw LoomError(.format, "a generator's parameters are not a JSON object")
        }
        return object
    }
}
