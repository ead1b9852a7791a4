import ArgumentParser
import Foundation
import Loom

/// `loom play WORLD`: plays a world's story with its hooks and facts, from the command line.
enum WorldPlay {
    static func run(
        folder: String, seed: String?, choices: [Int]?, walk: String?, interactive: Bool, textSources: Bool = false
    ) throws {
        let world = try WorldLoader.load(folder)
        let walkSteps = try walk.map { WorldWalk.parse(try AtomicFile.readText($0)) } ?? WorldWalk()
        if world.definition.saliency == .mostSimilar {
            do {
                world.textEmbedder = try world.loadTextEmbedder()
            } catch let error as LoomError {
                StoryFiles.printError("warning: most_similar saliency picks by complexity: \(error.message)")
            }
        }
        try WorldLoader.reporting {
            let session = try world.play(try world.generate(seed: WorldLoader.seed(seed)))
            session.showsTextSources = textSources
            print("# \(world.definition.name), seed \(session.seed)")
            if let choices {
                for line in try session.play(walk: walkSteps, choices: choices) { print(line) }
                return
            }
            var printed = 0
            func flush() {
                for line in session.transcript[printed...] { print(line) }
                printed = session.transcript.count
            }
            try session.start()
            flush()
            var steps = walkSteps.steps[...]
            while true {
                while !session.options.isEmpty, interactive {
                    print("> ", terminator: "")
                    guard let input = readLine() else { return }
                    guard let number = Int(input.trimmingCharacters(in: .whitespaces)),
                        session.options.indices.contains(number - 1)
                    else {
                        print("type an option number")
                        continue
                    }
                    try session.choose(number - 1)
                    flush()
                }
                guard let step = steps.popFirst() else { return }
                try session.enter(step)
                flush()
            }
        }
    }
}

extension WorldPlay {
    /// `loom play WORLD --free-text`: input lines are option numbers or typed text.
    static func runFreeText(
        folder: String, seed: String?, input: String?, model: String, walk: String?, textSources: Bool
    ) throws {
        let world = try WorldLoader.load(folder)
        let walkSteps = try walk.map { WorldWalk.parse(try AtomicFile.readText($0)) } ?? WorldWalk()
        var lines = try FreeTextInput(file: input, model: model, searchPath: ModelSearchPath(first: [world.folder]))
        world.textEmbedder = lines.embedder
        try WorldLoader.reporting {
            let session = try world.play(try world.generate(seed: WorldLoader.seed(seed)))
            session.showsTextSources = textSources
            session.textEmbedder = lines.embedder
            print("# \(world.definition.name), seed \(session.seed)")
            var printed = 0
            func flush() {
                for line in session.transcript[printed...] { print(line) }
                printed = session.transcript.count
            }
            try session.start()
            flush()
            var steps = walkSteps.steps[...]
            while true {
                while !session.options.isEmpty {
                    guard let line = lines.next() else {
                        print("(out of input)")
                        return
                    }
                    if let number = Int(line) {
                        guard session.options.indices.contains(number - 1), session.options[number - 1].isAvailable
                        else {
                            print("(option \(number) is not available)")
                            continue
                        }
                        try session.choose(number - 1)
                    } else if lines.embedder == nil {
                        print(lines.missingModelNote)
                        continue
                    } else {
                        try session.choose(matching: line)
                    }
                    flush()
                }
                guard let step = steps.popFirst() else { return }
                try session.enter(step)
                flush()
            }
        }
    }
}
