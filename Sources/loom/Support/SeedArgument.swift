import ArgumentParser
import LoomCore

/// `--seed` on every command: what a person types, read by `Seed(parsing:)` (`42`, `-5`,
/// `0x2a`, or any other text, hashed), so every command and binding reads a seed one way.
extension Seed: ExpressibleByArgument {
    /// The seed `argument` names; every text names one.
    public init?(argument: String) { self.init(parsing: argument) }
}

extension ArgumentHelp {
    /// The help of every `--seed` option.
    static let seed: ArgumentHelp = "The seed: an integer (negative, or hex with 0x, too) or any text (hashed)."

    /// The help of a `--seed` option whose default is the world's own seed.
    static let worldSeed: ArgumentHelp =
        "The seed: an integer (negative, or hex with 0x, too) or any text (hashed); default: the world's."
}
