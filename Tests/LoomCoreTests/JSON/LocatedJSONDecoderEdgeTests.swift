import Foundation
import LoomCore
import Testing

@Suite struct LocatedJSONDecoderEdgeTests {
    struct Priced: Codable, Equatable {
        var price: Decimal
        var note: String?
    }

    struct Tagged: Decodable {
        var tag: String
        init(from decoder: Decoder) throws {
            tag = decoder.userInfo[CodingUserInfoKey(rawValue: "tag")!] as? String ?? "none"
        }
    }

    @Test func decimalsUserInfoAndNilsBehaveAsWithJSONDecoder() throws {
        let priced = Data(#"[{"price": 12.345}, {"price": 7, "note": null}, {"price": -0.1e2}]"#.utf8)
        #expect(
            try LocatedJSONDecoder().decode([Priced].self, from: priced)
                == JSONDecoder().decode([Priced].self, from: priced))
        let key = try #require(CodingUserInfoKey(rawValue: "tag"))
        let tagged = try LocatedJSONDecoder(userInfo: [key: "isles"]).decode(Tagged.self, from: "{}")
        #expect(tagged.tag == "isles")
    }

    struct NilProbe: Decodable {
        var missing: Bool
        private enum CodingKeys: String, CodingKey { case value, absent }
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            #expect(try container.decodeNil(forKey: .value))
            do {
                _ = try container.decodeNil(forKey: .absent)
                missing = false
            } catch DecodingError.keyNotFound(let key, _) {
                missing = key.stringValue == "absent"
            }
        }
    }

    @Test func containersThrowOrdinaryDecodingErrorsInsideInitFromDecoder() throws {
        let text = #"{"value": null}"#
        #expect(try LocatedJSONDecoder().decode(NilProbe.self, from: text).missing)
        #expect(try JSONDecoder().decode(NilProbe.self, from: Data(text.utf8)).missing)
    }

    @Test func filesAreReadWithTheirPathInErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-json-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("p.json").path
        try AtomicFile.write("{\"price\": \"cheap\"}", to: path)
        let error = try #require(throws: LoomError.self) {
            try LocatedJSONDecoder().decode(Priced.self, fromFile: path)
        }
        #expect(error.description == "\(path):1:11: error: 'price' must be a number, found a string")
        #expect(try LocatedJSON.load(from: path)["price"]?.string == "cheap")
        let missing = try #require(throws: LoomError.self) { try LocatedJSON.load(from: path + ".none") }
        #expect(missing.message.contains(path + ".none"))
        #expect(
            JSONNumber(Double.nan) == nil && JSONNumber(2.5)?.double == 2.5 && JSONNumber(-3).exactly(Int8.self) == -3)
    }
}
