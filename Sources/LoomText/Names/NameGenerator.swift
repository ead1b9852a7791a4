import LoomCore

/// A ``NameModel`` behind the `TextGenerator` protocol: each request gives one new name
/// (one token), from the request's seed. The prompt, temperature and top-k of the request are
/// ignored; ``options`` sets the name's shape.
public struct NameGenerator: TextGenerator {
    /// The culture's model.
    public var model: NameModel
    /// Lengths, attempts and whether listed names are avoided.
    public var options: NameOptions

    /// A generator over `model`; see ``NameOptions`` for the defaults.
    public init(_ model: NameModel, options: NameOptions = NameOptions()) {
        self.model = model
        self.options = options
    }

    /// One new name, as a single token.
    public func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        BufferedTokenStream([TextToken(try model.generate(seed: request.seed, options: options))])
    }
}
