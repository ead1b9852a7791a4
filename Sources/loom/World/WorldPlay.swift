import ArgumentParser
import Foundation
import Loom

/// `loom play WORLD`: plays a world's story with its hooks and facts, from the command line.
enum WorldPlay {
    static func run(
        folder: String, seed: String?, choices: [Int]?, walk: String?, textSources: Bool = false, textModel: Bool = true
    ) throws {
        let world = try WorldLoader.load(folder, textModel: textModel)
        let walkSteps = try walk.map { WorldWalk.parse(try AtomicFile.readText($0)) } ?? WorldWalk()
        try WorldLoader.reporting {
            let session = try world.play(try world.generate(seed: WorldLoader.seed(seed)))
            session.showsTextSources = textSources
            print("# \(world.definition.name), seed \(session.seed)")
            if let choices {
                for line in try session.play(walk: walkSteps, choices: choices) { print(line) }
                return
            }
            try playInteractively(session, walk: walkSteps) {
                print("> ", terminator: "")
                guard let input = readLine() else { return false }
                guard let number = Int(input.trimmingCharacters(in: .whitespaces)),
                    session.options.indices.contains(number - 1)
                else {
                    print("type an option number")
                    return true
                }
                try session.choose(number - 1)
                return true
            }
        }
    }
}

extension WorldPlay {
    /// `loom play WORLD --free-text`: input lines are option numbers or typed text.
    static func runFreeText(
        folder: String, seed: String?, input: String?, model: String, walk: String?, textSources: Bool,
        textModel: Bool = true
    ) throws {
        let world = try WorldLoader.load(folder, textModel: textModel)
        let walkSteps = try walk.map { WorldWalk.parse(try AtomicFile.readText($0)) } ?? WorldWalk()
        var lines = try FreeTextInput(file: input, model: model, searchPath: ModelSearchPath(first: [world.folder]))
        world.textEmbedder = lines.embedder
        try WorldLoader.reporting {
            let session = try world.play(try world.generate(seed: WorldLoader.seed(seed)))
            session.showsTextSources = textSources
            session.textEmbedder = lines.embedder
            print("# \(world.definition.name), seed \(session.seed)")
            try playInteractively(session, walk: walkSteps) {
                guard let line = lines.next() else {
                    print("(out of input)")
                    return false
                }
                if let number = Int(line) {
                    guard session.options.indices.contains(number - 1), session.options[number - 1].isAvailable
                    else {
                        print("(option \(number) is not available)")
                        return true
                    }
                    try session.choose(number - 1)
                } else if lines.embedder == nil {
                    print(lines.missingModelNote)
                } else {
                    try session.choose(matching: line)
                }
                return true
            }
        }
    }

    /// Starts `session` and prints its transcript as it grows: `answer` takes one input for the
    /// options on offer (returning `false` when the input has ended), and the walk's steps are
    /// entered whenever no options wait.
    static func playInteractively(
        _ session: WorldSession, walk: WorldWalk, answer: () throws -> Bool
    ) throws {
        var printed = 0
        func flush() {
            for line in session.transcript[printed...] { print(line) }
            printed = session.transcript.count
        }
        try session.start()
        flush()
        var steps = walk.steps[...]
        while true {
            while !session.options.isEmpty {
                guard try answer() else { return }
                flush()
            }
            guard let step = steps.popFirst() else { return }
            try session.enter(step)
            flush()
        }
    }
}
