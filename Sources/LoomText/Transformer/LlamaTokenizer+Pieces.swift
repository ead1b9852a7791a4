import LoomCore

extension LlamaTokenizer {
    /// A vocabulary's pieces by token id: `pieces[id]` is the bytes of token `id`'s piece.
    ///
    /// The pieces are stored end to end in one byte buffer with an offset per token, so a
    /// 32,000-token vocabulary is two arrays rather than 32,000 (llama2.c's `tokenizer.bin` loads
    /// into about 0.3 MB). Reading an element copies that piece's bytes into a new array.
    public struct Pieces: RandomAccessCollection, Equatable, Sendable {
        /// Every piece's bytes, end to end.
        private(set) var bytes: [UInt8] = []
        /// Where each piece starts in ``bytes``, then where the last one ends (count + 1 entries).
        private(set) var offsets: [UInt32] = [0]

        /// No pieces yet; ``append(_:)`` adds them.
        init() {}

        /// `pieces`, stored flat. Throws `.format` when they hold more than 4 GB together.
        init(_ pieces: [[UInt8]]) throws {
            reserveCapacity(pieces: pieces.count, bytes: pieces.reduce(0) { $0 + $1.count })
            for piece in pieces { try append(piece) }
        }

        /// 0.
        public var startIndex: Int { 0 }
        /// The number of pieces.
        public var endIndex: Int { offsets.count - 1 }

        /// The bytes of token `id`'s piece.
        public subscript(id: Int) -> [UInt8] { Array(bytes[range(of: id)]) }

        /// Where token `id`'s piece lies in ``bytes``.
        func range(of id: Int) -> Range<Int> { Int(offsets[id])..<Int(offsets[id + 1]) }

        /// Token `id`'s piece, without copying it.
        func slice(_ id: Int) -> ArraySlice<UInt8> { bytes[range(of: id)] }

        /// Makes room for `pieces` more pieces of `bytes` bytes in all.
        mutating func reserveCapacity(pieces: Int, bytes: Int) {
            offsets.reserveCapacity(offsets.count + pieces)
            self.bytes.reserveCapacity(self.bytes.count + bytes)
        }

        /// Adds `piece` as the next token's. Throws `.format` when the pieces would hold more than
        /// 4 GB together.
        mutating func append(_ piece: some Collection<UInt8>) throws {
            guard let end = UInt32(exactly: bytes.count + piece.count) else {
                throw LoomError(.format, "a vocabulary's pieces hold more than 4 GB together")
            }
            bytes.append(contentsOf: piece)
            offsets.append(end)
        }
    }
}

/// Token ids by piece: an open-addressing table (linear probing) over a vocabulary's flat
/// pieces, hashed with FNV-1a, which, unlike Swift's per-process seeded `Hasher`, is the same
/// in every run. When two tokens share a piece, the lower id is found.
struct PieceIndex: Sendable {
    let pieces: LlamaTokenizer.Pieces
    /// A token id or -1 per slot; the count is a power of two at least twice the vocabulary's.
    private let slots: [Int32]

    init(_ pieces: LlamaTokenizer.Pieces) {
        self.pieces = pieces
        var capacity = 16
        while capacity < 2 * pieces.count { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        pieces.bytes.withUnsafeBufferPointer { bytes in
            for id in pieces.indices {
                let piece = UnsafeBufferPointer(rebasing: bytes[pieces.range(of: id)])
                let (slot, found) = Self.probe(slots, pieces, bytes, piece, Self.none)
                if found == nil { slots[slot] = Int32(id) }
            }
        }
        self.slots = slots
    }

    /// The token whose piece is exactly `bytes`.
    func id(of text: [UInt8]) -> Int? {
        pieces.bytes.withUnsafeBufferPointer { bytes in
            text.withUnsafeBufferPointer { Self.probe(slots, pieces, bytes, $0, Self.none).id }
        }
    }

    /// The token whose piece is token `left`'s followed by token `right`'s.
    func id(joining left: Int, _ right: Int) -> Int? {
        pieces.bytes.withUnsafeBufferPointer { bytes in
            let first = UnsafeBufferPointer(rebasing: bytes[pieces.range(of: left)])
            let second = UnsafeBufferPointer(rebasing: bytes[pieces.range(of: right)])
            return Self.probe(slots, pieces, bytes, first, second).id
        }
    }

    private static var none: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: nil, count: 0) }

    /// Probes `slots` for the piece `first` followed by `second` (`bytes` being `pieces.bytes`):
    /// the slot holding its token and that token, or the empty slot where it would go and `nil`.
    private static func probe(
        _ slots: [Int32], _ pieces: LlamaTokenizer.Pieces, _ bytes: UnsafeBufferPointer<UInt8>,
        _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>
    ) -> (slot: Int, id: Int?) {
        let mask = slots.count - 1
        // 64-bit FNV-1a, as `StableHasher` computes it, written out so that it runs on the
        // buffers directly (a call into LoomCore's generic `combine` costs more than the probe).
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in first { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for byte in second { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        // FNV-1a's low bits mix poorly; fold the high half into those the mask keeps.
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while slots[slot] >= 0 {
            let id = Int(slots[slot])
            let range = pieces.range(of: id)
            if range.count == first.count + second.count {
                let split = range.lowerBound + first.count
                if bytes[range.lowerBound..<split].elementsEqual(first),
                    bytes[split..<range.upperBound].elementsEqual(second)
                {
                    return (slot, id)
                }
            }
            slot = (slot + 1) & mask
        }
        return (slot, nil)
    }
}
