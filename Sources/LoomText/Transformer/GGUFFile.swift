import LoomCore

/// A parsed GGUF (version 2 or 3) file: its metadata and the location of each tensor.
///
/// The file is memory-mapped; tensors are read from the mapping when a model is built.
///
/// ```swift
/// let file = try GGUFFile.load(from: "model.gguf")
/// print(file.metadata["general.architecture"]?.string ?? "?")
/// let model = try file.transformer()
/// ```
public struct GGUFFile: Sendable {
    /// The file's name, used in errors.
    public let name: String
    /// The format version (2 or 3).
    public let version: Int
    /// Every metadata key and its value.
    public let metadata: [String: GGUFValue]
    /// Every tensor, in file order.
    public let tensors: [GGUFTensorInfo]
    /// Tensor data alignment (`general.alignment`, default 32).
    public let alignment: Int
    let storage: WeightStorage

    /// The four bytes every GGUF file starts with.
    public static let magic: [UInt8] = Array("GGUF".utf8)

    /// Maps and parses `path`. Throws `.format` naming the byte offset and what was expected
    /// when the file is truncated or malformed.
    public static func load(from path: String) throws -> GGUFFile {
        try GGUFFile(storage: WeightStorage.map(path: path), name: path)
    }

    /// Parses a GGUF file held in memory (copied).
    public init(bytes: [UInt8], name: String = "<memory>") throws {
        try self.init(storage: bytes.withUnsafeBytes { WeightStorage.copying($0) }, name: name)
    }

    init(storage: WeightStorage, name: String) throws {
        self.storage = storage
        self.name = name
        var reader = GGUFReader(storage: storage, name: name)
        let magic = try reader.bytes(4, "the magic \"GGUF\"")
        guard magic == Self.magic else {
            throw LoomError(
                .format,
                "\(name): not a GGUF file: starts with \(magic.map { String(hexByte: $0) }.joined(separator: " "))")
        }
        let version = try reader.uint32("the version")
        guard version == 2 || version == 3 else {
            throw LoomError(.format, "\(name): unsupported GGUF version \(version) (Loom reads versions 2 and 3)")
        }
        self.version = Int(version)
        let tensorCount = try reader.count("the tensor count", each: 24)
        let metadataCount = try reader.count("the metadata count", each: 12)
        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<metadataCount {
            let key = try reader.string("a metadata key")
            metadata[key] = try reader.value(type: try reader.uint32("the type of '\(key)'"), key: key, depth: 0)
        }
        self.metadata = metadata
        var alignment = 32
        if let value = metadata["general.alignment"] {
            guard let align = value.int, align > 0, align & (align - 1) == 0, align <= 1 << 20 else {
                throw LoomError(.format, "\(name): general.alignment must be a power of two (got \(value))")
            }
            alignment = align
        }
        self.alignment = alignment
        var infos: [(String, [Int], UInt32, Int)] = []
        for index in 0..<tensorCount {
            let tensorName = try reader.string("the name of tensor \(index)")
            let rank = Int(try reader.uint32("the rank of '\(tensorName)'"))
            guard (1...4).contains(rank) else {
                throw LoomError(.format, "\(name): tensor '\(tensorName)' has \(rank) dimensions (expected 1 to 4)")
            }
            var dimensions: [Int] = []
            for axis in 0..<rank {
                let size = try reader.uint64("dimension \(axis) of '\(tensorName)'")
                guard size >= 1, size <= 1 << 32 else {
                    throw LoomError(.format, "\(name): tensor '\(tensorName)' has dimension \(axis) of size \(size)")
                }
                dimensions.append(Int(size))
            }
            let type = try reader.uint32("the type of '\(tensorName)'")
            let offset = try reader.uint64("the data offset of '\(tensorName)'")
            guard offset < UInt64(storage.count) else {
                throw LoomError(
                    .format, "\(name): tensor '\(tensorName)': data offset \(offset) is past the end of the file")
            }
            infos.append((tensorName, dimensions, type, Int(offset)))
        }
        let dataStart = (reader.offset + alignment - 1) / alignment * alignment
        // Tensor data follows in order, each tensor at the aligned end of the one before (as
        // the GGUF specification lays it out and llama.cpp checks).
        var expectedOffset = 0
        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(infos.count)
        for (tensorName, dimensions, typeNumber, offset) in infos {
            let field = "\(name): tensor '\(tensorName)'"
            guard let type = GGUFTensorType(rawValue: typeNumber) else {
                throw LoomError(
                    .format, "\(field) has ggml type \(typeNumber); Loom reads \(GGUFTensorType.supportedList)")
            }
            if let rowLength = dimensions.first, rowLength % type.blockSize != 0 {
                throw LoomError(
                    .format,
                    "\(name): \(type) tensor '\(tensorName)' has rows of \(rowLength), "
                        + "not a multiple of its block of \(type.blockSize)")
            }
            // Multiply with overflow checks: four dimensions of up to 2^32 overflow 64 bits.
            var elements = 1
            for size in dimensions {
                let (product, overflow) = elements.multipliedReportingOverflow(by: size)
                guard !overflow, product <= storage.count * type.blockSize else {
                    throw LoomError(
                        .format, "\(field) has dimensions \(dimensions), more elements than the file can hold")
                }
                elements = product
            }
            let byteCount = type.byteCount(elements: elements)
            guard offset % alignment == 0 else {
                throw LoomError(
                    .format, "\(field) has data offset \(offset), not a multiple of the alignment \(alignment)")
            }
            guard offset == expectedOffset else {
                throw LoomError(
                    .format,
                    "\(field) has data offset \(offset), expected \(expectedOffset) (the aligned end of the tensor before)"
                )
            }
            let info = GGUFTensorInfo(
                name: tensorName, dimensions: dimensions, type: type, fileOffset: dataStart + offset)
            let end = info.fileOffset + byteCount
            guard end <= storage.count else {
                throw LoomError(
                    .format,
                    "\(name): truncated GGUF: tensor '\(tensorName)' (\(type), \(dimensions)) needs bytes up to \(end), "
                        + "file has \(storage.count)")
            }
            expectedOffset = offset + (byteCount + alignment - 1) / alignment * alignment
            tensors.append(info)
        }
        self.tensors = tensors
        var seen = Set<String>()
        for tensor in tensors where !seen.insert(tensor.name).inserted {
            throw LoomError(.format, "\(name): tensor '\(tensor.name)' appears twice")
        }
    }

    /// The tensor named `name`, if the file has it.
    public func tensor(_ name: String) -> GGUFTensorInfo? { tensors.first { $0.name == name } }
}

extension String {
    fileprivate init(hexByte byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
