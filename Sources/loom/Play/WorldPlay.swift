import ArgumentParser
import Foundation
import Loom

/// `loom play WORLD`: plays a world's story with its hooks and facts, from the command line.
enum WorldPlay {
    static func run(
        folder: String, seed: Seed?, choices: [Int]?, walk: String?, textSources: Bool = false,
        textModel: Bool = true,
        save: String? = nil, load: String? = nil, json: Bool = false
    ) throws {
        let world = try WorldLoader.load(folder, textModel: textModel)
        let walkSteps = try walk.map { WorldWalk.parse(try AtomicFile.readText($0)) } ?? WorldWalk()
        var output = WorldPlayOutput(json: json)
        let session = try start(world, seed: seed, load: load, output: &output)
        session.showsTextSources = textSources
        if let choices {
            // With --save the playthrough stops at the first options the choices leave open, so
            // the save continues from exactly there.
            _ = try session.play(walk: walkSteps, choices: choices, stopsWhenChoicesRunOut: save != nil)
            output.flush(session)
            if walk == nil, save == nil, session.options.isEmpty { hintAtTheWalk(folder) }
        } else {
            var input = try ChoiceInput(choices: nil)
            try playInteractively(session, walk: walkSteps, output: &output) {
                switch input.next(prompt: !json) {
                case .ended:
                    return false
                case .number(let number) where session.options.indices.contains(number - 1):
                    try session.choose(number - 1)
                case .number, .text:
                    if !json { print("type an option number") }
                }
                return true
            }
        }
        if let save { try saveAtEnd(session, to: save) }
        output.finish(session, saved: save)
    }
}

extension WorldPlay {
    /// A session of `world` at `seed` (default: the save's, else the world's), continuing the
    /// save at `load` when given; prints the transcript's header.
    static func start(
        _ world: World, seed: Seed?, load: String?, output: inout WorldPlayOutput
    ) throws -> WorldSession {
        guard let load else {
            let session = try world.play(try world.generate(seed: seed))
            output.header(session, continuing: nil)
            return session
        }
        let save = try WorldSave.read(from: load)
        let size = Size(width: save.width, height: save.height)
        let session = try world.play(try world.generate(seed: seed ?? save.seed, size: size))
        try session.load(save)
        output.header(session, continuing: load)
        return session
    }

    /// When `--choices` run out of story without `--walk`, the rest of a world's story happens
    /// as the player walks the map: says so on standard error (the transcript stays clean),
    /// naming the world's `walk.txt` when it has one.
    static func hintAtTheWalk(_ folder: String) {
        let walk = (folder as NSString).appendingPathComponent("walk.txt")
        let example = FileManager.default.fileExists(atPath: walk) ? "--walk \(walk)" : "--walk FILE"
        StoryFiles.printError(
            "(the story goes on as the player walks the map: add \(example), or play it in loom preview \(folder))")
    }

    /// `--save F`: writes the session (atomically) when the playthrough stops; the note goes
    /// to standard error, so transcripts stay clean.
    static func saveAtEnd(_ session: WorldSession, to path: String) throws {
        try session.save().write(to: path)
        StoryFiles.printError("saved to \(path)")
    }

    /// `loom play WORLD --free-text`: input lines are option numbers or typed text.
    static func runFreeText(
        folder: String, seed: Seed?, input: String?, model: String, walk: String?, textSources: Bool,
        textModel: Bool = true
    ) throws {
        let world = try WorldLoader.load(folder, textModel: textModel)
        let walkSteps = try walk.map { WorldWalk.parse(try AtomicFile.readText($0)) } ?? WorldWalk()
        var lines = try FreeTextInput(file: input, model: model, searchPath: ModelSearchPath(first: [world.folder]))
        world.textEmbedder = lines.embedder
        let session = try world.play(try world.generate(seed: seed))
        session.showsTextSources = textSources
        session.textEmbedder = lines.embedder
        var output = WorldPlayOutput(json: false)
        output.header(session, continuing: nil)
        try playInteractively(session, walk: walkSteps, output: &output) {
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

    /// Starts `session` and prints its transcript as it grows: `answer` takes one input for the
    /// options on offer (returning `false` when the input has ended), and the walk's steps are
    /// entered whenever no options wait.
    static func playInteractively(
        _ session: WorldSession, walk: WorldWalk, output: inout WorldPlayOutput, answer: () throws -> Bool
    ) throws {
        if !session.hasStarted { try session.start() }
        output.flush(session)
        var steps = walk.steps.dropFirst(session.player.steps)
        while true {
            while !session.options.isEmpty {
                guard try answer() else { return }
                output.flush(session)
            }
            guard let step = steps.popFirst() else { return }
            try session.enter(step)
            output.flush(session)
        }
    }
}
