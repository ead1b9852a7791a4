import Foundation
import LoomCore

/// Everything that changes while a story plays, separate from the ``Story`` content (as ink
/// splits them), so a game can save anywhere and continue identically after loading.
///
/// Saved in a compact binary form (``encoded()``) or as JSON (`Codable`), both carrying a format
/// version; decoding refuses a save newer than ``formatVersion`` or older than
/// ``oldestLoadableVersion``.
public struct StoryState: Codable, Sendable, Equatable {
    /// The format this build writes. Version 2 added ``recentLines``; version 1 saves load with
    /// no recent lines. Version 3 added ``lineHistory``, which older saves kept in
    /// ``generatedText`` under the keys `story-lines` and `story-line-count`: loading one moves
    /// them into ``lineHistory`` (``StoryLineHistory/migrating(from:)``) and gives version 3.
    public static let formatVersion = 3
    /// The oldest format this build can still read.
    public static let oldestLoadableVersion = 1

    /// A node being run: its name and the offset of the next instruction within the node.
    public struct Frame: Codable, Sendable, Equatable {
        /// The node's name.
        public var node: String
        /// The next instruction, counted from the node's first.
        public var offset: Int
    }

    /// Where the runner is in its cycle.
    public enum Phase: String, Codable, Sendable {
        /// No node started yet, or the dialogue ended.
        case idle
        /// Running between events.
        case running
        /// An option set was delivered and awaits a choice.
        case waitingForOption
    }

    /// A node event queued behind a jump, detour return or stop.
    public enum PendingEvent: Codable, Sendable, Equatable {
        case nodeStart(String)
        case nodeEnd(String)
        case end
    }

    /// The format version of this save.
    public var version: Int = StoryState.formatVersion
    /// Every stored variable value (names with `$`), including `once` memory.
    public var variables: [String: StoryValue] = [:]
    /// Completed visits per node name (groups count their members' visits).
    public var visitCounts: [String: Int] = [:]
    /// Times each piece of salient content (line-group item or group member) was chosen.
    public var saliencyViews: [String: Int] = [:]
    /// The saliency strategy in use.
    public var saliencyStrategy: SaliencyStrategy = .bestLeastRecentlySeen
    /// The random source's four state words.
    public var random: [UInt64] = []
    /// The call stack: the running node last, the nodes detoured from before it.
    public var frames: [Frame] = []
    /// Where the runner is in its cycle.
    public var phase: Phase = .idle
    /// Node events still to deliver.
    public var pendingEvents: [PendingEvent] = []
    /// The option set awaiting a choice.
    public var options: [StoryOption] = []
    /// Text generated for the story by a text model, by key, so replays show the same words.
    public var generatedText: [String: String] = [:]
    /// The last lines shown and options chosen, oldest first (``StoryRunner/recentLines``): what
    /// the ``SaliencyStrategy/mostSimilar`` strategy compares storylets with.
    public var recentLines: [String] = []
    /// The lines the story's text functions put in a model's prompt (``StoryRunner/lineHistory``).
    public var lineHistory = StoryLineHistory()

    /// An empty state: nothing visited, no variables set, no position.
    public init() {}

    /// Decodes a JSON save. Fields a format version added later are optional, so older saves
    /// still load (a version 1 save has no ``recentLines``); an older save is migrated to
    /// ``formatVersion`` (its line history moves out of ``generatedText``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        variables = try container.decode([String: StoryValue].self, forKey: .variables)
        visitCounts = try container.decode([String: Int].self, forKey: .visitCounts)
        saliencyViews = try container.decode([String: Int].self, forKey: .saliencyViews)
        saliencyStrategy = try container.decode(SaliencyStrategy.self, forKey: .saliencyStrategy)
        random = try container.decode([UInt64].self, forKey: .random)
        frames = try container.decode([Frame].self, forKey: .frames)
        phase = try container.decode(Phase.self, forKey: .phase)
        pendingEvents = try container.decode([PendingEvent].self, forKey: .pendingEvents)
        options = try container.decode([StoryOption].self, forKey: .options)
        generatedText = try container.decode([String: String].self, forKey: .generatedText)
        recentLines = try container.decodeIfPresent([String].self, forKey: .recentLines) ?? []
        lineHistory = try container.decodeIfPresent(StoryLineHistory.self, forKey: .lineHistory) ?? StoryLineHistory()
        migrate()
    }

    /// Brings a state read from an older format to this build's: the line history a version 1
    /// or 2 save kept in ``generatedText`` becomes ``lineHistory``.
    mutating func migrate() {
        guard version < 3 else { return }
        if let history = StoryLineHistory.migrating(from: &generatedText) { lineHistory = history }
        version = Self.formatVersion
    }

    /// Encodes as JSON (sorted keys, so equal states give equal bytes), for tools and debugging;
    /// ``encoded()`` is the compact form games save.
    public func jsonEncoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decodeJSON(_ bytes: [UInt8]) throws -> StoryState {
        struct Header: Decodable { var version: Int? }
        let data = Data(bytes)
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw LoomError(.format, "the story save is corrupt: it is not a JSON object")
        }
        guard let version = header.version else {
            throw LoomError(.format, "the story save is corrupt: it has no format version")
        }
        try checkVersion(version)
        do {
            return try JSONDecoder().decode(StoryState.self, from: data)
        } catch {
            throw LoomError(.format, "the story save is corrupt: \(error)")
        }
    }
}
