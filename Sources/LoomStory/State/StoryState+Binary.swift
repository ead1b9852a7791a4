import LoomCore

/// The compact binary form of a ``StoryState``: a magic tag, the format version, then every field
/// in a fixed order (integers little-endian, strings as length and UTF-8, dictionaries with sorted
/// keys so equal states give equal bytes). Much faster to write and read than JSON.
extension StoryState {
    static let magic: [UInt8] = Array("LOOMSTRY".utf8)

    /// The binary encoding.
    public func encoded() throws -> [UInt8] {
        var writer = BinaryWriter()
        writer.bytes += Self.magic
        writer.int(version)
        writer.dictionary(variables) { $0.value($1) }
        writer.dictionary(visitCounts) { $0.int($1) }
        writer.dictionary(saliencyViews) { $0.int($1) }
        writer.string(saliencyStrategy.rawValue)
        writer.int(random.count)
        for word in random { writer.word(word) }
        writer.int(frames.count)
        for frame in frames {
            writer.string(frame.node)
            writer.int(frame.offset)
        }
        writer.string(phase.rawValue)
        writer.int(pendingEvents.count)
        for event in pendingEvents {
            switch event {
            case .nodeStart(let name):
                writer.bytes.append(0)
                writer.string(name)
            case .nodeEnd(let name):
                writer.bytes.append(1)
                writer.string(name)
            case .end:
                writer.bytes.append(2)
            }
        }
        writer.int(options.count)
        for option in options {
            writer.int(option.index)
            writer.line(option.line)
            writer.bytes.append(option.isAvailable ? 1 : 0)
            writer.int(option.destination)
        }
        writer.dictionary(generatedText) { $0.string($1) }
        if version >= 2 {
            writer.int(recentLines.count)
            for line in recentLines { writer.string(line) }
        }
        if version >= 3 {
            writer.int(lineHistory.lines.count)
            for line in lineHistory.lines { writer.string(line) }
            writer.int(lineHistory.count)
        }
        return writer.bytes
    }

    /// Decodes a save written by ``encoded()`` (or as JSON through `Codable`), with a clear error
    /// for corrupt data or an unsupported version.
    public static func decode(_ bytes: [UInt8]) throws -> StoryState {
        if bytes.first == UInt8(ascii: "{") { return try decodeJSON(bytes) }
        guard bytes.starts(with: magic) else {
            throw LoomError(.format, "the story save is corrupt: it is not a Loom story save")
        }
        var reader = BinaryReader(bytes: bytes, position: magic.count)
        var state = StoryState()
        state.version = try reader.int()
        try checkVersion(state.version)
        state.variables = try reader.dictionary { try $0.value() }
        state.visitCounts = try reader.dictionary { try $0.int() }
        state.saliencyViews = try reader.dictionary { try $0.int() }
        guard let strategy = SaliencyStrategy(rawValue: try reader.string()) else {
            throw reader.corrupt("saliency strategy")
        }
        state.saliencyStrategy = strategy
        state.random = try (0..<reader.count()).map { _ in try reader.word() }
        state.frames = try (0..<reader.count()).map { _ in Frame(node: try reader.string(), offset: try reader.int()) }
        guard let phase = Phase(rawValue: try reader.string()) else { throw reader.corrupt("phase") }
        state.phase = phase
        state.pendingEvents = try (0..<reader.count()).map { _ in
            switch try reader.byte() {
            case 0: .nodeStart(try reader.string())
            case 1: .nodeEnd(try reader.string())
            case 2: .end
            default: throw reader.corrupt("pending event")
            }
        }
        state.options = try (0..<reader.count()).map { _ in
            StoryOption(
                index: try reader.int(), line: try reader.line(), isAvailable: try reader.byte() == 1,
                destination: try reader.int())
        }
        state.generatedText = try reader.dictionary { try $0.string() }
        if state.version >= 2 { state.recentLines = try (0..<reader.count()).map { _ in try reader.string() } }
        if state.version >= 3 {
            let lines = try (0..<reader.count()).map { _ in try reader.string() }
            let count = try reader.int()
            guard count >= lines.count else { throw reader.corrupt("line count") }
            state.lineHistory = StoryLineHistory(lines: lines, count: count)
        }
        guard reader.position == bytes.count else { throw reader.corrupt("trailing bytes") }
        state.migrate()
        return state
    }

    static func checkVersion(_ version: Int) throws {
        if version > formatVersion {
            throw LoomError(
                .format, "the story save has format version \(version), newer than this build's \(formatVersion)")
        }
        if version < oldestLoadableVersion {
            throw LoomError(
                .format,
                "the story save has format version \(version), older than the oldest loadable \(oldestLoadableVersion)")
        }
    }
}

struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func word(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
    mutating func int(_ value: Int) { word(UInt64(bitPattern: Int64(value))) }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }
    mutating func value(_ value: StoryValue) {
        switch value {
        case .number(let number):
            bytes.append(0)
            word(number.bitPattern)
        case .string(let text):
            bytes.append(1)
            string(text)
        case .bool(let flag):
            bytes.append(flag ? 3 : 2)
        }
    }
    mutating func dictionary<V>(_ values: [String: V], _ write: (inout BinaryWriter, V) -> Void) {
        int(values.count)
        for key in values.keys.sorted() {
            string(key)
            write(&self, values[key]!)
        }
    }
    mutating func line(_ line: StoryLine) {
        string(line.id)
        string(line.text)
        bytes.append(line.characterName == nil ? 0 : 1)
        if let name = line.characterName { string(name) }
        int(line.tags.count)
        for tag in line.tags { string(tag) }
        int(line.attributes.count)
        for attribute in line.attributes {
            string(attribute.name)
            int(attribute.position)
            int(attribute.length)
            dictionary(attribute.properties) { $0.string($1) }
        }
    }
}

struct BinaryReader {
    var bytes: [UInt8]
    var position: Int

    func corrupt(_ what: String) -> LoomError {
        LoomError(.format, "the story save is corrupt: bad \(what) at byte \(position)")
    }
    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw corrupt("length (the save is cut short)") }
        position += 1
        return bytes[position - 1]
    }
    mutating func word() throws -> UInt64 {
        guard position + 8 <= bytes.count else { throw corrupt("length (the save is cut short)") }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[position + k]) << UInt64(8 * k) }
        position += 8
        return value
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try word())) }
    /// A count of following items, bounded by the bytes left so corrupt counts fail fast.
    mutating func count() throws -> Int {
        let value = try int()
        guard value >= 0, value <= bytes.count - position else { throw corrupt("count") }
        return value
    }
    mutating func string() throws -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }
    mutating func value() throws -> StoryValue {
        switch try byte() {
        case 0: return .number(Double(bitPattern: try word()))
        case 1: return .string(try string())
        case 2: return .bool(false)
        case 3: return .bool(true)
        default: throw corrupt("value")
        }
    }
    mutating func dictionary<V>(_ read: (inout BinaryReader) throws -> V) throws -> [String: V] {
        let total = try count()
        var result: [String: V] = Dictionary(minimumCapacity: total)
        for _ in 0..<total {
            let key = try string()
            result[key] = try read(&self)
        }
        return result
    }
    mutating func line() throws -> StoryLine {
        let id = try string()
        let text = try string()
        let name = try byte() == 1 ? try string() : nil
        let tags = try (0..<count()).map { _ in try string() }
        let attributes = try (0..<count()).map { _ in
            MarkupAttribute(
                name: try string(), position: try int(), length: try int(),
                properties: try dictionary { try $0.string() })
        }
        return StoryLine(id: id, text: text, characterName: name, tags: tags, attributes: attributes)
    }
}
