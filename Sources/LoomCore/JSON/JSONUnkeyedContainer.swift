/// The unkeyed container over a located JSON array.
///
/// Decoding `[UInt16]` or `[Float]` calls the scalar methods here once per element: no decoder
/// and no coding path is made per element unless one fails.
struct JSONUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONNodeDecoder
    let elements: [LocatedJSON]
    private(set) var currentIndex = 0

    init(decoder: JSONNodeDecoder, elements: [LocatedJSON]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }
    private var context: JSONDecodingContext { decoder.context }
    private var elementPath: [any CodingKey] { codingPath + [JSONKey(index: currentIndex)] }

    /// The element at the cursor, or a located `valueNotFound` error past the end.
    private func next(_ type: Any.Type) throws -> LocatedJSON {
        guard currentIndex < elements.count else {
            let message =
                "\(JSONDecodingContext.subject(codingPath)) has \(elements.count) "
                + "element\(elements.count == 1 ? "" : "s"); expected more"
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: elementPath, debugDescription: message,
                    underlyingError: LoomError(.semantic, message, at: decoder.node.location)))
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard try next(Never?.self).isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let value = try context.bool(at: try next(type), path: elementPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let value = try context.string(at: try next(type), path: elementPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let value = try context.double(at: try next(type), path: elementPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        let value = try context.float(at: try next(type), path: elementPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value = try context.integer(type, at: try next(type), path: elementPath)
        currentIndex += 1
        return value
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try context.decodeValue(type, at: try next(type), path: elementPath)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try decoder.child(at: try next(type), path: elementPath).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try decoder.child(at: try next([Any].self), path: elementPath).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let child = decoder.child(at: try next((any Decoder).self), path: elementPath)
        currentIndex += 1
        return child
    }
}

/// The single-value container over any located JSON value.
struct JSONSingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONNodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var node: LocatedJSON { decoder.node }
    private var context: JSONDecodingContext { decoder.context }

    func decodeNil() -> Bool { node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try context.bool(at: node, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try context.string(at: node, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try context.double(at: node, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try context.float(at: node, path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try context.integer(type, at: node, path: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try context.integer(type, at: node, path: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try context.decodeValue(type, at: node, path: codingPath)
    }
}
