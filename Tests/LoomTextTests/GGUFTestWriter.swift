import Foundation
import LoomCore

@testable import LoomText

/// A small GGUF v3 writer for tests: metadata of every type, F32/F16/Q8_0 tensors.
struct GGUFTestWriter {
    enum Value {
        case u8(UInt8)
        case i8(Int8)
        case u16(UInt16)
        case i16(Int16)
        case u32(UInt32)
        case i32(Int32)
        case f32(Float)
        case bool(Bool)
        case string(String)
        case u64(UInt64)
        case i64(Int64)
        case f64(Double)
        case array(typeCode: UInt32, [Value])

        var typeCode: UInt32 {
            switch self {
            case .u8: 0
            case .i8: 1
            case .u16: 2
            case .i16: 3
            case .u32: 4
            case .i32: 5
            case .f32: 6
            case .bool: 7
            case .string: 8
            case .array: 9
            case .u64: 10
            case .i64: 11
            case .f64: 12
            }
        }
    }

    var metadata: [(String, Value)] = []
    var tensors: [(name: String, dimensions: [Int], type: UInt32, data: [UInt8])] = []
    var alignment = 32
    var version: UInt32 = 3

    mutating func add(_ name: String, _ values: [Float], dimensions: [Int], type: GGUFTensorType) {
        var data: [UInt8] = []
        switch type {
        case .f32: for value in values { data += Self.bytes(value.bitPattern) }
        case .f16: for value in values { data += Self.bytes(Float16(value).bitPattern) }
        case .bf16: for value in values { data += Self.bytes(UInt16(value.bitPattern >> 16)) }
        case .q8_0:
            for start in stride(from: 0, to: values.count, by: 32) {
                let block = values[start..<start + 32]
                let largest = block.map(abs).max() ?? 0
                let scale = largest / 127
                data += Self.bytes(Float16(scale).bitPattern)
                for value in block {
                    let q = scale == 0 ? 0 : (value / scale).rounded()
                    data.append(UInt8(bitPattern: Int8(max(-127, min(127, q)))))
                }
            }
        default:
            // The test writer quantises only to Q8_0; GGUFQuantTests covers decoding the rest.
            preconditionFailure("GGUFTestWriter cannot write \(type)")
        }
        tensors.append((name, dimensions, type.rawValue, data))
    }

    static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func string(_ text: String) -> [UInt8] { bytes(UInt64(text.utf8.count)) + Array(text.utf8) }

    static func encode(_ value: Value) -> [UInt8] {
        switch value {
        case .u8(let v): [v]
        case .i8(let v): bytes(v)
        case .u16(let v): bytes(v)
        case .i16(let v): bytes(v)
        case .u32(let v): bytes(v)
        case .i32(let v): bytes(v)
        case .f32(let v): bytes(v.bitPattern)
        case .bool(let v): [v ? 1 : 0]
        case .string(let v): string(v)
        case .u64(let v): bytes(v)
        case .i64(let v): bytes(v)
        case .f64(let v): bytes(v.bitPattern)
        case .array(let type, let values): bytes(type) + bytes(UInt64(values.count)) + values.flatMap(encode)
        }
    }

    func bytes() -> [UInt8] {
        var out =
            Array("GGUF".utf8) + Self.bytes(version) + Self.bytes(UInt64(tensors.count))
            + Self.bytes(UInt64(metadata.count))
        for (key, value) in metadata { out += Self.string(key) + Self.bytes(value.typeCode) + Self.encode(value) }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            offsets.append(offset)
            offset = (offset + tensor.data.count + alignment - 1) / alignment * alignment
        }
        for (tensor, start) in zip(tensors, offsets) {
            out += Self.string(tensor.name) + Self.bytes(UInt32(tensor.dimensions.count))
            for size in tensor.dimensions { out += Self.bytes(UInt64(size)) }
            out += Self.bytes(tensor.type) + Self.bytes(UInt64(start))
        }
        func pad() { while out.count % alignment != 0 { out.append(0) } }
        pad()
        for tensor in tensors {
            out += tensor.data
            pad()
        }
        return out
    }

    /// The tiny llama2.c fixture `name` (and the tiny tokenizer) rewritten as a GGUF file.
    static func llama(from name: String, type: GGUFTensorType, architecture: String = "llama") throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TransformerFixtures.path("\(name).bin")))
        let header = data.prefix(28).withUnsafeBytes { raw in
            (0..<7).map { Int(raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
        let floats = data.dropFirst(28).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let (dim, hidden, layers, heads, kvHeads, vocab, seq) = (
            header[0], header[1], header[2], header[3], header[4], abs(header[5]), header[6]
        )
        let kvDim = dim / heads * kvHeads
        var cursor = 0
        func take(_ count: Int) -> [Float] {
            defer { cursor += count }
            return Array(floats[cursor..<cursor + count])
        }
        var writer = GGUFTestWriter()
        writer.metadata = [
            ("general.architecture", .string(architecture)), ("general.alignment", .u32(32)),
            ("llama.embedding_length", .u32(UInt32(dim))), ("llama.feed_forward_length", .u32(UInt32(hidden))),
            ("llama.block_count", .u32(UInt32(layers))), ("llama.attention.head_count", .u32(UInt32(heads))),
            ("llama.attention.head_count_kv", .u32(UInt32(kvHeads))), ("llama.context_length", .u64(UInt64(seq))),
            ("llama.attention.layer_norm_rms_epsilon", .f32(1e-5)), ("llama.rope.freq_base", .f32(10000)),
            ("llama.rope.dimension_count", .u32(UInt32(dim / heads))),
        ]
        let tokenizer = try TransformerFixtures.tokenizer()
        let pieces = tokenizer.pieces.map {
            String(decoding: $0, as: UTF8.self).replacingOccurrences(of: " ", with: "\u{2581}")
        }
        writer.metadata += [
            ("tokenizer.ggml.model", .string("llama")),
            ("tokenizer.ggml.tokens", .array(typeCode: 8, pieces.map { .string($0) })),
            ("tokenizer.ggml.scores", .array(typeCode: 6, tokenizer.scores.map { .f32($0) })),
            ("tokenizer.ggml.bos_token_id", .u32(1)), ("tokenizer.ggml.eos_token_id", .u32(2)),
        ]
        // Norm weights stay F32, as llama.cpp's converters keep them.
        func matrix(_ name: String, rows: Int, columns: Int, _ values: [Float]) {
            writer.add(name, values, dimensions: [columns, rows], type: type)
        }
        let embedding = take(vocab * dim)
        matrix("token_embd.weight", rows: vocab, columns: dim, embedding)
        let attentionNorm = take(layers * dim), wq = take(layers * dim * dim), wk = take(layers * kvDim * dim)
        let wv = take(layers * kvDim * dim), wo = take(layers * dim * dim), ffnNorm = take(layers * dim)
        let w1 = take(layers * hidden * dim), w2 = take(layers * dim * hidden), w3 = take(layers * hidden * dim)
        let finalNorm = take(dim)
        _ = take(seq * dim / heads)
        for l in 0..<layers {
            func slice(_ all: [Float], _ size: Int) -> [Float] { Array(all[(l * size)..<((l + 1) * size)]) }
            writer.add("blk.\(l).attn_norm.weight", slice(attentionNorm, dim), dimensions: [dim], type: .f32)
            matrix("blk.\(l).attn_q.weight", rows: dim, columns: dim, slice(wq, dim * dim))
            matrix("blk.\(l).attn_k.weight", rows: kvDim, columns: dim, slice(wk, kvDim * dim))
            matrix("blk.\(l).attn_v.weight", rows: kvDim, columns: dim, slice(wv, kvDim * dim))
            matrix("blk.\(l).attn_output.weight", rows: dim, columns: dim, slice(wo, dim * dim))
            writer.add("blk.\(l).ffn_norm.weight", slice(ffnNorm, dim), dimensions: [dim], type: .f32)
            matrix("blk.\(l).ffn_gate.weight", rows: hidden, columns: dim, slice(w1, hidden * dim))
            matrix("blk.\(l).ffn_down.weight", rows: dim, columns: hidden, slice(w2, dim * hidden))
            matrix("blk.\(l).ffn_up.weight", rows: hidden, columns: dim, slice(w3, hidden * dim))
        }
        writer.add("output_norm.weight", finalNorm, dimensions: [dim], type: .f32)
        if header[5] < 0 { matrix("output.weight", rows: vocab, columns: dim, take(vocab * dim)) }
        return writer.bytes()
    }
}
