/// What a transformer needs of a tokenizer: text to token ids and token ids back to bytes.
///
/// Two kinds ship with Loom: ``LlamaTokenizer`` (SentencePiece-style pieces with scores, as in
/// llama2.c's `tokenizer.bin` and GGUF files whose `tokenizer.ggml.model` is `llama`) and
/// ``ByteLevelBPETokenizer`` (GPT-2-style byte-level BPE with ranked merges, GGUF's `gpt2`).
public protocol TextTokenizer: Sendable {
    /// Number of tokens.
    var vocabularySize: Int { get }
    /// The beginning-of-text token, or -1 when the vocabulary has none.
    var bos: Int { get }
    /// The end-of-text token, or -1 when the vocabulary has none.
    var eos: Int { get }
    /// Whether a prompt starts with ``bos`` (GGUF's `tokenizer.ggml.add_bos_token`).
    var addsBOS: Bool { get }
    /// Whether a prompt ends with ``eos`` (GGUF's `tokenizer.ggml.add_eos_token`).
    var addsEOS: Bool { get }
    /// Tokens that end generation: ``eos`` and any end-of-turn tokens (`<|im_end|>`).
    var endOfGeneration: Set<Int> { get }
    /// The tokens of `text`, with BOS first when `bos` is true and EOS last when `eos` is true.
    /// Text that spells a control token (`<|im_start|>`) is tokenized as text.
    func encode(_ text: String, bos: Bool, eos: Bool) -> [Int]
    /// The tokens of `text`; with `parsingSpecial`, text spelling a control token
    /// (`<|im_start|>`) is that token, as in a chat prompt (llama.cpp's `parse_special`).
    func encode(_ text: String, bos: Bool, eos: Bool, parsingSpecial: Bool) -> [Int]
    /// The bytes `token` adds to the text after `previous` (nothing for control tokens).
    func decode(_ token: Int, after previous: Int?) -> [UInt8]
}

extension TextTokenizer {
    /// No EOS after a prompt unless the tokenizer says so.
    public var addsEOS: Bool { false }

    /// Just ``eos``.
    public var endOfGeneration: Set<Int> { eos >= 0 ? [eos] : [] }

    /// Tokenizers without control tokens to parse encode as ``encode(_:bos:eos:)``.
    public func encode(_ text: String, bos: Bool, eos: Bool, parsingSpecial: Bool) -> [Int] {
        encode(text, bos: bos, eos: eos)
    }

    /// The tokens of a prompt as the model's file asks: BOS and EOS as
    /// ``addsBOS``/``addsEOS`` say.
    public func encodePrompt(_ text: String, parsingSpecial: Bool = false) -> [Int] {
        encode(text, bos: addsBOS, eos: addsEOS, parsingSpecial: parsingSpecial)
    }

    /// The text of a whole token sequence (invalid UTF-8 repaired with U+FFFD).
    public func decodeText(_ tokens: [Int]) -> String {
        var bytes: [UInt8] = []
        var previous: Int?
        for token in tokens {
            bytes += decode(token, after: previous)
            previous = token
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension LlamaTokenizer: TextTokenizer {}
