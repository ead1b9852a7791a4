import Foundation
import LoomCore
import Testing

@Suite struct LocatedJSONErrorTests {
    static func message(_ text: String) -> String {
        message(Array(text.utf8))
    }

    static func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try LocatedJSON.parse(bytes, file: "t.json")
            return "parsed"
        } catch let error as LoomError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    static let cases: [(String, String)] = [
        ("", "t.json:1:1: error: expected a JSON value, found the end of the file"),
        ("  \n ", "t.json:2:2: error: expected a JSON value, found the end of the file"),
        (
            "{\"a\": True}",
            "t.json:1:7: error: expected a JSON value (an object, array, string, number, true, false or null), "
                + "found 'True'"
        ),
        (
            "[1, ?]",
            "t.json:1:5: error: expected a JSON value (an object, array, string, number, true, false or null), "
                + "found '?'"
        ),
        ("[1 2]", "t.json:1:4: error: expected ',' or ']' in the array that starts at 1:1, found '2'"),
        ("[1,]", "t.json:1:4: error: expected a value after ',' in the array that starts at 1:1, found ']'"),
        ("[1", "t.json:1:3: error: expected ',' or ']' in the array that starts at 1:1, found the end of the file"),
        (
            "{\"a\": 1,}",
            "t.json:1:9: error: expected a quoted key after ',' in the object that starts at 1:1, found '}'"
        ),
        ("{a: 1}", "t.json:1:2: error: expected a quoted key or '}' in the object that starts at 1:1, found 'a'"),
        ("{\"a\" 1}", "t.json:1:6: error: expected ':' after the key 'a', found '1'"),
        (
            "{\n  \"a\": 1\n  \"b\": 2\n}",
            "t.json:3:3: error: expected ',' or '}' in the object that starts at 1:1, found '\"'"
        ),
        ("{} x", "t.json:1:4: error: expected the end of the file after the JSON value, found 'x'"),
        ("[\"abc", "t.json:1:2: error: expected '\"' to close this string, found the end of the file"),
        (
            "[\"ab\ncd\"]",
            "t.json:1:5: error: expected '\"' to close the string that starts at 1:2, found a line break "
                + "(write \\n for a line break inside a string)"
        ),
        ("[\"a\tb\"]", "t.json:1:4: error: found a tab inside a string; write it as \\t"),
        (
            #"["a\qb"]"#,
            #"t.json:1:4: error: expected an escape (\" \\ \/ \b \f \n \r \t or \uXXXX) after '\', found 'q'"#
        ),
        (#"["\u12G4"]"#, "t.json:1:7: error: expected four hexadecimal digits after \\u, found 'G'"),
        (
            #"["\uD83D"]"#,
            #"t.json:1:3: error: unpaired high surrogate \uD83D; expected a low surrogate (\uDC00 to \uDFFF) right after it"#
        ),
        (
            #"["\uD83D\u0041"]"#,
            #"t.json:1:3: error: unpaired high surrogate \uD83D; expected a low surrogate (\uDC00 to \uDFFF) right after it, found \u0041"#
        ),
        (
            #"["x\uDE00"]"#,
            #"t.json:1:4: error: unpaired low surrogate \uDE00; expected it after a high surrogate (\uD800 to \uDBFF)"#
        ),
        ("[01]", "t.json:1:2: error: numbers must not start with '0' followed by more digits (JSON has no octal)"),
        ("[-]", "t.json:1:3: error: expected a digit after '-', found ']'"),
        ("[1.]", "t.json:1:4: error: expected a digit after the decimal point, found ']'"),
        (
            "[.5]",
            "t.json:1:2: error: expected a JSON value (an object, array, string, number, true, false or null), found '.'"
        ),
        ("[1e+]", "t.json:1:5: error: expected a digit in the exponent, found ']'"),
        ("[1e400]", "t.json:1:2: error: the number 1e400 is too large for a 64-bit floating-point value"),
        (
            "[+1]",
            "t.json:1:2: error: expected a JSON value (an object, array, string, number, true, false or null), found '+'"
        ),
        (
            "[NaN]",
            "t.json:1:2: error: expected a JSON value (an object, array, string, number, true, false or null), found 'NaN'"
        ),
        (
            "// note\n{}",
            "t.json:1:1: error: expected a JSON value (an object, array, string, number, true, false or null), found '/'"
        ),
        (
            "{\"é\": é}",
            "t.json:1:7: error: expected a JSON value (an object, array, string, number, true, false or null), found 'é'"
        ),
    ]

    @Test(arguments: cases)
    func malformedJSONIsLocated(text: String, expected: String) {
        #expect(Self.message(text) == expected)
    }

    @Test func invalidUTF8IsLocated() {
        // 0xFF never appears in UTF-8; C0 80 is an overlong NUL; ED A0 80 encodes a surrogate.
        #expect(
            Self.message([0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D])
                == "t.json:1:4: error: invalid UTF-8: the byte 0xFF does not begin a valid sequence")
        #expect(Self.message([0x22, 0xC0, 0x80, 0x22]).hasPrefix("t.json:1:2: error: invalid UTF-8: the byte 0xC0"))
        #expect(Self.message([0x22, 0xED, 0xA0, 0x80, 0x22]).hasPrefix("t.json:1:2: error: invalid UTF-8"))
        #expect(Self.message([0x22, 0xC3, 0xA9, 0xE2, 0x82, 0x22]).hasPrefix("t.json:1:3: error: invalid UTF-8"))
        #expect(
            Self.message([0x5B, 0xFE, 0x5D]).hasSuffix("found the byte 0xFE, which is not valid UTF-8"))
    }

    static let sample = """
        {
          "name": "Île \\"north\\" \\u00e9\\uD83D\\uDE00",
          "tiles": [ {"id": 0, "weight": 1.5e-3, "tags": ["a", "b"]}, {"id": -12, "on": true, "off": false} ],
          "nothing": null, "big": 18446744073709551615, "emoji": "🗺️"
        }
        """

    /// Every truncation of a sample, at every byte, fails with a located error and never crashes.
    @Test func everyTruncationFailsWithALocation() throws {
        let bytes = Array(Self.sample.utf8)
        _ = try LocatedJSON.parse(bytes)
        for length in 0..<bytes.count {
            do {
                _ = try LocatedJSON.parse(Array(bytes[..<length]), file: "cut.json")
                Issue.record("a prefix of \(length) bytes parsed")
            } catch let error as LoomError {
                let location = try #require(error.location)
                #expect(location.file == "cut.json" && location.line >= 1 && location.column >= 1)
                #expect(error.kind == .syntax)
            }
        }
    }

    /// Replacing any byte with a troublesome one either still parses or fails with a location.
    @Test func everyCorruptionParsesOrFailsWithALocation() throws {
        let bytes = Array(Self.sample.utf8)
        var failures = 0
        for offset in bytes.indices {
            for replacement: UInt8 in [0x22, 0x5C, 0x7B, 0x5D, 0x2C, 0x30, 0x0A, 0x80, 0xFF, 0x00] {
                var corrupt = bytes
                corrupt[offset] = replacement
                do {
                    _ = try LocatedJSON.parse(corrupt)
                } catch let error as LoomError {
                    failures += 1
                    #expect((error.location?.line ?? 0) >= 1 && (error.location?.column ?? 0) >= 1)
                }
            }
        }
        #expect(failures > bytes.count)
    }
}
