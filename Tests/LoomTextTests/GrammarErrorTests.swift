import LoomCore
import Testing

@testable import LoomText

@Suite struct GrammarErrorTests {
    func error(_ json: String) -> String {
        do {
            _ = try Grammar(json: json, file: "grammar.json")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func unknownSymbolIsLocated() {
        let json = """
            {
              "origin": ["The tale of #place#"],
              "place": ["the fen", "a hill where #hero# sleeps"]
            }
            """
        #expect(error(json) == "grammar.json:3:39: error: unknown symbol 'hero' in rule 'place'")
    }

    @Test func columnsCountEscapesInTheSource() {
        let json = ###"{"origin": ["\"q\" #who#"]}"###
        #expect(error(json) == "grammar.json:1:21: error: unknown symbol 'who' in rule 'origin'")
    }

    @Test func symbolsSetOnlyByActionsAreKnown() throws {
        let grammar = try Grammar(json: ###"{"origin": ["[h:Ada]#h#"], "late": ["#h#"]}"###)
        #expect(try grammar.expand(seed: Seed(1)) == "Ada")
        #expect(throws: LoomError.self) { try grammar.expand("late", seed: Seed(1)) }
        do {
            _ = try grammar.expand("late", seed: Seed(1))
        } catch {
            #expect("\(error)".contains("symbol 'h' has no rule here"))
        }
    }

    @Test(arguments: [
        (
            ###"{"origin": ["a #b c"]}"###,
            "grammar.json:1:16: error: unclosed '#': expected '#' to close the tag in rule 'origin'"
        ),
        (
            ###"{"origin": ["a [b:c"]}"###,
            "grammar.json:1:16: error: unclosed '[': expected ']' to close the action in rule 'origin'"
        ),
        (
            ###"{"origin": ["a ] b"]}"###,
            "grammar.json:1:16: error: unexpected ']' with no '[' to close in rule 'origin'"
        ),
        (
            ###"{"origin": ["##"]}"###,
            "grammar.json:1:14: error: empty tag: expected a symbol name between '#' and '#' in rule 'origin'"
        ),
        (
            ###"{"origin": ["[x]"]}"###,
            "grammar.json:1:14: error: expected 'name:rule' or 'name:POP' in the action in rule 'origin'"
        ),
        (
            ###"{"origin": ["#origin.shout#"]}"###,
            "grammar.json:1:22: error: unknown modifier 'shout'; expected one of: a, capitalize, capitalizeAll, ed, firstS, replace, s in rule 'origin'"
        ),
        (
            ###"{"origin": ["#origin.replace(a)#"]}"###,
            "grammar.json:1:22: error: modifier 'replace' takes two arguments, as in replace(old,new) in rule 'origin'"
        ),
        (###"{"origin": 3}"###, "grammar.json:1:12: error: expected a rule or a list of rules for symbol 'origin'"),
        (
            ###"{"origin": ["a"], "origin": ["b"]}"###,
            "grammar.json:1:19: error: duplicate key 'origin' in the object that starts at 1:1; it first appears at 1:2\n"
                + "grammar.json:1:2: note: 'origin' first appears here"
        ),
        (
            "{\"origin\": [\"a\"\n  \"b\"]}",
            "grammar.json:2:3: error: expected ',' or ']' in the array that starts at 1:12, found '\"'"
        ),
        (
            ###"{"origin": ["a]"###,
            "grammar.json:1:13: error: expected '\"' to close this string, found the end of the file"
        ),
        ("[1]", "grammar.json:1:1: error: expected a JSON object mapping symbol names to rules"),
    ])
    func malformedGrammarsAreLocated(json: String, expected: String) {
        #expect(error(json) == expected)
    }

    @Test func recursionAndExpansionLimits() throws {
        let grammar = try Grammar(json: ###"{"origin": ["x#origin#"]}"###)
        do {
            _ = try grammar.expand(seed: Seed(1), limits: GrammarLimits(maxDepth: 10))
            Issue.record("expected a budget error")
        } catch let error as LoomError {
            #expect(error.kind == .budget)
            #expect(
                error.message == "expansion nested deeper than 10 levels at 'origin' (a rule may recurse without end)")
            #expect(error.location?.column == 15)
        }
        let wide = try Grammar(json: ###"{"origin": ["#a##a##a##a#"], "a": ["#b##b##b#"], "b": ["z"]}"###)
        #expect(try wide.expand(seed: Seed(1)) == String(repeating: "z", count: 12))
        #expect(throws: LoomError.self) { try wide.expand(seed: Seed(1), limits: GrammarLimits(maxExpansions: 10)) }
    }

    @Test func unknownStartSymbolListsTheKnownOnes() throws {
        let grammar = try Grammar(json: ###"{"b": ["1"], "a": ["2"]}"###, file: "g.json")
        do {
            _ = try grammar.expand("origin", seed: Seed(0))
        } catch {
            #expect("\(error)" == "error: g.json: no symbol 'origin'; the grammar defines: a, b")
        }
    }
}
