import Foundation
import Loom
import LoomStory
import Testing

/// The shipped worlds' first writer, SmolLM2-135M-Instruct through its chat template, when the
/// model is present (`Scripts/fetch-models`).
enum WorldModels {
    static let smolLM2 = ModelSearchPath(first: [Repository.path("Models")]).find("SmolLM2-135M-Instruct.Q4_1.gguf")
    static let absent: Comment = "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"

    /// A copy of the shipped world `name` in a temporary folder whose `world.lua` names a model
    /// file that does not exist: the world as a player without the model plays it.
    static func withoutModel(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-\(name)-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Repository.path("Worlds/\(name)"), toPath: folder.path)
        let script = folder.appendingPathComponent("world.lua").path
        let source = try AtomicFile.readText(script)
        try AtomicFile.write(
            source.replacingOccurrences(of: "SmolLM2-135M-Instruct.Q4_1.gguf", with: "absent-model.gguf"), to: script)
        return folder.path
    }

    /// The transcript of `world`'s scripted walk (its `walk.txt`) with `choices`.
    static func playthrough(_ world: World, choices: [Int], sources: Bool = false) throws -> String {
        let walk = WorldWalk.parse(
            try AtomicFile.readText((world.folder as NSString).appendingPathComponent("walk.txt")))
        let session = try world.play(try world.generate())
        session.showsTextSources = sources
        return try session.play(walk: walk, choices: choices).joined(separator: "\n") + "\n"
    }

    /// The transcript of `world`'s walk taking, at each option set, the first model-written
    /// option, or else the option `authored` gives for the set's first authored text (1 when
    /// it names none).
    static func playthroughTakingGenerated(
        _ world: World, authored: [String: Int] = [:], walk custom: WorldWalk? = nil
    ) throws -> String {
        let walk =
            try custom
            ?? WorldWalk.parse(try AtomicFile.readText((world.folder as NSString).appendingPathComponent("walk.txt")))
        let session = try world.play(try world.generate())
        func choose() throws {
            var taken = 0
            while !session.options.isEmpty, taken < 6 {
                taken += 1
                if let generated = session.options.first(where: { $0.tags.first == "generated" }) {
                    try session.choose(generated.index)
                } else {
                    try session.choose((authored[session.options[0].text] ?? 1) - 1)
                }
            }
        }
        try session.start()
        try choose()
        for step in walk.steps {
            try session.enter(step)
            try choose()
        }
        return session.transcript.joined(separator: "\n") + "\n"
    }

    /// Compares `transcript` with the snapshot `name` beside the other world snapshots, or
    /// records it when it is missing (the test then fails, to have it read before it is kept).
    static func expectSnapshot(_ transcript: String, _ name: String) throws {
        let path = Repository.path("Tests/LoomTests/Snapshots/\(name)")
        guard let expected = try? AtomicFile.readText(path) else {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(transcript, to: path)
            Issue.record("recorded the snapshot \(path); read it and run again")
            return
        }
        #expect(transcript == expected, "\(name):\n\(transcript)")
    }

}

@Suite("The shipped worlds write with SmolLM2", .enabled(if: WorldModels.smolLM2 != nil, WorldModels.absent))
struct WorldChatTests {
    @Test(arguments: ["isles", "crypt"])
    func pinnedPlaythrough(world name: String) throws {
        let world = try World.load(from: Repository.path("Worlds/\(name)"))
        #expect(world.text.chatWriter != nil)
        #expect(world.warnings.isEmpty)
        // The isles go down to the harbour first, where the model proposes options; the crypt's
        // walk takes in an ordinary room, where it proposes things to try.
        let crypt = WorldWalk(steps: ["Entrance", "Library", "Chapel", "Vault"].map { .place($0) })
        let transcript = try WorldModels.playthroughTakingGenerated(
            world, authored: ["Set sail for Stead": 3], walk: name == "crypt" ? crypt : nil)
        try WorldModels.expectSnapshot(transcript, "\(name)-playthrough.txt")
    }

    /// Sessions share their world's text models: two playthroughs writing with SmolLM2 at the
    /// same time, on two threads, each give the pinned transcript, word for word.
    @Test func twoSessionsWritingAtOnceEachGiveThePinnedPlaythrough() async throws {
        let world = try World.load(from: Repository.path("Worlds/isles"))
        let expected = try AtomicFile.readText(Repository.path("Tests/LoomTests/Snapshots/isles-playthrough.txt"))
        let transcripts = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try WorldModels.playthroughTakingGenerated(world, authored: ["Set sail for Stead": 3])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(transcripts.count == 2)
        for transcript in transcripts { #expect(transcript == expected) }
    }

    @Test("a save taken mid-play continues with the same generated words, options and passages")
    func saveAndLoad() throws {
        let world = try World.load(from: Repository.path("Worlds/isles"))
        let generated = try world.generate()
        let whole = try world.play(generated)
        try whole.start()
        // To the harbour, then on to the tavern, until an option set holds a generated option.
        try whole.choose(2)
        while !whole.options.contains(where: { $0.tags.first == "generated" }) {
            try #require(!whole.options.isEmpty, "no option set on the way offered a generated option")
            try whole.choose(0)
        }
        let saved = try whole.save()
        let offered = whole.options.map(\.text)
        let pick = try #require(whole.options.firstIndex { $0.tags.first == "generated" })
        try whole.choose(pick)
        let rest = Array(whole.transcript.suffix(from: whole.transcript.count - 4))

        let resumed = try world.play(generated)
        try resumed.load(try WorldSave.decode(try saved.encoded()))
        #expect(resumed.options.map(\.text) == offered)
        try resumed.choose(pick)
        #expect(Array(resumed.transcript.suffix(4)) == rest)
    }
}

@Suite("The shipped worlds without the model")
struct WorldFallbackTests {
    @Test(arguments: ["isles", "crypt"])
    func pinnedFallbackPlaythrough(world name: String) throws {
        let world = try World.load(from: try WorldModels.withoutModel(name))
        #expect(world.text.chatWriter == nil)
        #expect(world.warnings.count == 1)
        #expect(world.warnings.first?.message.contains("absent-model.gguf") == true)
        let transcript = try WorldModels.playthrough(world, choices: [1, 1])
        try WorldModels.expectSnapshot(transcript, "\(name)-playthrough-without-model.txt")
    }
}
