import Foundation
import LoomCore
import Testing

@Suite struct LocatedJSONTests {
    func at(_ line: Int, _ column: Int, _ file: String = "t.json") -> LoomCore.SourceLocation {
        LoomCore.SourceLocation(file: file, line: line, column: column)
    }

    @Test func valuesKeysAndLocationsInFileOrder() throws {
        let text = """
            {
              "name": "isles",
            \t"size": [64, 32],
              "open": true, "lost": false,
              "note": null,
              "scale": -0.5e1
            }
            """
        let json = try LocatedJSON.parse(text, file: "t.json")
        #expect(json.location == at(1, 1))
        let members = try #require(json.members)
        #expect(members.map(\.key) == ["name", "size", "open", "lost", "note", "scale"])
        #expect(members.map(\.keyLocation) == [at(2, 3), at(3, 2), at(4, 3), at(4, 17), at(5, 3), at(6, 3)])
        #expect(json["name"]?.string == "isles")
        #expect(json["name"]?.location == at(2, 11))
        let size = try #require(json["size"]?.elements)
        #expect(size.map(\.location) == [at(3, 11), at(3, 15)])
        #expect(size.compactMap { $0.number?.exactly(Int.self) } == [64, 32])
        #expect(json["open"]?.bool == true && json["lost"]?.bool == false)
        #expect(json["note"]?.isNull == true)
        #expect(json["scale"]?.number?.double == -5)
        #expect(json["scale"]?.number?.description == "-0.5e1")
        #expect(json["missing"] == nil)
        #expect(json["size"]?.typeDescription == "an array")
    }

    @Test func columnsCountUnicodeScalarsAndTabsAsOne() throws {
        // "é" is 2 bytes, "😀" 4 bytes, "e\u{301}" one grapheme of two scalars: columns count scalars.
        let text = "{\"é😀\": \"e\u{301}\",\t\"k\": 1}"
        let json = try LocatedJSON.parse(text, file: "t.json")
        let members = try #require(json.members)
        #expect(members[0].value.location == at(1, 8))
        #expect(members[1].keyLocation == at(1, 14))
        #expect(members[1].value.location == at(1, 19))
        #expect(members[0].key == "é😀")
        #expect(members[0].value.string == "e\u{301}")
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let text = #"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20AC", "\uD83D\uDE00!", "a\u0000b"]"#
        let strings = try #require(LocatedJSON.parse(text).elements).compactMap(\.string)
        #expect(strings == ["\"\\/\u{8}\u{C}\n\r\t", "Aé€", "😀!", "a\u{0}b"])
    }

    @Test func integersStayExactTo64Bits() throws {
        let text = "[9007199254740993, 18446744073709551615, -9223372036854775808, -9223372036854775809, -0, 1.0, 2e3]"
        let numbers = try #require(LocatedJSON.parse(text).elements).compactMap(\.number)
        #expect(numbers[0].exactly(Int64.self) == 9_007_199_254_740_993)
        #expect(numbers[0].isIntegerLiteral)
        #expect(numbers[1].exactly(UInt64.self) == .max)
        #expect(numbers[1].exactly(Int64.self) == nil)
        #expect(numbers[2].exactly(Int64.self) == .min)
        #expect(numbers[2].exactly(Int32.self) == nil)
        #expect(numbers[3].exactly(Int64.self) == nil)
        #expect(numbers[3].double == -9_223_372_036_854_775_809.0)
        #expect(numbers[4].double.sign == .minus && numbers[4].exactly(Int.self) == 0)
        #expect(numbers[5].exactly(Int.self) == 1 && !numbers[5].isIntegerLiteral)
        #expect(numbers[6].exactly(UInt16.self) == 2000)
        #expect(numbers.map(\.description) == text.dropFirst().dropLast().split(separator: ", ").map(String.init))
    }

    @Test func doublesMatchTheStandardLibrarysCorrectRounding() throws {
        var literals = [
            "0.1", "0.3", "1e22", "1e23", "9007199254740993.0", "123456789012345678901234567890",
            "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308", "0.000001", "-1.5e-7",
            "3.141592653589793238462643383279", "100000000000000000000.5", "0e999", "1E-400",
        ]
        var random = Xoshiro256StarStar(seed: 7)
        for _ in 0..<2000 {
            let digits = (0..<random.nextInt(in: 1...17)).map { _ in String(random.nextInt(below: 10)) }.joined()
            let point = random.nextInt(in: 0...digits.count)
            var literal = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if literal.hasPrefix(".") { literal = "0" + literal }
            if literal.hasSuffix(".") { literal += "0" }
            while literal.hasPrefix("0") && literal.count > 1 && !literal.hasPrefix("0.") { literal.removeFirst() }
            literals.append("\(literal)e\(random.nextInt(in: -30...30))")
        }
        for literal in literals {
            let parsed = try #require(LocatedJSON.parse(literal).number, "\(literal)")
            #expect(parsed.double == Double(literal), "\(literal)")
        }
    }

    @Test func floatsRoundOnceFromTheLiteral() throws {
        // 1 + 2^-24 is halfway between two floats; a hair above it must round up, which rounding
        // through Double (to exactly the halfway point, then to even) would get wrong.
        var literals = ["1.000000059604644775390625", "1.0000000596046447753906251", "0.1", "3.4028235e38", "1e-45"]
        var random = Xoshiro256StarStar(seed: 9)
        for _ in 0..<2000 {
            let digits = (0..<random.nextInt(in: 1...12)).map { _ in String(random.nextInt(below: 10)) }.joined()
            literals.append("0.\(digits)e\(random.nextInt(in: -40...38))")
        }
        for literal in literals {
            let parsed = try #require(LocatedJSON.parse(literal).number, "\(literal)")
            #expect(parsed.float == Float(literal), "\(literal)")
        }
        #expect(try LocatedJSON.parse("16777217").number?.float == 16_777_216)
    }

    @Test func byteOrderMarkIsSkippedAndDataAndBytesParseAlike() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": [1]}"#.utf8)
        let fromBytes = try LocatedJSON.parse(bytes, file: "t.json")
        #expect(fromBytes["a"]?.location == at(1, 7))
        #expect(try LocatedJSON.parse(Data(bytes), file: "t.json") == fromBytes)
    }

    @Test func duplicateKeysNameBothPlaces() throws {
        let error = try #require(throws: LoomError.self) {
            try LocatedJSON.parse("{\"a\": 1,\n \"b\": 2, \"a\": 3}", file: "t.json")
        }
        #expect(
            error.description
                == "t.json:2:10: error: duplicate key 'a' in the object that starts at 1:1; it first appears at 1:2\n"
                + "t.json:1:2: note: 'a' first appears here")
        // Large objects are checked through an index rather than a scan.
        let keys = (0..<40).map { "\"k\($0)\": \($0)" } + ["\"k17\": 0"]
        let large = try #require(throws: LoomError.self) {
            try LocatedJSON.parse("{" + keys.joined(separator: ",") + "}")
        }
        #expect(large.message.hasPrefix("duplicate key 'k17'"))
        #expect(large.related.first?.location?.column == 1 + (0..<17).map { "\"k\($0)\": \($0),".count }.reduce(1, +))
    }

    @Test func longArraysAndTheValuesAfterThemKeepTheirPlaces() throws {
        // A long outermost array is handed over whole by the parser; what follows must not notice.
        let long = String(repeating: "7,", count: 10_000) + "8"
        let text = "{\"data\": [" + long + "],\n \"after\": [[1], 2], \"more\": [3, [4, 5]]}"
        let json = try LocatedJSON.parse(text, file: "t.json")
        let data = try #require(json["data"]?.elements)
        #expect(data.count == 10_001)
        #expect(data.last?.number?.exactly(Int.self) == 8 && data.last?.location == at(1, 20_011))
        #expect(json["after"]?.location == at(2, 11))
        #expect(json["after"]?.elements?.first?.elements?.first?.location == at(2, 13))
        #expect(json["more"]?.elements?.last?.elements?.compactMap { $0.number?.exactly(Int.self) } == [4, 5])
        struct Layers: Decodable {
            var data: [UInt8]
            var after: [PropertyLike]
        }
        enum PropertyLike: Decodable, Equatable {
            case list([Int])
            case number(Int)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Int.self) {
                    self = .number(number)
                } else {
                    self = .list(try container.decode([Int].self))
                }
            }
        }
        let decoded = try LocatedJSONDecoder().decode(Layers.self, from: text)
        #expect(decoded.data.count == 10_001 && decoded.data.reduce(0) { $0 + Int($1) } == 70_008)
        #expect(decoded.after == [.list([1]), .number(2)])
    }

    @Test func nestingIsLimited() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try LocatedJSON.parse(deep) }
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try #require(throws: LoomError.self) { try LocatedJSON.parse(tooDeep, file: "t.json") }
        #expect(error.description == "t.json:1:513: error: arrays and objects nest deeper than 512 levels")
        #expect(throws: LoomError.self) { try LocatedJSON.parse(String(repeating: "{\"a\":", count: 100_000)) }
    }
}
