import LoomCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The kinds of model file `loom generate text --model` accepts, told apart by their first bytes.
public enum TextModelFormat: String, Sendable, Codable, Hashable {
    /// A Loom n-gram model (`LOOMNGRM`), written by `loom train text`.
    case ngram
    /// A GGUF file (`GGUF`) holding a llama transformer.
    case gguf
    /// A llama2.c legacy checkpoint (seven `Int32` header fields with a plausible shape).
    case llama2c

    /// Reads the first bytes of `path` and names its format. Throws `.io` when the file cannot
    /// be read and `.format`, quoting the first bytes, when no format matches.
    public static func detect(path: String) throws -> TextModelFormat {
        guard let file = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw LoomError(.io, "cannot read \(path): \(reason.prefix(1).lowercased() + reason.dropFirst())")
        }
        defer { fclose(file) }
        var header = [UInt8](repeating: 0, count: 28)
        let count = fread(&header, 1, 28, file)
        return try detect(header: Array(header.prefix(count)), name: path)
    }

    /// Names the format of a file starting with `header` (at least its first 28 bytes).
    public static func detect(header: [UInt8], name: String = "<memory>") throws -> TextModelFormat {
        if header.starts(with: Array("LOOMNGRM".utf8)) { return .ngram }
        if header.starts(with: GGUFFile.magic) { return .gguf }
        if header.count >= 28 {
            let fields = (0..<7).map { index in
                (0..<4).reduce(Int32(0)) { $0 | Int32(header[index * 4 + $1]) << (8 * $1) }
            }
            let config = TransformerConfig(
                dim: Int(fields[0]), hiddenDim: Int(fields[1]), layerCount: Int(fields[2]), headCount: Int(fields[3]),
                kvHeadCount: Int(fields[4]), vocabularySize: Int(fields[5].magnitude), sequenceLength: Int(fields[6]))
            if (try? config.validate()) != nil { return .llama2c }
        }
        // The file's bytes are never quoted back: only how many there are.
        throw LoomError(
            .format,
            "\(name): not an n-gram model, GGUF file or llama2.c checkpoint (expected the magic 'LOOMNGRM' or "
                + "'GGUF', or a llama2.c header of 7 valid sizes; the file \(header.isEmpty ? "is empty" : "has neither"))"
        )
    }
}
