import LoomCore
import Testing

@testable import LoomText

@Suite struct GrammarTests {
    /// Expands `rule` in a grammar whose other symbols have one rule each, so the result is fixed.
    func flat(_ rule: String, _ symbols: [String: String] = [:]) throws -> String {
        let body = symbols.keys.sorted().map { "\"\($0)\": [\"\(symbols[$0]!)\"]" }.joined(separator: ", ")
        let grammar = try Grammar(json: "{\"origin\": [\"\(rule)\"]\(body.isEmpty ? "" : ", " + body)}")
        return try grammar.expand(seed: Seed(1))
    }

    @Test(arguments: [
        ("owl", "an owl"), ("cat", "a cat"), ("unicorn", "a unicorn"), ("umbrella", "an umbrella"),
        ("Elf", "an Elf"), ("hour", "a hour"), ("", ""),
    ])
    func articleModifier(word: String, expected: String) throws {
        #expect(try flat("#w.a#", ["w": word]) == expected)
    }

    @Test(arguments: [
        ("cat", "cats"), ("bus", "buses"), ("fox", "foxes"), ("wish", "wishes"), ("berry", "berries"),
        ("day", "days"), ("old boy", "old boys"),
    ])
    func pluralModifier(word: String, expected: String) throws {
        #expect(try flat("#w.s#", ["w": word]) == expected)
    }

    @Test(arguments: [
        ("walk", "walked"), ("bake", "baked"), ("cry", "cried"), ("play", "played"), ("walk home", "walked home"),
        ("fix", "fixed"),
    ])
    func pastTenseModifier(word: String, expected: String) throws {
        #expect(try flat("#w.ed#", ["w": word]) == expected)
    }

    @Test func capitalizeFirstSReplaceAndChains() throws {
        #expect(try flat("#w.capitalize#", ["w": "river road"]) == "River road")
        #expect(try flat("#w.capitalizeAll#", ["w": "salt-marsh road 9b"]) == "Salt-Marsh Road 9b")
        #expect(try flat("#w.firstS#", ["w": "cup of tea"]) == "cups of tea")
        #expect(try flat("#w.firstS#", ["w": "fox"]) == "foxes")
        #expect(try flat("#w.replace(o,0)#", ["w": "moon pool"]) == "m00n p00l")
        #expect(try flat("#w.s.a.capitalize#", ["w": "eel"]) == "An eels")
        #expect(try flat("#w.replace(e,a).capitalizeAll#", ["w": "red fen"]) == "Rad Fan")
    }

    @Test func actionsPushAndPopRules() throws {
        let json = ###"""
            {
              "origin": ["[hero:#name#]#hero# met #hero#. [hero:Bo]#hero# left; [hero:POP]#hero# stayed."],
              "name": ["Ana"]
            }
            """###
        let grammar = try Grammar(json: json)
        #expect(try grammar.expand(seed: Seed(5)) == "Ana met Ana. Bo left; Ana stayed.")
    }

    @Test func tagActionsAreUndoneAfterTheTag() throws {
        let json = ###"""
            {
              "origin": ["[x:outer]#[x:inner]story# then #x#"],
              "story": ["#x#"]
            }
            """###
        #expect(try Grammar(json: json).expand(seed: Seed(1)) == "inner then outer")
    }

    @Test func actionsWithSeveralRulesNestedTagsAndEscapes() throws {
        let json = ###"""
            {
              "origin": ["[pet:#kind.s#,stoat\\,s]#pet# \\#1 \\[ok\\]"],
              "kind": ["newt"]
            }
            """###
        let grammar = try Grammar(json: json)
        var seen = Set<String>()
        for seed in 0..<40 { seen.insert(try grammar.expand(seed: Seed(UInt64(seed)))) }
        #expect(seen == ["newts #1 [ok]", "stoat,s #1 [ok]"])
    }

    @Test func nestedActionsRunWhenTheirRuleIsPushed() throws {
        let json = ###"{"origin": ["[story:[hero:Ana]#hero# rests]#story#; #hero# wakes"], "hero": ["Bo"]}"###
        #expect(try Grammar(json: json).expand(seed: Seed(1)) == "Ana rests; Ana wakes")
    }

    @Test func singleStringRulesAndFlatten() throws {
        let grammar = try Grammar(json: ###"{"name": "Wren", "place": ["the mill"]}"###)
        #expect(try grammar.flatten("#name.capitalize# goes to #place#.", seed: Seed(3)) == "Wren goes to the mill.")
        #expect(grammar.symbols == ["name", "place"])
        #expect(grammar.defines("name") && !grammar.defines("origin"))
    }

    @Test func expansionIsSeededAndCoversEveryRule() throws {
        let grammar = try Grammar(json: ###"{"origin": ["#a##a##a#"], "a": ["x", "y", "z"]}"###)
        let first = try (0..<50).map { try grammar.expand(seed: Seed(UInt64($0))) }
        let second = try (0..<50).map { try grammar.expand(seed: Seed(UInt64($0))) }
        #expect(first == second)
        #expect(Set(first.joined()) == ["x", "y", "z"])
        #expect(Set(first).count > 10)
    }

    @Test func goldenExpansion() throws {
        let grammar = try Grammar(json: Self.tale)
        let text = try (0..<4).map { try grammar.expand(seed: Seed(UInt64($0))) }.joined(separator: "\n")
        #expect(text == Self.goldenTale)
    }

    static let tale = ###"""
        {
          "origin": ["[hero:#name#][pet:#animal#]#hero# and #pet.a# #went# to #place#. #hero.capitalize# #found# #thing.a#."],
          "name": ["Ivo", "Mira", "Tam", "Odile"],
          "animal": ["owl", "hare", "eel", "badger"],
          "went": ["walked", "rowed", "wandered"],
          "place": ["the salt marsh", "the old mill", "a drowned orchard"],
          "found": ["found", "lost", "buried"],
          "thing": ["iron key", "apple", "map of #place.replace(the ,)#"]
        }
        """###

    static let goldenTale = """
        Tam and an eel wandered to a drowned orchard. Tam lost a map of a drowned orchard.
        Tam and an eel wandered to the salt marsh. Tam lost a map of old mill.
        Ivo and an eel wandered to the salt marsh. Ivo found an apple.
        Tam and an eel rowed to the old mill. Tam buried a map of salt marsh.
        """
}
