import Foundation
import LoomCore

/// The naming cultures of a world: one ``NameModel`` per list, by culture name.
///
/// A world keeps its lists as `names/<culture>.txt`, one name per line; ``load(fromFolder:order:)``
/// trains a model for each. Stories ask for `name("fen")`.
public struct NameCultures: Sendable {
    /// The models by culture name.
    public private(set) var models: [String: NameModel]

    /// Cultures from models already trained.
    public init(_ models: [String: NameModel] = [:]) { self.models = models }

    /// The culture names, sorted.
    public var cultures: [String] { models.keys.sorted() }

    /// Trains one model per `*.txt` file in `folder` (the file name without `.txt` names the
    /// culture). Errors name the file.
    public static func load(fromFolder folder: String, order: Int = 3) throws -> NameCultures {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        } catch {
            throw LoomError(.io, "cannot read the folder \(folder)", at: SourceLocation(file: folder))
        }
        var models: [String: NameModel] = [:]
        for file in files {
            models[String(file.dropLast(4))] = try NameModel.train(listAt: folder + "/" + file, order: order)
        }
        return NameCultures(models)
    }

    /// A new name of `culture`; an unknown culture is an `.invalidArgument` error listing the
    /// known ones.
    public func generate(_ culture: String, seed: Seed, options: NameOptions = NameOptions()) throws -> String {
        guard let model = models[culture] else {
            throw LoomError(
                .invalidArgument,
                "no naming culture '\(culture)'; known: \(cultures.isEmpty ? "none" : cultures.joined(separator: ", "))"
            )
        }
        return try model.generate(seed: seed, options: options)
    }
}
