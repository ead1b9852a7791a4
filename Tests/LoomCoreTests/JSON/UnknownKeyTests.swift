import Foundation
import LoomCore
import Testing

@Suite struct UnknownKeyTests {
    struct Brush: Codable, Equatable {
        var radius: Int
        var weight: Double?
        var layers: [String: Int]?
    }

    struct Canvas: Decodable {
        var brush: Brush
        var size: [Int]
    }

    /// Reads `kind`, then only the keys that kind uses: its keys are `CaseIterable` so every
    /// case counts as known.
    struct Shape: Decodable {
        enum CodingKeys: String, CodingKey, CaseIterable { case kind, radius, width, height }
        var area: Double

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if try container.decode(String.self, forKey: .kind) == "circle" {
                let radius = try container.decode(Double.self, forKey: .radius)
                area = 3 * radius * radius
            } else {
                area =
                    try container.decode(Double.self, forKey: .width) * container.decode(Double.self, forKey: .height)
            }
        }
    }

    /// Reads through a nested container, so unknown keys inside it are checked too.
    struct Wrapped: Decodable {
        var value: Int
        enum Outer: String, CodingKey { case wrap }
        enum Inner: String, CodingKey { case value }

        init(from decoder: Decoder) throws {
            let outer = try decoder.container(keyedBy: Outer.self)
            value = try outer.nestedContainer(keyedBy: Inner.self, forKey: .wrap).decode(Int.self, forKey: .value)
        }
    }

    let strict = LocatedJSONDecoder(rejectsUnknownKeys: true)

    func error<T: Decodable>(_ type: T.Type, _ text: String) -> String {
        do {
            _ = try strict.decode(type, from: text, file: "k.json")
            return "decoded"
        } catch {
            return "\(error)"
        }
    }

    @Test func unknownKeysAreLocatedAndListTheKnownOnes() {
        #expect(
            error(Canvas.self, "{\"size\": [1, 2],\n \"brush\": {\"radius\": 2, \"wieght\": 0.5}}")
                == "k.json:2:25: error: unknown key 'wieght' in 'brush'; expected one of: radius, weight, layers "
                + "(did you mean 'weight'?)")
        #expect(
            error(Canvas.self, #"{"size": [], "brush": {"radius": 1}, "colour": "red"}"#)
                == "k.json:1:38: error: unknown key 'colour' in the top-level object; expected one of: brush, size")
        #expect(
            error(Wrapped.self, #"{"wrap": {"value": 1, "valeu": 2}}"#).hasPrefix(
                "k.json:1:23: error: unknown key 'valeu' in 'wrap'"))
    }

    @Test func knownKeysDictionariesAndCaseIterableKeysPass() throws {
        let canvas = try strict.decode(
            Canvas.self, from: #"{"size": [3], "brush": {"radius": 2, "layers": {"any": 1, "name": 2}}}"#)
        #expect(canvas.brush == Brush(radius: 2, weight: nil, layers: ["any": 1, "name": 2]))
        #expect(try strict.decode(Shape.self, from: #"{"kind": "circle", "radius": 1, "width": 9}"#).area == 3)
        #expect(
            error(Shape.self, #"{"kind": "circle", "radius": 1, "depth": 9}"#)
                == "k.json:1:33: error: unknown key 'depth' in the top-level object; "
                + "expected one of: kind, radius, width, height")
        // Without the option, unknown keys are ignored as JSONDecoder ignores them.
        #expect(try LocatedJSONDecoder().decode(Brush.self, from: #"{"radius": 1, "extra": true}"#).radius == 1)
    }

    struct Marked: Decodable {
        var name: String
        var location: LoomCore.SourceLocation?

        init(from decoder: Decoder) throws {
            name = try decoder.singleValueContainer().decode(String.self)
            location = decoder.sourceLocation
        }
    }

    @Test func typesCanKeepTheirSourceLocation() throws {
        let marked = try LocatedJSONDecoder().decode([Marked].self, from: "[\"a\",\n  \"b\"]", file: "m.json")
        #expect(marked.map(\.location?.description) == ["m.json:1:2", "m.json:2:3"])
        let plain = try JSONDecoder().decode([Marked].self, from: Data(#"["a"]"#.utf8))
        #expect(plain[0].location == nil)
    }
}
