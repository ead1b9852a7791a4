import Foundation
import LoomNoise

/// Any JSON value, for merging a partial object onto a default one.
enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers stay integers so integer fields (octaves, seeds) decode.
            if value == value.rounded(), abs(value) < 9e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes `key` as the fields it names laid over `base`, so a partial object keeps the
    /// base's values — not the type's own defaults — for every field it leaves out.
    func decodeOverlay(_ key: Key, onto base: NoiseGenerator) throws -> NoiseGenerator? {
        guard contains(key) else { return nil }
        guard case .object(let changes) = try decode(JSONValue.self, forKey: key) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "expected an object of noise settings")
        }
        // A seed above Int64's range would not survive the Double in JSONValue: merge it apart.
        guard case .object(var merged) = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(base))
        else { return base }
        merged.removeValue(forKey: "seed")
        for (name, value) in changes { merged[name] = value }
        do {
            var result = try JSONDecoder().decode(
                NoiseGenerator.self, from: JSONEncoder().encode(JSONValue.object(merged)))
            if changes["seed"] == nil { result.seed = base.seed }
            return result
        } catch let error as DecodingError {
            var message = "\(error)"
            if case .dataCorrupted(let context) = error { message = context.debugDescription }
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
        }
    }
}
