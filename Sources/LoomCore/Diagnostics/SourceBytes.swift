/// What Loom's byte-level readers (``LocatedJSON``'s and ``LocatedXML``'s) share: strict UTF-8
/// decoding of one scalar, writing a code point as UTF-8, and the `found …` words of a message.
enum SourceBytes {
    /// The character at `index` of `bytes`, for `found …` in messages: `the end of the file`,
    /// `a line break`, `a space`, `'x'`, a control character by its code point, or the byte
    /// that is not valid UTF-8.
    static func describe(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        switch byte {
        case 0x0A: return "a line break"
        case 0x09: return "a tab"
        case 0x0D: return "a carriage return"
        case 0x20: return "a space"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x00..<0x20, 0x7F: return "the control character U+\(hex(UInt32(byte), digits: 4))"
        default:
            if let (scalar, _) = decodeScalar(bytes, at: index) { return "'\(Character(scalar))'" }
            return "the byte 0x\(hex(UInt32(byte), digits: 2)), which is not valid UTF-8"
        }
    }

    /// `value` in upper-case hexadecimal, padded with zeros to at least `digits` digits.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Decodes the UTF-8 scalar starting at `offset` (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or `nil` when the bytes there are malformed.
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0:
            length = 3
            value = 0
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xED:
            length = 3
            value = 0x0D
            high = 0x9F
        case 0xF0:
            length = 4
            value = 0
            low = 0x90
        case 0xF1...0xF3:
            length = 4
            value = UInt32(lead & 0x07)
        case 0xF4:
            length = 4
            value = 4
            high = 0x8F
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for position in 1..<length {
            let byte = bytes[offset + position]
            guard byte >= low, byte <= high else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
            low = 0x80
            high = 0xBF
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// Appends the code point `value` (at most U+10FFFF, not a surrogate) to `buffer` as UTF-8.
    static func appendUTF8(_ value: UInt32, to buffer: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            buffer.append(UInt8(value))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | value >> 6))
            buffer.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | value >> 12))
            buffer.append(UInt8(0x80 | value >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | value & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | value >> 18))
            buffer.append(UInt8(0x80 | value >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | value >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
