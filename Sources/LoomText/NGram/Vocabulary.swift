import LoomCore

/// The tokens a model knows, by integer id.
///
/// Ids 0, 1 and 2 are reserved for the sentence start `<s>`, the sentence end `</s>` and the
/// unknown token `<unk>`; the others follow in order of first appearance in the training
/// text, so a vocabulary is a pure function of its corpus.
public struct Vocabulary: Sendable, Equatable {
    /// Id of the sentence start marker `<s>`.
    public static let sentenceStart: UInt32 = 0
    /// Id of the sentence end marker `</s>`.
    public static let sentenceEnd: UInt32 = 1
    /// Id of the unknown token `<unk>`.
    public static let unknown: UInt32 = 2

    /// Token texts by id.
    public private(set) var tokens: [String]
    private var ids: [String: UInt32]

    /// The vocabulary holding only the three markers.
    public init() {
        tokens = ["<s>", "</s>", "<unk>"]
        ids = ["<s>": 0, "</s>": 1, "<unk>": 2]
    }

    init(tokens: [String]) throws {
        self.tokens = tokens
        ids = [:]
        ids.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {
            if ids.updateValue(UInt32(index), forKey: token) != nil {
                throw LoomError(.format, "the vocabulary lists '\(token)' twice")
            }
        }
    }

    /// How many tokens, markers included.
    public var count: Int { tokens.count }

    /// The id of `token`, or ``unknown`` when the vocabulary lacks it.
    public func id(of token: String) -> UInt32 { ids[token] ?? Self.unknown }

    /// The text of token `id`.
    public subscript(id: UInt32) -> String { tokens[Int(id)] }
}

/// Interns byte strings into dense ids with an open-addressing table, without making a
/// `String` for every occurrence: the fast path of training.
struct TokenInterner {
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 1 << 12)
        mask = (1 << 12) - 1
        for marker in ["<s>", "</s>", "<unk>"] {
            _ = marker.utf8.withContiguousStorageIfAvailable { intern($0) }
        }
    }

    var count: Int { starts.count - 1 }

    func token(_ id: Int) -> String {
        String(decoding: bytes[Int(starts[id])..<Int(starts[id + 1])], as: UTF8.self)
    }

    var vocabularyTokens: [String] { (0..<count).map(token) }

    /// The id of `span`, adding it when new.
    @inline(__always)
    mutating func intern(_ span: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in span { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash = Seed.mix(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == hash && equal(id, span) { return UInt32(id) }
            slot = (slot + 1) & mask
        }
        let id = count
        slots[slot] = Int32(id)
        hashes.append(hash)
        bytes.append(contentsOf: span)
        starts.append(Int32(bytes.count))
        if count * 2 > mask { grow() }
        return UInt32(id)
    }

    @inline(__always)
    private func equal(_ id: Int, _ span: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == span.count else { return false }
        var i = 0
        while i < span.count {
            if bytes[start + i] != span[i] { return false }
            i += 1
        }
        return true
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
