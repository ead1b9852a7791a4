import LoomCore

/// Tracery's English modifiers, applied left to right after a tag's symbol expands
/// (`#animal.s.capitalize#`).
///
/// - `capitalize`: upper-cases the first character.
/// - `capitalizeAll`: upper-cases the first letter or digit after every other character
///   (so `"salt-marsh road"` becomes `"Salt-Marsh Road"`).
/// - `a`: prefixes `"an "` before a vowel (`a e i o u`, any case), else `"a "`; words
///   starting with `u?i` (`"unicorn"`) take `"a "`, as in Tracery.
/// - `s`: plural of the last word: `-s -h -x` add `"es"`; a consonant then `y` becomes `"ies"`;
///   otherwise `"s"`.
/// - `firstS`: `s` applied to the first word only (`"cup of tea"` → `"cups of tea"`).
/// - `ed`: past tense of the first word: `-e` adds `"d"`; a consonant then `y` becomes `"ied"`;
///   otherwise `"ed"` (Tracery's own rule turns `"play"` into `"playd"`; Loom gives `"played"`).
/// - `replace(a,b)`: every occurrence of `a` becomes `b` (literal text, not a pattern).
enum GrammarModifier: Sendable, Hashable {
    case capitalize
    case capitalizeAll
    case article
    case plural
    case firstPlural
    case pastTense
    case replace(String, String)

    init(name: String, arguments: [String], error: (String) -> LoomError) throws {
        let takesArguments = name == "replace"
        if !takesArguments && !arguments.isEmpty {
            throw error("modifier '\(name)' takes no arguments")
        }
        switch name {
        case "capitalize": self = .capitalize
        case "capitalizeAll": self = .capitalizeAll
        case "a": self = .article
        case "s": self = .plural
        case "firstS": self = .firstPlural
        case "ed": self = .pastTense
        case "replace":
            guard arguments.count == 2 else {
                throw error("modifier 'replace' takes two arguments, as in replace(old,new)")
            }
            self = .replace(arguments[0], arguments[1])
        case "":
            throw error("expected a modifier name after '.'")
        default:
            throw error(
                "unknown modifier '\(name)'; expected one of: a, capitalize, capitalizeAll, ed, firstS, replace, s")
        }
    }

    func apply(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        switch self {
        case .capitalize:
            return text.prefix(1).uppercased() + text.dropFirst()
        case .capitalizeAll:
            var result = ""
            var capitalizeNext = true
            for character in text {
                if character.isLetter || character.isNumber {
                    result += capitalizeNext ? character.uppercased() : String(character)
                    capitalizeNext = false
                } else {
                    result.append(character)
                    capitalizeNext = true
                }
            }
            return result
        case .article:
            let letters = Array(text.lowercased())
            if letters[0] == "u", letters.count > 2, letters[2] == "i" { return "a " + text }
            return (Self.isVowel(letters[0]) ? "an " : "a ") + text
        case .plural:
            return Self.plural(text)
        case .firstPlural:
            return Self.onFirstWord(text, Self.plural)
        case .pastTense:
            return Self.onFirstWord(text, Self.pastTense)
        case .replace(let old, let new):
            guard !old.isEmpty else { return text }
            return text.replacing(old, with: new)
        }
    }

    static func isVowel(_ character: Character) -> Bool {
        switch character {
        case "a", "e", "i", "o", "u", "A", "E", "I", "O", "U": true
        default: false
        }
    }

    static func onFirstWord(_ text: String, _ transform: (String) -> String) -> String {
        guard let space = text.firstIndex(of: " ") else { return transform(text) }
        return transform(String(text[..<space])) + text[space...]
    }

    static func plural(_ word: String) -> String {
        guard let last = word.last else { return word }
        switch last {
        case "s", "h", "x": return word + "es"
        case "y":
            let before = word.dropLast().last
            if let before, !isVowel(before) { return word.dropLast() + "ies" }
            return word + "s"
        default: return word + "s"
        }
    }

    static func pastTense(_ word: String) -> String {
        guard let last = word.last else { return word }
        switch last {
        case "e": return word + "d"
        case "y":
            let before = word.dropLast().last
            if let before, !isVowel(before) { return word.dropLast() + "ied" }
            return word + "ed"
        default: return word + "ed"
        }
    }
}
