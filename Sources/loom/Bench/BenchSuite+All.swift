extension BenchSuite {
    /// Every suite `loom bench` knows, in the order they run.
    static let all: [BenchSuite] = [
        .core,
        .maps,
        .story,
        .render,
        .noise,
        .learn,
        .text,
        .wfc,
    ]
}
