extension BenchSuite {
    /// Every suite `loom bench` knows, in the order they run.
    static let all: [BenchSuite] = [
        .core,
        .noise,
        .maps,
        .wfc,
        .wfcchunks,
        .story,
        .text,
        .lua,
        .learn,
        .render,
        .world,
        .storytext,
        .embed,
        .capi,
    ]
}
