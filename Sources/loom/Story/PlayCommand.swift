import ArgumentParser
import Foundation
import Loom

/// `loom play FILES…`: plays a story in the terminal, or checks it against a test plan.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a Yarn Spinner story in the terminal.",
        discussion: """
            Lines print as they come; options print numbered, and a number picks one (from --choices, \
            else from standard input). With --testplan, runs a Yarn Spinner test plan instead and exits \
            0 only when every step matched. With --free-text, each input line (from --input FILE or \
            standard input) is an option number or typed text, which chooses the option it means \
            (`(matched "…", score 0.73)`) or none (`(no option matches "…")`, and the options again), \
            for Yarn and ink stories and worlds alike; typed text needs the sentence model all-MiniLM-L6-v2 \
            (Scripts/fetch-models).
            """
    )

    @Argument(
        help: """
            The .yarn files of one story, a world folder (such as Worlds/crypt), .yarn files of a world (which \
            play the world), or an .ink or .json story.
            """)
    var files: [String]

    @Option(
        help: "The world folder to play, as when its folder is given (default: the world that holds the .yarn files).")
    var world: String?

    @Option(help: "The node to start at (default Start; not for a world, whose world.lua starts its story).")
    var start: String?

    @Option(
        parsing: .unconditional,
        help: """
            The seed for random functions and random saliency: an integer (negative, or hex with 0x, too) or any \
            text (hashed); default 0, for a world the world's.
            """)
    var seed: Seed?

    @Option(help: "Option numbers to pick in order, such as 1,2,1 (1-based).")
    var choices: String?

    @Option(
        help:
            "Saliency strategy: first, best, best_least_recently_seen, random_best_least_recently_seen, most_similar (with --free-text's model)."
    )
    var saliency: String?

    @Option(help: "Run this test plan against the story instead of playing.")
    var testplan: String?

    @Option(help: "A world's walk: cells (X Y) or place names the player enters, one per line.")
    var walk: String?

    @Flag(help: "For a world: before each line with generated text, note which writer wrote it and its prompt.")
    var textSources = false

    @Flag(
        help: """
            For a world: leave its text model unloaded; generate(…) writes with the n-gram model and the \
            authored text, and <<generate_options>> adds nothing (quick previews, comparing writers).
            """)
    var noTextModel = false

    @Flag(
        help: """
            Print the transcript as JSON Lines, one event per line: {"event": "line", "text": "…"}, \
            {"event": "command", "text": "…"}, {"event": "options", "options": [{"number": 1, "text": "…", \
            "available": true}]}, {"event": "choice", "number": 2}, then {"event": "end"} or \
            {"event": "out_of_choices"}; ink lines add "tags", and an ink runtime error is {"event": "error"}. \
            A world adds {"event": "world"} first, "entered", "node" and, with --text-sources, "text_source" \
            events, and "saved" with --save. Not with --free-text or --testplan.
            """)
    var json = false

    @Flag(help: "Accept typed text as well as option numbers; it chooses the option it means.")
    var freeText = false

    @Option(help: "With --free-text: read the input lines from this file instead of standard input.")
    var input: String?

    @Option(help: "With --free-text: the sentence model, a folder or a name on the model search path.")
    var embedder = SentenceEmbedder.defaultModelName

    @Option(
        help: """
            For a world: save the playthrough to this file when it stops; with --choices it stops at the \
            first options the choices leave open.
            """)
    var save: String?

    @Option(help: "For a world: continue the playthrough saved in this file (its seed unless --seed is given).")
    var load: String?

    func validate() throws {
        if freeText && choices != nil { throw ValidationError("--free-text reads its input; leave out --choices") }
        if input != nil && !freeText { throw ValidationError("--input goes with --free-text") }
        if (save != nil || load != nil) && world == nil && !(files.count == 1 && World.isWorldFolder(files[0])) {
            throw ValidationError("--save and --load are for a world folder, such as Worlds/isles")
        }
        if (save != nil || load != nil) && freeText {
            throw ValidationError("--save and --load go without --free-text")
        }
        if json && (freeText || testplan != nil) {
            throw ValidationError("--json is not used with --free-text or --testplan")
        }
    }

    func run() throws {
        // ink stories (.ink source or compiled .json) play in inklecate's transcript format.
        if files.count == 1, InkFiles.isInk(files[0]) {
            let lines = try freeText ? FreeTextInput(file: input, model: embedder, searchPath: ModelSearchPath()) : nil
            try InkFiles.play(files[0], seed: seed, choices: choices, json: json, freeText: lines)
            return
        }
        if let folder = try StoryFiles.world(for: files, explicit: world) {
            // A world's story starts and chooses as its world.lua says; a flag that would be
            // ignored is refused rather than silently dropped.
            if start != nil {
                throw ValidationError("--start is not used with a world: its world.lua starts the story")
            }
            if saliency != nil {
                throw ValidationError("--saliency is not used with a world: its world.lua sets the story's saliency")
            }
            if freeText {
                try WorldPlay.runFreeText(
                    folder: folder, seed: seed, input: input, model: embedder, walk: walk,
                    textSources: textSources, textModel: !noTextModel)
                return
            }
            let numbers = try choices.map { try ChoiceInput.parse($0) }
            try WorldPlay.run(
                folder: folder, seed: seed, choices: numbers, walk: walk, textSources: textSources,
                textModel: !noTextModel, save: save, load: load, json: json)
            return
        }
        if let testplan {
            let story = try StoryFiles.compile(files, functions: StoryTestPlan.conformanceFunctions)
            let plan: StoryTestPlan
            do {
                plan = try StoryTestPlan.parse(try AtomicFile.readText(testplan), file: testplan)
            } catch {
                StoryFiles.printError("\(error)")
                throw ExitCode(1)
            }
            if story.node(named: "Start") == nil
                && !plan.runs.contains(where: { $0.contains { if case .node = $0.step { true } else { false } } })
            {
                print("compiled; no node 'Start', so the plan is not run")
                return
            }
            let outcome = plan.run(story, seed: seed ?? Seed(0))
            if let failure = outcome.failure {
                print("FAIL after \(outcome.matchedSteps) matching steps")
                print(failure)
                throw ExitCode(1)
            }
            print("PASS: \(outcome.matchedSteps) steps matched")
            return
        }
        let saliency = saliency ?? SaliencyStrategy.bestLeastRecentlySeen.rawValue
        guard let strategy = SaliencyStrategy(rawValue: saliency) else {
            throw ValidationError("unknown saliency strategy '\(saliency)'")
        }
        var answers = try ChoiceInput(choices: choices)
        let story = try StoryFiles.compile(files)
        let node = start ?? "Start"
        guard story.node(named: node) != nil else {
            throw LoomError(
                .invalidArgument,
                "the story has no node '\(node)'; its nodes: \(story.nodeNames.sorted().joined(separator: ", "))")
        }
        let runner = StoryRunner(story: story, seed: seed ?? Seed(0))
        runner.saliencyStrategy = strategy
        try runner.setNode(node)
        if freeText {
            var lines = try FreeTextInput(file: input, model: embedder, searchPath: ModelSearchPath())
            try playFreeText(runner, input: &lines)
            return
        }
        try play(runner, input: &answers)
    }

    /// Plays `runner` to its end or until `input` runs out, printing the transcript (or its
    /// JSON Lines events).
    func play(_ runner: StoryRunner, input: inout ChoiceInput) throws {
        while true {
            switch try runner.continue() {
            case .line(let line):
                if json { JSONOutput.print(["event": "line", "text": line.text]) } else { print(line.text) }
            case .command(let command):
                if json {
                    JSONOutput.print(["event": "command", "text": command.text])
                } else {
                    print("<<\(command.text)>>")
                }
            case .options(let options):
                printOptions(options)
                guard options.contains(where: \.isAvailable) else {
                    if !json { print("  (no option is available)") }
                    continue
                }
                guard let choice = try answer(options, input: &input) else {
                    if input.isScripted {
                        if json { JSONOutput.print(["event": "out_of_choices"]) } else { print("(out of choices)") }
                    }
                    return
                }
                try runner.selectOption(choice)
            case .nodeStart, .nodeEnd:
                continue
            case .end:
                if json { JSONOutput.print(["event": "end"]) }
                return
            }
        }
    }

    /// Prints the options on offer, numbered from 1.
    private func printOptions(_ options: [StoryOption]) {
        if json {
            let listed: [[String: Any]] = options.map {
                ["number": $0.index + 1, "text": $0.line.text, "available": $0.isAvailable]
            }
            JSONOutput.print(["event": "options", "options": listed])
        } else {
            for option in options {
                print("  \(option.index + 1). \(option.line.text)\(option.isAvailable ? "" : " (unavailable)")")
            }
        }
    }

    /// The index of the option the next answer picks, asking again after a wrong one typed at
    /// the terminal; `nil` when the input has ended.
    /// - Throws: `LoomError` when a `--choices` number is not an available option.
    private func answer(_ options: [StoryOption], input: inout ChoiceInput) throws -> Int? {
        while true {
            switch input.next(prompt: !json) {
            case .ended:
                return nil
            case .text:
                if !json { print("type an option number") }
            case .number(let choice):
                if options.indices.contains(choice - 1), options[choice - 1].isAvailable {
                    if json {
                        JSONOutput.print(["event": "choice", "number": choice])
                    } else if input.isScripted {
                        print("> \(choice)")
                    }
                    return choice - 1
                }
                if input.isScripted { throw LoomError(.invalidArgument, "choice \(choice) is not an available option") }
                if !json { print("option \(choice) is not available") }
            }
        }
    }
}
