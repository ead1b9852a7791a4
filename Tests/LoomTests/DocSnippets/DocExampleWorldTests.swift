import Foundation
import Loom
import Testing

// example Sources/Loom/World/World.swift
@MainActor func newMap(of world: World, seed: Seed) async throws -> GeneratedWorld {
    try await Task.detached { try world.generate(seed: seed) }.value
}
// end example

/// The ```swift examples of the facade's `///` comments on worlds, sessions and saves, each
/// verbatim between `// example SOURCE-FILE` and `// end example`, run on the isles as a
/// player without the text model has them (the examples are about the session, not the prose).
@Suite(.serialized) struct DocExampleWorldTests {
    /// Runs `body` in a snippet folder whose `Worlds/isles` is the isles without its text model.
    static func inIslesWithoutModel(_ body: () throws -> Void) throws {
        try SnippetFolder.run {
            let manager = FileManager.default
            try manager.removeItem(atPath: "Worlds")
            try manager.createDirectory(atPath: "Worlds", withIntermediateDirectories: true)
            try manager.moveItem(atPath: try WorldModels.withoutModel("isles"), toPath: "Worlds/isles")
            try body()
        }
    }

    @Test func sessionsAndSaves() throws {
        try Self.inIslesWithoutModel {
            // example Sources/Loom/World/World.swift
            let world = try World.load(from: "Worlds/isles")
            let generated = try world.generate(seed: Seed(7))
            let session = try world.play(generated)
            // end example
            #expect(session.seed == Seed(7) && session.tileMap == generated.map)
            do {
                // example Sources/Loom/World/WorldSession.swift
                let session = try world.play(try world.generate(seed: Seed(3)))
                try session.start()
                try session.choose(0)
                print(session.transcript.joined(separator: "\n"))
                // end example
                #expect(session.transcript.contains { $0.hasPrefix("> 1. ") })
            }

            // The scripted walk to the open grass, then "Found a town": a map edit.
            let walk = WorldWalk.parse(try AtomicFile.readText("Worlds/isles/walk.txt"))
            try session.play(walk: walk, choices: [1])
            try session.choose(0)
            #expect(session.tileMap != generated.map)
            // example Sources/Loom/World/WorldMapDiff.swift
            let diff = WorldMapDiff(from: generated.map, to: session.tileMap)
            let restored = try diff.apply(to: generated.map)  // == session.tileMap
            // end example
            #expect(restored == session.tileMap)
            #expect(!diff.changesNothing)

            // example Sources/Loom/World/WorldSave.swift
            try session.save().write(to: "slot1.json")
            let save = try WorldSave.read(from: "slot1.json")
            let resumed = try world.resume(save)
            // end example
            #expect(resumed.tileMap == session.tileMap && resumed.transcript == session.transcript)
            do {
                // example Sources/Loom/World/WorldSession+Save.swift
                let session = try world.resume(try WorldSave.read(from: "slot1.json"))
                print(session.options.map(\.text))
                // end example
                #expect(session.options.map(\.text) == resumed.options.map(\.text))
            }
        }
    }

    @Test @MainActor func generatingOffTheMainActor() async throws {
        let world = try World.load(from: try WorldModels.withoutModel("isles"))
        let generated = try await newMap(of: world, seed: Seed(7))
        #expect(generated.map == (try world.generate(seed: Seed(7))).map)
    }

    @Test func storyLanguageOfAWorld() throws {
        try Self.inIslesWithoutModel {
            // example Sources/Loom/World/World+Check.swift
            let language = try World.storyLanguage(folder: "Worlds/isles")
            try AtomicFile.write(try language.declarations.ysls(), to: "isles.ysls.json")
            // end example
            let text = try AtomicFile.readText("isles.ysls.json")
            for function in ["generate", "generate_n", "grammar", "name"] {
                #expect(text.contains("\"\(function)\""), "\(function) is not declared")
            }
        }
    }

    @Test func worldTextFunctions() throws {
        let sources = [
            StorySource(
                name: "quay.yarn",
                text: """
                    title: Start
                    ---
                    Narrator: The tide {generate("The tide", "turned.")}
                    -> Wait
                    -> Leave
                    ===
                    """)
        ]
        try Self.inIslesWithoutModel {
            // example Sources/LoomText/StoryWriting/WorldText.swift
            let text = try WorldText.load(from: "Worlds/isles")
            let line = try text.generate(prompt: "The tide", fallback: "The tide turned.", seed: Seed(4))
            // end example
            #expect(!line.text.isEmpty)
            #expect(try text.generate(prompt: "The tide", fallback: "The tide turned.", seed: Seed(4)) == line)
            do {
                // example Sources/Loom/StoryText/StoryTextFunctions.swift
                let text = StoryTextFunctions(try WorldText.load(from: "Worlds/isles"))
                var library = FunctionLibrary()
                text.declare(into: &library)  // for the compiler's type checks
                let story = try StoryCompiler.compile(sources, functions: library)
                let runner = text.makeRunner(story: story, seed: Seed(7))  // bound to this runner
                // end example
                try runner.setNode("Start")
                var event = try runner.continue()
                while case .nodeStart = event { event = try runner.continue() }
                guard case .line(let first) = event else {
                    Issue.record("the story does not start with a line: \(event)")
                    return
                }
                #expect(first.text.hasPrefix("Narrator: The tide ") && first.text.count > "Narrator: The tide ".count)
            }
            do {
                var library = FunctionLibrary()
                StoryTextFunctions(try WorldText.load(from: "Worlds/isles")).declare(into: &library)
                let story = try StoryCompiler.compile(sources, functions: library)
                // example Sources/Loom/StoryText/WorldOptionWriter.swift
                let functions = StoryTextFunctions(try WorldText.load(from: "Worlds/isles"))
                let runner = functions.makeRunner(story: story, seed: Seed(7))  // sets runner.optionWriter
                // end example
                #expect(runner.optionWriter is WorldOptionWriter)
            }
        }
    }
}
