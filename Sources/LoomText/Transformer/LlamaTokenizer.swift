import Foundation
import LoomCore

/// A SentencePiece-style tokenizer as llama2.c uses it: pieces with scores, greedy merging
/// by score, `<0xXX>` byte fallback.
///
/// Token 0 is `<unk>`, 1 is BOS, 2 is EOS and 3...258 are the byte tokens in llama's
/// vocabulary; the byte tokens are found by their `<0xXX>` pieces, so other layouts work too.
public struct LlamaTokenizer: Sendable {
    /// The bytes of each token's piece.
    public let pieces: [[UInt8]]
    /// Merge priority of each piece: higher merges first.
    public let scores: [Float]
    /// The beginning-of-text token. Default: 1.
    public var bos: Int
    /// The end-of-text token. Default: 2.
    public var eos: Int
    /// Whether prompts start with ``bos`` (GGUF's `tokenizer.ggml.add_bos_token`). Default: `true`.
    public var addsBOS = true
    /// Whether prompts end with ``eos`` (GGUF's `tokenizer.ggml.add_eos_token`). Default: `false`.
    public var addsEOS = false
    /// Whether a space is put before the text and after each special token in it, as
    /// SentencePiece's `add_dummy_prefix` (GGUF's `tokenizer.ggml.add_space_prefix`). Default: `true`.
    public var addsSpacePrefix = true
    /// Each token's kind; empty means BOS and EOS are control tokens and the rest normal.
    public private(set) var types: [TokenType] = []
    /// Tokens that end generation. Default: ``eos``.
    public var endOfGeneration: Set<Int> = []
    /// The special tokens a text may name whole.
    var special = SpecialTokens(texts: [], types: [])
    private let lookup: [[UInt8]: Int]
    let byteTokens: [Int]  // 256 entries, -1 when the vocabulary lacks that byte
    private let byteOfToken: [Int: UInt8]

    /// A tokenizer over `pieces` and `scores` (same count, at least 3).
    public init(pieces: [[UInt8]], scores: [Float], bos: Int = 1, eos: Int = 2) throws {
        guard pieces.count == scores.count, pieces.count >= 3 else {
            throw LoomError(
                .format,
                "a tokenizer needs as many scores as pieces and at least 3 tokens "
                    + "(got \(pieces.count) pieces, \(scores.count) scores)")
        }
        self.pieces = pieces
        self.scores = scores
        self.bos = bos
        self.eos = eos
        endOfGeneration = eos >= 0 ? [eos] : []
        var lookup: [[UInt8]: Int] = [:]
        var byteTokens = [Int](repeating: -1, count: 256)
        var byteOfToken: [Int: UInt8] = [:]
        for (id, piece) in pieces.enumerated() {
            if lookup[piece] == nil { lookup[piece] = id }
            if let byte = Self.byteValue(piece) {
                if byteTokens[Int(byte)] < 0 { byteTokens[Int(byte)] = id }
                byteOfToken[id] = byte
            }
        }
        self.lookup = lookup
        self.byteTokens = byteTokens
        self.byteOfToken = byteOfToken
    }

    /// Number of tokens.
    public var vocabularySize: Int { pieces.count }

    /// Reads llama2.c's `tokenizer.bin`: an `Int32` max token length, then for each of
    /// `vocabularySize` tokens a `Float32` score, an `Int32` byte length and the bytes.
    public static func loadLlama2c(from path: String, vocabularySize: Int) throws -> LlamaTokenizer {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LoomError(.io, "\(path): cannot read the tokenizer (\(error.localizedDescription))")
        }
        return try llama2c(bytes: [UInt8](data), vocabularySize: vocabularySize, name: path)
    }

    /// Parses llama2.c's tokenizer format from memory; `name` appears in errors.
    public static func llama2c(bytes: [UInt8], vocabularySize: Int, name: String = "<memory>") throws -> LlamaTokenizer
    {
        var cursor = 0
        func int32(_ what: String) throws -> Int32 {
            guard cursor + 4 <= bytes.count else {
                throw LoomError(
                    .format, "\(name): truncated tokenizer at byte \(cursor): expected \(what), found end of file")
            }
            let value =
                UInt32(bytes[cursor]) | UInt32(bytes[cursor + 1]) << 8 | UInt32(bytes[cursor + 2]) << 16
                | UInt32(bytes[cursor + 3]) << 24
            cursor += 4
            return Int32(bitPattern: value)
        }
        let maxLength = Int(try int32("the max token length"))
        var pieces: [[UInt8]] = []
        var scores: [Float] = []
        pieces.reserveCapacity(vocabularySize)
        for token in 0..<vocabularySize {
            let score = Float(bitPattern: UInt32(bitPattern: try int32("the score of token \(token)")))
            let length = Int(try int32("the length of token \(token)"))
            guard length >= 0, length <= max(maxLength, 0) || maxLength <= 0 else {
                throw LoomError(
                    .format, "\(name): token \(token) claims \(length) bytes, more than the max length \(maxLength)")
            }
            guard cursor + length <= bytes.count else {
                throw LoomError(
                    .format,
                    "\(name): truncated tokenizer: token \(token) needs \(length) bytes at \(cursor), file has \(bytes.count)"
                )
            }
            pieces.append(Array(bytes[cursor..<(cursor + length)]))
            scores.append(score)
            cursor += length
        }
        return try LlamaTokenizer(pieces: pieces, scores: scores)
    }

    func lookupID(_ bytes: [UInt8]) -> Int? { lookup[bytes] }

    /// Gives each token its kind (GGUF's `tokenizer.ggml.token_type`): control, unknown and
    /// user-defined tokens become special tokens a text may name whole, and the end-of-turn
    /// tokens among them (`<|im_end|>`, `<|eot_id|>`, …) join ``endOfGeneration``.
    public mutating func setTypes(_ types: [TokenType]) {
        self.types = (0..<pieces.count).map { $0 < types.count ? types[$0] : .normal }
        special = SpecialTokens(texts: pieces, types: self.types)
        var ends: Set<Int> = eos >= 0 ? [eos] : []
        for id in pieces.indices {
            if SpecialTokens.endOfGenerationTexts.contains(String(decoding: pieces[id], as: UTF8.self)) {
                ends.insert(id)
            }
        }
        endOfGeneration = ends
    }

    func byteValue(ofToken token: Int) -> UInt8? { byteOfToken[token] }

    /// The byte a `<0xXX>` piece stands for.
    static func byteValue(_ piece: [UInt8]) -> UInt8? {
        guard piece.count == 6, piece[0] == 0x3C, piece[1] == 0x30, piece[2] == 0x78, piece[5] == 0x3E else {
            return nil
        }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        guard let high = hex(piece[3]), let low = hex(piece[4]) else { return nil }
        return high << 4 | low
    }
}
