import Foundation
import LoomCore
import Testing

@Suite struct LocatedJSONDecoderTests {
    enum Shape: String, Codable, Equatable { case square, hex }

    struct Tile: Codable, Equatable {
        var name: String
        var weight: Double
        var id: UInt16
        var tags: [String]?
        var shade: Float
    }

    struct Everything: Codable, Equatable {
        var tiles: [Tile]
        var shape: Shape
        var counts: [String: Int]
        var byIndex: [Int: String]
        var grid: [[Int8]]
        var big: UInt64
        var small: Int64
        var whole: Int
        var optional: Bool?
        var missingOptional: String?
        var blob: Data
        var link: URL
        var when: Date
        var nested: [String: [Tile]]
        var unicode: String
    }

    static let everything = """
        {
          "tiles": [
            {"name": "grass", "weight": 1.5, "id": 0, "shade": 0.25},
            {"name": "rock", "weight": 1e-3, "id": 65535, "tags": ["hard", "grey"], "shade": 3.4028234e38}
          ],
          "shape": "hex",
          "counts": {"a": 1, "b": -2, "c": 9007199254740993},
          "byIndex": {"3": "three", "-1": "minus one"},
          "grid": [[1, -128], [127, 0], []],
          "big": 18446744073709551615, "small": -9223372036854775808, "whole": 2.0,
          "optional": null,
          "blob": "AAEC/w==",
          "link": "https://example.com/isles?x=1",
          "when": 700000000.5,
          "nested": {"x": [{"name": "sand", "weight": 0.1, "id": 7, "tags": [], "shade": -0}]},
          "unicode": "\\u00c9t\\u00e9 \\uD83C\\uDF0A \\"q\\" \\\\ \\/"
        }
        """

    @Test func decodesWhatJSONDecoderDecodes() throws {
        let data = Data(Self.everything.utf8)
        let expected = try JSONDecoder().decode(Everything.self, from: data)
        let decoded = try LocatedJSONDecoder().decode(Everything.self, from: data, file: "e.json")
        #expect(decoded == expected)
        #expect(decoded.big == .max && decoded.counts["c"] == 9_007_199_254_740_993)
        #expect(decoded.blob == Data([0, 1, 2, 255]))
        // Round trip through JSONEncoder as well.
        let encoded = try JSONEncoder().encode(expected)
        #expect(try LocatedJSONDecoder().decode(Everything.self, from: encoded) == expected)
    }

    struct Base: Codable, Equatable {
        var seed: Int
    }

    final class Parent: Codable {
        var name: String
        init(name: String) { self.name = name }
    }

    final class Child: Codable {
        var parent: Parent
        var depth: Int
        private enum CodingKeys: String, CodingKey { case depth }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            depth = try container.decode(Int.self, forKey: .depth)
            parent = try Parent(from: try container.superDecoder())
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(depth, forKey: .depth)
            try parent.encode(to: container.superEncoder())
        }
    }

    struct Manual: Decodable, Equatable {
        var values: [Double]
        var inner: Base
        var flags: [Bool]

        private enum CodingKeys: String, CodingKey { case box }
        private enum BoxKeys: String, CodingKey { case values, inner }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let box = try container.nestedContainer(keyedBy: BoxKeys.self, forKey: .box)
            var list = try box.nestedUnkeyedContainer(forKey: .values)
            values = []
            var flags: [Bool] = []
            while !list.isAtEnd {
                if try list.decodeNil() {
                    flags.append(false)
                    continue
                }
                values.append(try list.decode(Double.self))
                flags.append(true)
            }
            self.flags = flags
            inner = try Base(from: try box.superDecoder(forKey: .inner))
        }
    }

    @Test func nestedContainersSuperDecodersAndNilsMatchJSONDecoder() throws {
        let child = #"{"depth": 3, "super": {"name": "root"}}"#
        let ours = try LocatedJSONDecoder().decode(Child.self, from: child)
        let theirs = try JSONDecoder().decode(Child.self, from: Data(child.utf8))
        #expect(ours.depth == theirs.depth && ours.parent.name == theirs.parent.name)
        let manual = #"{"box": {"values": [1, null, 2.5, null], "inner": {"seed": 9}}}"#
        #expect(
            try LocatedJSONDecoder().decode(Manual.self, from: manual)
                == JSONDecoder().decode(Manual.self, from: Data(manual.utf8)))
    }

    func error<T: Decodable>(
        _ type: T.Type, _ text: String, decoder: LocatedJSONDecoder = LocatedJSONDecoder()
    ) -> String {
        do {
            _ = try decoder.decode(type, from: text, file: "d.json")
            return "decoded"
        } catch let error as LoomError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func wrongTypesAndMissingKeysAreLocated() {
        let tiles = "{\"tiles\": [\n  {\"name\": \"a\", \"weight\": 1, \"id\": 1, \"shade\": 0},\n"
        #expect(
            error([Tile].self, #"[{"name": "a", "weight": "heavy", "id": 1, "shade": 0}]"#)
                == "d.json:1:26: error: 'weight' must be a number, found a string")
        #expect(
            error([String: [Tile]].self, tiles + "  {\"name\": \"b\", \"id\": 2, \"shade\": 0}\n]}")
                == "d.json:3:3: error: missing key 'weight' in the object that starts here")
        #expect(
            error([String: [Tile]].self, tiles + "  {\"name\": \"b\", \"weight\": 1, \"id\": 70000, \"shade\": 0}]}")
                == "d.json:3:36: error: 'id' must be an integer in 0...65535, found 70000")
        #expect(
            error([String: [Tile]].self, tiles + "  {\"name\": \"b\", \"weight\": 1, \"id\": 1.5, \"shade\": 0}]}")
                == "d.json:3:36: error: 'id' must be an integer in 0...65535, found 1.5")
        #expect(
            error([String: [Tile]].self, tiles + "  {\"name\": null, \"weight\": 1, \"id\": 1, \"shade\": 0}]}")
                == "d.json:3:12: error: 'name' must be a string, found null")
        #expect(
            error([String: [Tile]].self, tiles + "  {\"name\": \"b\", \"weight\": 1, \"id\": 1, \"shade\": 1e300}]}")
                == "d.json:3:48: error: 'shade' must be a number within Float's range, found 1e300")
        #expect(
            error(
                [String: [Tile]].self,
                tiles + "  {\"name\": \"b\", \"weight\": 1, \"id\": 1, \"shade\": 0, \"tags\": [1]}]}")
                == "d.json:3:60: error: 'tags[0]' must be a string, found a number")
        #expect(
            error([String: [Tile]].self, "{\"tiles\": {}}")
                == "d.json:1:11: error: 'tiles' must be an array, found an object")
        #expect(error(Tile.self, "[]") == "d.json:1:1: error: the top-level value must be an object, found an array")
        #expect(
            error([[Int]].self, "[[1], [2, true]]")
                == "d.json:1:11: error: the value at [1][1] must be an integer, found a boolean")
        #expect(error(Shape.self, "\"round\"").hasPrefix("d.json:1:1: error: "))
        #expect(error(Data.self, "\"not base64!\"") == "d.json:1:1: error: the top-level value must be base64 text")
    }

    struct Pair: Decodable {
        var first: Int
        var second: Int
        init(from decoder: Decoder) throws {
            var list = try decoder.unkeyedContainer()
            first = try list.decode(Int.self)
            second = try list.decode(Int.self)
        }
    }

    struct Checked: Decodable {
        var level: Int
        private enum CodingKeys: String, CodingKey { case level, mode }
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            level = try container.decode(Int.self, forKey: .level)
            guard level >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .level, in: container, debugDescription: "level must not be negative")
            }
            if try container.decodeIfPresent(String.self, forKey: .mode) == "strict" {
                throw LoomError(.invalidArgument, "strict mode is not available")
            }
        }
    }

    @Test func typesOwnErrorsKeepTheirMessageAndGetALocation() {
        #expect(
            error([Pair].self, "[[1, 2], [3]]") == "d.json:1:10: error: the value at [1] has 1 element; expected more")
        #expect(
            error([String: Checked].self, "{\"a\": {\"level\": 1},\n \"b\": {\"level\": -4}}")
                == "d.json:2:17: error: level must not be negative")
        #expect(
            error([Checked].self, "[{\"level\": 1}, {\"level\": 2, \"mode\": \"strict\"}]")
                == "d.json:1:16: error: strict mode is not available")
    }
}
