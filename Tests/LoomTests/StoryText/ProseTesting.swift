import Foundation
import Loom

/// Small transformers for the story text tests: seeded random weights over a tiny vocabulary
/// (three specials, printable ASCII, crypt words), in memory or written as llama2.c files.
enum ProseTesting {
    static let words = [
        " the", " room", " is", " cold", " dark", " stone", " dust", " door", " bones", " torch", " and", " of",
        " lies", " old", " a", " in", " crypt", " walls", " air", " vault", " gold", " dead", " echo", " wax",
    ]

    /// `<unk>`, `<s>`, `</s>`, the printable ASCII characters, then ``words`` (scored so they merge).
    static func tokenizer() throws -> LlamaTokenizer {
        var pieces: [[UInt8]] = [Array("<unk>".utf8), Array("<s>".utf8), Array("</s>".utf8)]
        var scores: [Float] = [0, 0, 0]
        for byte in UInt8(0x20)...UInt8(0x7E) {
            pieces.append([byte])
            scores.append(-1000)
        }
        // Each word's prefixes must exist for llama2.c's pairwise merges to reach it.
        var seen = Set(pieces)
        for word in words {
            let bytes = Array(word.utf8)
            for end in 2...bytes.count where !seen.contains(Array(bytes[..<end])) {
                pieces.append(Array(bytes[..<end]))
                scores.append(Float(-end))
                seen.insert(Array(bytes[..<end]))
            }
        }
        return try LlamaTokenizer(pieces: pieces, scores: scores)
    }

    /// A tiny llama shape over ``tokenizer()``'s vocabulary.
    static func config(sequenceLength: Int = 128, shared: Bool = true) throws -> TransformerConfig {
        TransformerConfig(
            dim: 32, hiddenDim: 64, layerCount: 2, headCount: 4, kvHeadCount: 4,
            vocabularySize: try tokenizer().vocabularySize, sequenceLength: sequenceLength, sharedClassifier: shared)
    }

    /// A random-weights transformer writer, built in memory. Its classifier is separate:
    /// `Transformer.random`'s embeddings are large, and a shared one would repeat one token.
    static func generator(seed: UInt64 = 1, sequenceLength: Int = 128) throws -> TransformerGenerator {
        try TransformerGenerator(
            model: .random(try config(sequenceLength: sequenceLength, shared: false), seed: Seed(seed)),
            tokenizer: try tokenizer(), sampling: TransformerSampling(startsNewWord: true))
    }

    /// Writes a llama2.c checkpoint of ``config(sequenceLength:)`` with seeded random weights
    /// (norms 1), and its `tokenizer.bin` beside it.
    static func writeLlama2c(to path: String, seed: UInt64 = 1, sequenceLength: Int = 128) throws {
        let config = try config(sequenceLength: sequenceLength)
        let (d, h, l, v) = (config.dim, config.hiddenDim, config.layerCount, config.vocabularySize)
        var bytes: [UInt8] = []
        for field in [d, h, l, config.headCount, config.kvHeadCount, v, config.sequenceLength] {
            append(UInt32(bitPattern: Int32(field)), to: &bytes)
        }
        var random = Seed(seed).makeRandom()
        func floats(_ count: Int, norm: Bool = false) {
            for _ in 0..<count { append((norm ? 1 : (random.nextFloat() * 2 - 1) * 0.3).bitPattern, to: &bytes) }
        }
        floats(v * d)
        floats(l * d, norm: true)
        floats(4 * l * d * d)
        floats(l * d, norm: true)
        floats(3 * l * d * h)
        floats(d, norm: true)
        floats(config.sequenceLength * config.headSize)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try writeTokenizer(try tokenizer(), to: (path as NSString).deletingLastPathComponent + "/tokenizer.bin")
    }

    /// Writes a GGUF v3 file of ``config(sequenceLength:shared:)`` (shared classifier) with
    /// seeded random F32 weights, llama metadata and, unless `tokenizer` is false, the
    /// SentencePiece vocabulary of ``tokenizer()`` in its metadata, as the shipped model has.
    static func writeGGUF(to path: String, seed: UInt64 = 1, tokenizer withTokenizer: Bool = true) throws {
        let config = try config()
        let vocabulary = try tokenizer()
        var bytes: [UInt8] = Array("GGUF".utf8)
        func u32(_ value: UInt32) { append(value, to: &bytes) }
        func u64(_ value: Int) {
            u32(UInt32(truncatingIfNeeded: value))
            u32(UInt32(truncatingIfNeeded: value >> 32))
        }
        func string(_ text: String) {
            u64(text.utf8.count)
            bytes += Array(text.utf8)
        }
        let (d, h, l) = (config.dim, config.hiddenDim, config.layerCount)
        var tensors: [(name: String, dimensions: [Int])] = [("token_embd.weight", [d, config.vocabularySize])]
        for layer in 0..<l {
            let block = "blk.\(layer)."
            tensors += [
                (block + "attn_norm.weight", [d]), (block + "attn_q.weight", [d, d]),
                (block + "attn_k.weight", [d, d]),
                (block + "attn_v.weight", [d, d]), (block + "attn_output.weight", [d, d]),
                (block + "ffn_norm.weight", [d]), (block + "ffn_gate.weight", [d, h]),
                (block + "ffn_down.weight", [h, d]),
                (block + "ffn_up.weight", [d, h]),
            ]
        }
        tensors.append(("output_norm.weight", [d]))
        var metadata: [(String, () -> Void)] = [
            (
                "general.architecture",
                {
                    u32(8)
                    string("llama")
                }
            ),
            (
                "llama.context_length",
                {
                    u32(4)
                    u32(UInt32(config.sequenceLength))
                }
            ),
            (
                "llama.embedding_length",
                {
                    u32(4)
                    u32(UInt32(d))
                }
            ),
            (
                "llama.feed_forward_length",
                {
                    u32(4)
                    u32(UInt32(h))
                }
            ),
            (
                "llama.block_count",
                {
                    u32(4)
                    u32(UInt32(l))
                }
            ),
            (
                "llama.attention.head_count",
                {
                    u32(4)
                    u32(UInt32(config.headCount))
                }
            ),
        ]
        if withTokenizer {
            metadata.append(
                (
                    "tokenizer.ggml.model",
                    {
                        u32(8)
                        string("llama")
                    }
                ))
            metadata.append(
                (
                    "tokenizer.ggml.tokens",
                    {
                        u32(9)
                        u32(8)
                        u64(vocabulary.pieces.count)
                        for piece in vocabulary.pieces { string(String(decoding: piece, as: UTF8.self)) }
                    }
                ))
            metadata.append(
                (
                    "tokenizer.ggml.scores",
                    {
                        u32(9)
                        u32(6)
                        u64(vocabulary.scores.count)
                        for score in vocabulary.scores { u32(score.bitPattern) }
                    }
                ))
        }
        u32(3)
        u64(tensors.count)
        u64(metadata.count)
        for (key, write) in metadata {
            string(key)
            write()
        }
        var offset = 0
        for tensor in tensors {
            string(tensor.name)
            u32(UInt32(tensor.dimensions.count))
            for size in tensor.dimensions { u64(size) }
            u32(0)
            u64(offset)
            offset += tensor.dimensions.reduce(4, *)
        }
        while bytes.count % 32 != 0 { bytes.append(0) }
        var random = Seed(seed).makeRandom()
        for tensor in tensors {
            let isNorm = tensor.dimensions.count == 1
            for _ in 0..<tensor.dimensions.reduce(1, *) {
                u32((isNorm ? 1 : (random.nextFloat() * 2 - 1) * 0.3).bitPattern)
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// llama2.c's `tokenizer.bin`: the longest piece's length, then score, length, bytes per token.
    static func writeTokenizer(_ tokenizer: LlamaTokenizer, to path: String) throws {
        var bytes: [UInt8] = []
        append(UInt32(tokenizer.pieces.map(\.count).max() ?? 0), to: &bytes)
        for (piece, score) in zip(tokenizer.pieces, tokenizer.scores) {
            append(score.bitPattern, to: &bytes)
            append(UInt32(piece.count), to: &bytes)
            bytes += piece
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// A fresh temporary folder.
    static func folder(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "loom-prose-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A writer that always writes `text` (for fallback-order tests).
struct FixedWriter: TextGenerator {
    let text: String
    func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        var tokens: [TextToken] = []
        var stream = BufferedTokenStream(words: text)
        while var token = try stream.next() {
            if token.text.hasSuffix(".") { token.endsSentence = true }
            tokens.append(token)
        }
        return BufferedTokenStream(tokens)
    }
}

/// A writer that records the requests it is given and writes `text`.
final class SpyWriter: TextGenerator, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [TextRequest] = []
    let base: FixedWriter

    init(_ text: String) { base = FixedWriter(text: text) }

    var requests: [TextRequest] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        try base.makeStream(for: request)
    }

    /// Records `request` and writes the text, accepting temperature 0 as a transformer does.
    func generate(_ request: TextRequest) throws -> TextResult {
        lock.lock()
        seen.append(request)
        lock.unlock()
        var stream = try makeStream(for: request)
        return try TextResult.collect(from: &stream, request: request)
    }
}
