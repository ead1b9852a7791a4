import ArgumentParser
import Loom

/// `loom generate names --names FILE …`: new names in the style of a list, one per line.
struct GenerateNamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "names",
        abstract: "Generate new names from a list of a culture's names (one per line).",
        discussion: "Names already in the list are not repeated unless --allow-listed is given."
    )

    @Option(help: "A text file with one name per line ('#' starts a comment line).")
    var names: String

    @Option(help: "How many names to print.")
    var count = 10

    @Option(parsing: .unconditional, help: .seed)
    var seed = Seed(1)

    @Option(help: "The fewest characters in a name.")
    var min = 3

    @Option(help: "The most characters in a name.")
    var max = 12

    @Option(help: "The character model's order, 2 to 5.")
    var order = 3

    @Option(help: "Sampling temperature in (0, 10].")
    var temperature = 0.7

    @Flag(help: "Allow names that are in the list.")
    var allowListed = false

    @Flag(help: #"Print the names as one JSON object: {"kind": "names", "seed": "1", "names": ["…", …]}."#)
    var json = false

    func validate() throws {
        guard count >= 1, count <= 100_000 else { throw ValidationError("--count must be 1 to 100000") }
        guard min >= 1, max >= min else { throw ValidationError("--min and --max must satisfy 1 ≤ min ≤ max") }
        guard (2...5).contains(order) else { throw ValidationError("--order must be 2 to 5") }
    }

    func run() throws {
        let model = try NameModel.train(listAt: names, order: order)
        let options = NameOptions(
            minLength: min, maxLength: max, avoidTrainingNames: !allowListed, temperature: temperature)
        let generated = try model.generate(count: count, seed: seed, options: options)
        if json {
            JSONOutput.print(["kind": "names", "seed": seed.description, "names": generated])
            return
        }
        for name in generated { print(name) }
    }
}
