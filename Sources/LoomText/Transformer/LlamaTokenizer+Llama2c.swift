import LoomCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LlamaTokenizer {
    /// Reads llama2.c's `tokenizer.bin`: an `Int32` max token length, then for each of
    /// `vocabularySize` tokens a `Float32` score, an `Int32` byte length and the bytes.
    public static func loadLlama2c(from path: String, vocabularySize: Int) throws -> LlamaTokenizer {
        try llama2c(bytes: try readFile(path), vocabularySize: vocabularySize, name: path)
    }

    /// Parses llama2.c's tokenizer format from memory; `name` appears in errors.
    public static func llama2c(bytes: [UInt8], vocabularySize: Int, name: String = "<memory>") throws -> LlamaTokenizer
    {
        var cursor = 0
        // `what` is only built for an error: a message per token would cost more than the parse.
        func int32(_ what: @autoclosure () -> String) throws -> Int32 {
            guard cursor + 4 <= bytes.count else {
                throw LoomError(
                    .format, "\(name): truncated tokenizer at byte \(cursor): expected \(what()), found end of file")
            }
            let value =
                UInt32(bytes[cursor]) | UInt32(bytes[cursor + 1]) << 8 | UInt32(bytes[cursor + 2]) << 16
                | UInt32(bytes[cursor + 3]) << 24
            cursor += 4
            return Int32(bitPattern: value)
        }
        let maxLength = Int(try int32("the max token length"))
        var pieces = Pieces()
        var scores: [Float] = []
        // Each token takes 8 bytes besides its piece: no more tokens fit, and the pieces hold at
        // most the rest.
        let fitting = min(max(vocabularySize, 0), max(bytes.count - 4, 0) / 8)
        pieces.reserveCapacity(pieces: fitting, bytes: max(bytes.count - 4 - 8 * fitting, 0))
        scores.reserveCapacity(fitting)
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
            try pieces.append(bytes[cursor..<(cursor + length)])
            scores.append(score)
            cursor += length
        }
        return try LlamaTokenizer(pieces: pieces, scores: scores)
    }

    /// The whole file at `path`, read with POSIX calls into one array (Foundation's `Data` would
    /// be a second copy). Throws an `.io` error naming the path and the system's reason.
    private static func readFile(_ path: String) throws -> [UInt8] {
        func failure(_ reason: String) -> LoomError {
            LoomError(.io, "\(path): cannot read the tokenizer (\(reason))")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw failure(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let done = read(descriptor, buffer.baseAddress! + count, size - count)
                if done < 0, errno == EINTR { continue }
                guard done > 0 else {
                    throw failure(done < 0 ? String(cString: strerror(errno)) : "the file ended early")
                }
                count += done
            }
        }
    }
}
