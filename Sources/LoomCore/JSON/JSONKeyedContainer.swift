/// The keyed container over a located JSON object.
struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONNodeDecoder
    let members: [LocatedJSON.Member]
    /// Member positions by key, built only for objects large enough that linear lookups would
    /// make decoding a dictionary quadratic.
    private let positions: [String: Int]?

    init(decoder: JSONNodeDecoder, members: [LocatedJSON.Member]) {
        self.decoder = decoder
        self.members = members
        if members.count > 12 {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(members.count)
            for (offset, member) in members.enumerated() { positions[member.key] = offset }
            self.positions = positions
        } else {
            positions = nil
        }
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var context: JSONDecodingContext { decoder.context }

    var allKeys: [Key] {
        decoder.keyUsage?.recordAllKeys()
        return members.compactMap { Key(stringValue: $0.key) }
    }

    private func lookup(_ key: Key) -> LocatedJSON? {
        decoder.keyUsage?.record(key.stringValue)
        if let positions { return positions[key.stringValue].map { members[$0].value } }
        return members.first { $0.key == key.stringValue }?.value
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    /// The value under `key`, or a located `keyNotFound` error.
    private func value(_ key: Key) throws -> LocatedJSON {
        guard let value = lookup(key) else {
            let message = "missing key '\(key.stringValue)' in the object that starts here"
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: message,
                    underlyingError: LoomError(.semantic, message, at: decoder.node.location)))
        }
        return value
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try context.bool(at: try value(key), path: path(key))
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try context.string(at: try value(key), path: path(key))
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try context.double(at: try value(key), path: path(key))
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try context.float(at: try value(key), path: path(key))
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try context.integer(type, at: try value(key), path: path(key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try context.decodeValue(type, at: try value(key), path: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(at: try value(key), path: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(at: try value(key), path: path(key)).unkeyedContainer()
    }

    /// A decoder for the member `super`, over `null` when there is none (as `JSONDecoder` does).
    func superDecoder() throws -> any Decoder {
        decoder.keyUsage?.record(JSONKey.super.stringValue)
        let node = members.first { $0.key == JSONKey.super.stringValue }?.value
        return decoder.child(
            at: node ?? LocatedJSON(.null, at: decoder.node.location), path: codingPath + [JSONKey.super])
    }

    /// A decoder for the member `key`, over `null` when there is none (as `JSONDecoder` does).
    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(at: lookup(key) ?? LocatedJSON(.null, at: decoder.node.location), path: path(key))
    }
}

extension JSONNodeDecoder {
    /// A decoder for a value inside this one, whose unknown keys this one checks when it is done.
    func child(at node: LocatedJSON, path: [any CodingKey]) -> JSONNodeDecoder {
        let child = JSONNodeDecoder(node: node, codingPath: path, context: context)
        if context.rejectsUnknownKeys { children.append(child) }
        return child
    }
}
