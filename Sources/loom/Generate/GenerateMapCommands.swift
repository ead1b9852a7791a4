import ArgumentParser
import Foundation
import Loom

/// `loom generate terrain`, `caves`, `dungeon`, `maze`: one command for each generator of
/// `MapGenerators`, whose name, summary and parameters it reads, so a generator added to the
/// registry is a command too.
struct GenerateMap<Generator: MapGenerator>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Generator.name, abstract: Generator.summary, usage: MapGenerateOptions.usage(Generator.name),
            discussion: GenerateMapCommands.help[Generator.name] ?? "")
    }

    @OptionGroup var options: MapGenerateOptions

    func run() throws {
        try options.run(generator: Generator.self)
    }

    /// "Parameters (--set key=value): width, height, then every other key of the defaults,
    /// sorted, with its choices when it has names; a nested group as `elevation.*`."
    fileprivate static var parameterHelp: String {
        guard let defaults = try? Generator.decode(json: nil),
            let object = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(defaults)) as? [String: Any]
        else { return "" }
        let keys = ["width", "height"] + object.keys.sorted().filter { $0 != "width" && $0 != "height" }
        let described = keys.map { key in
            if object[key] is [String: Any] { return "\(key).*" }
            guard let choices = Generator.parameterChoices[key] else { return key }
            return "\(key) (\(choices.joined(separator: ", ")))"
        }
        return "Parameters (--set key=value; --list-parameters shows their values): "
            + described.joined(separator: ", ") + "."
    }
}

/// The `loom generate` commands of the map generators.
enum GenerateMapCommands {
    /// Each generator's parameter help by name, made once: ArgumentParser reads a command's
    /// configuration many times while it parses. Made only when this process shows help
    /// (``HelpRequest``): it decodes and encodes each generator's defaults.
    static let help: [String: String] = {
        guard HelpRequest.asked else { return [:] }
        func help<Kind: MapGenerator>(_: Kind.Type) -> (String, String) { (Kind.name, GenerateMap<Kind>.parameterHelp) }
        return Dictionary(uniqueKeysWithValues: MapGenerators.all.map { help($0) })
    }()

    /// A command for each generator of `MapGenerators`, in its order.
    static var all: [ParsableCommand.Type] {
        func command<Kind: MapGenerator>(_: Kind.Type) -> ParsableCommand.Type { GenerateMap<Kind>.self }
        return MapGenerators.all.map { command($0) }
    }
}
