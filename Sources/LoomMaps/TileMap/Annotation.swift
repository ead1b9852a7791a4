import LoomCore

/// A named thing on a map that is not a tile: a room, a door, a corridor, a region, a place.
///
/// Generators record what they built as annotations, so games and stories can refer to
/// "the room with the stairs" without re-analysing tiles. Tiled export turns them into objects.
///
/// ```swift
/// let hall = Annotation(kind: .room, name: "room 3", rect: Rect(x: 4, y: 2, width: 8, height: 5))
/// ```
public struct Annotation: Hashable, Sendable, Codable {
    /// What an annotation marks. A struct so games can add their own kinds.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The kind's name, as written to JSON and Tiled (`room`, `door`).
        public var rawValue: String
        /// The kind called `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The kind called `rawValue`.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public init(from decoder: Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var description: String { rawValue }

        /// A room (a rectangle of floor).
        public static let room = Kind("room")
        /// A door (one point).
        public static let door = Kind("door")
        /// A corridor (its cells, in order).
        public static let corridor = Kind("corridor")
        /// An area such as a cave chamber or a biome patch.
        public static let region = Kind("region")
        /// A point of interest: a spawn point, stairs, a village.
        public static let place = Kind("place")
        /// A river's course, from source to mouth.
        public static let river = Kind("river")
    }

    /// What the annotation marks.
    public var kind: Kind
    /// A name, unique among the map's annotations when a generator made it (`room 3`).
    public var name: String
    /// The rectangle it covers, when it is rectangular.
    public var rect: Rect?
    /// Its cells or outline, when it is not a rectangle (a door's one point, a corridor's path).
    public var points: [Point]
    /// Further key/values (`"width": 1`, `"connects": "room 1, room 2"`).
    public var properties: [String: PropertyValue]

    /// An annotation; give a `rect` for rectangular things and `points` for the rest.
    public init(
        kind: Kind, name: String, rect: Rect? = nil, points: [Point] = [], properties: [String: PropertyValue] = [:]
    ) {
        self.kind = kind
        self.name = name
        self.rect = rect
        self.points = points
        self.properties = properties
    }

    private enum CodingKeys: String, CodingKey { case kind, name, rect, points, properties }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        name = try container.decode(String.self, forKey: .name)
        rect = try container.decodeIfPresent(Rect.self, forKey: .rect)
        points = try container.decodeIfPresent([Point].self, forKey: .points) ?? []
        properties = try container.decodeIfPresent([String: PropertyValue].self, forKey: .properties) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(rect, forKey: .rect)
        if !points.isEmpty { try container.encode(points, forKey: .points) }
        if !properties.isEmpty { try container.encode(properties, forKey: .properties) }
    }
}
