/// How a ``TransformerState`` stores the keys and values of the positions it has seen.
///
/// The cache is the state's largest buffer for long contexts: layers × context × 2 ×
/// key/value heads × head size values (SmolLM2-135M at 2,048 positions: 30 × 2,048 × 2 × 192,
/// 47 MB in half precision). Every value is written once, when its position is computed, and
/// read by every later position's attention.
public enum KVCacheType: String, Sendable, Codable, CaseIterable {
    /// IEEE half precision, 2 bytes a value: llama.cpp's default cache type, and Loom's. Keys
    /// (after the rotary embedding) and values are rounded to nearest even when a position is
    /// written; attention reads them back exactly and computes in float. Half the memory and
    /// memory traffic of `.f32`.
    case f16
    /// Float32, 4 bytes a value: the keys and values exactly as computed.
    case f32

    /// Bytes one cached value takes.
    public var bytesPerValue: Int { self == .f16 ? 2 : 4 }
}
