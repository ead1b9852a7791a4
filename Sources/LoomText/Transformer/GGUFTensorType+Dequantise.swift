extension GGUFTensorType {
    /// Writes `count` float32 values decoded from the blocks at `source` (little-endian, as
    /// ggml lays them out; `count` a multiple of ``blockSize``).
    func dequantise(_ source: UnsafeRawPointer, count: Int, into output: UnsafeMutablePointer<Float>) {
        let decode: (UnsafeRawPointer, UnsafeMutablePointer<Float>) -> Void
        switch self {
        case .f32:
            for i in 0..<count {
                output[i] = Float(
                    bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
            }
            return
        case .f16:
            for i in 0..<count { output[i] = Self.half(source, 2 * i) }
            return
        case .bf16:
            for i in 0..<count {
                let bits = UInt32(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
                output[i] = Float(bitPattern: bits << 16)
            }
            return
        case .q4_0: decode = Self.q4_0
        case .q4_1: decode = Self.q4_1
        case .q5_0: decode = { Self.q5($0, $1, hasMinimum: false) }
        case .q5_1: decode = { Self.q5($0, $1, hasMinimum: true) }
        case .q8_0: decode = Self.q8_0
        case .q4_K: decode = Self.q4_K
        case .q5_K: decode = Self.q5_K
        case .q6_K: decode = Self.q6_K
        }
        for block in 0..<(count / blockSize) {
            decode(source + block * blockBytes, output + block * blockSize)
        }
    }

    static func half(_ pointer: UnsafeRawPointer, _ offset: Int) -> Float {
        Float(Float16(bitPattern: UInt16(littleEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
    }

    static func byte(_ pointer: UnsafeRawPointer, _ offset: Int) -> Int {
        Int(pointer.load(fromByteOffset: offset, as: UInt8.self))
    }

    /// `d`, then 16 bytes: the low nibbles are weights 0–15, the high nibbles 16–31, each minus 8.
    static func q4_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        for j in 0..<16 {
            let q = byte(block, 2 + j)
            out[j] = Float((q & 0x0F) - 8) * d
            out[j + 16] = Float((q >> 4) - 8) * d
        }
    }

    /// `d`, `m`, then 16 bytes of nibbles as in `Q4_0`, each `q·d + m`.
    static func q4_1(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), m = half(block, 2)
        for j in 0..<16 {
            let q = byte(block, 4 + j)
            out[j] = Float(q & 0x0F) * d + m
            out[j + 16] = Float(q >> 4) * d + m
        }
    }

    /// `d` (and `m` for Q5_1), 32 fifth bits (bit j for weight j), then nibbles as in `Q4_0`.
    static func q5(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>, hasMinimum: Bool) {
        let d = half(block, 0)
        let m: Float = hasMinimum ? half(block, 2) : 0
        let header = hasMinimum ? 4 : 2
        let high = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: header, as: UInt32.self))
        let offset = hasMinimum ? 0 : 16
        for j in 0..<16 {
            let q = byte(block, header + 4 + j)
            let low = (q & 0x0F) | Int((high >> UInt32(j)) & 1) << 4
            let upper = (q >> 4) | Int((high >> UInt32(j + 16)) & 1) << 4
            out[j] = Float(low - offset) * d + m
            out[j + 16] = Float(upper - offset) * d + m
        }
    }

    static func q8_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        for i in 0..<32 { out[i] = d * Float(block.load(fromByteOffset: 2 + i, as: Int8.self)) }
    }

    /// The 6-bit scale and minimum of sub-block `j` (0..<8) from the 12 packed bytes at `scales`:
    /// sub-blocks 0–3 keep theirs in the low six bits of bytes j and j+4; 4–7 in nibbles of
    /// bytes j+4 with their top two bits in the spare bits of bytes j−4 and j.
    static func scaleAndMinimum(_ scales: UnsafeRawPointer, _ j: Int) -> (Float, Float) {
        if j < 4 { return (Float(byte(scales, j) & 63), Float(byte(scales, j + 4) & 63)) }
        let scale = (byte(scales, j + 4) & 0x0F) | (byte(scales, j - 4) >> 6) << 4
        let minimum = (byte(scales, j + 4) >> 4) | (byte(scales, j) >> 6) << 4
        return (Float(scale), Float(minimum))
    }

    /// `d`, `dmin`, 12 bytes of scales, 128 bytes of nibbles: each 64 weights take 32 bytes,
    /// low nibbles for the first sub-block of 32 and high nibbles for the second.
    static func q4_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), dmin = half(block, 2)
        let scales = block + 4, quants = block + 16
        for chunk in 0..<4 {
            let (s1, m1) = scaleAndMinimum(scales, 2 * chunk)
            let (s2, m2) = scaleAndMinimum(scales, 2 * chunk + 1)
            for l in 0..<32 {
                let q = byte(quants, 32 * chunk + l)
                out[64 * chunk + l] = d * s1 * Float(q & 0x0F) - dmin * m1
                out[64 * chunk + 32 + l] = d * s2 * Float(q >> 4) - dmin * m2
            }
        }
    }

    /// As `Q4_K` with a fifth bit per weight from 32 further bytes (two bits per 64 weights).
    static func q5_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), dmin = half(block, 2)
        let scales = block + 4, high = block + 16, quants = block + 48
        for chunk in 0..<4 {
            let (s1, m1) = scaleAndMinimum(scales, 2 * chunk)
            let (s2, m2) = scaleAndMinimum(scales, 2 * chunk + 1)
            for l in 0..<32 {
                let q = byte(quants, 32 * chunk + l), h = byte(high, l)
                let low = (q & 0x0F) + ((h >> (2 * chunk)) & 1) * 16
                let upper = (q >> 4) + ((h >> (2 * chunk + 1)) & 1) * 16
                out[64 * chunk + l] = d * s1 * Float(low) - dmin * m1
                out[64 * chunk + 32 + l] = d * s2 * Float(upper) - dmin * m2
            }
        }
    }

    /// 128 bytes of low nibbles, 64 bytes of high bit pairs, 16 signed scales, then `d`: each
    /// half of 128 weights takes 64 low bytes, 32 high bytes and 8 scales (one per 16 weights).
    static func q6_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 208)
        for half in 0..<2 {
            let low = block + 64 * half, high = block + 128 + 32 * half
            let scales = block + 192 + 8 * half
            func scale(_ index: Int) -> Float { Float(scales.load(fromByteOffset: index, as: Int8.self)) }
            let base = out + 128 * half
            for l in 0..<32 {
                let group = l / 16
                let h = byte(high, l)
                let q1 = ((byte(low, l) & 0x0F) | (h & 3) << 4) - 32
                let q2 = ((byte(low, l + 32) & 0x0F) | ((h >> 2) & 3) << 4) - 32
                let q3 = ((byte(low, l) >> 4) | ((h >> 4) & 3) << 4) - 32
                let q4 = ((byte(low, l + 32) >> 4) | ((h >> 6) & 3) << 4) - 32
                base[l] = d * scale(group) * Float(q1)
                base[l + 32] = d * scale(group + 2) * Float(q2)
                base[l + 64] = d * scale(group + 4) * Float(q3)
                base[l + 96] = d * scale(group + 6) * Float(q4)
            }
        }
    }
}
