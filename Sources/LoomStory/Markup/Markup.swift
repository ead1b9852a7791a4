/// A marked-up range of a line's text: `[wave size=2]hello[/wave]`.
public struct MarkupAttribute: Hashable, Sendable, Codable {
    /// The attribute's name (`wave`).
    public var name: String
    /// Offset of the first character it covers, in Unicode scalars of the final text.
    public var position: Int
    /// Number of Unicode scalars it covers (0 for a self-closing attribute).
    public var length: Int
    /// Properties (`size` → `2`); `[wave=2]` stores the value under the attribute's own name.
    public var properties: [String: String]
}

/// A line's final text with its markup attributes and character name.
public struct MarkupResult: Hashable, Sendable, Codable {
    /// The text with markup removed and replacement markers applied.
    public var text: String
    /// The attributes in the order they opened.
    public var attributes: [MarkupAttribute]
    /// The speaker, when the line begins `Name: `.
    public var characterName: String?
    /// The text after the speaker's name.
    public var textWithoutCharacterName: String {
        guard let characterName else { return text }
        var rest = Substring(text).unicodeScalars.dropFirst(characterName.unicodeScalars.count)
        if rest.first == ":" { rest = rest.dropFirst() }
        while rest.first == " " { rest = rest.dropFirst() }
        return String(String.UnicodeScalarView(rest))
    }
}

/// Yarn Spinner's markup language with English plural rules.
///
/// Handles `[name props]…[/name]`, self-closing `[name/]`, close-all `[/]`, `[nomarkup]`,
/// escapes (`\[`, `\]`, `\\`, `\:`) and the replacement markers `[select]`, `[plural]` and
/// `[ordinal]`, whose chosen text has `%` replaced by the value.
public enum Markup {
    /// Parses a line's text (substitutions already made).
    public static func parse(_ text: String) -> MarkupResult {
        // Most lines have no markup and no escapes: only the speaker needs finding.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }) {
            var character: String?
            if let colon = text.firstIndex(of: ":") {
                let name = String(text[..<colon]).trimmingWhitespace()
                if !name.isEmpty { character = name }
            }
            return MarkupResult(text: text, attributes: [], characterName: character)
        }
        let input = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var count = 0
        var attributes: [MarkupAttribute] = []
        var open: [Int] = []
        var colonAt: Int?
        var i = 0
        func append(_ scalar: Unicode.Scalar) {
            output.append(scalar)
            count += 1
        }
        while i < input.count {
            let c = input[i]
            if c == "\\", i + 1 < input.count, ["[", "]", "\\", ":"].contains(input[i + 1]) {
                append(input[i + 1])
                i += 2
                continue
            }
            if c == "[", let tag = Tag.parse(input, at: i) {
                i = tag.end
                if tag.isClosing {
                    if tag.name.isEmpty {
                        for index in open { attributes[index].length = count - attributes[index].position }
                        open.removeAll()
                    } else if let k = open.lastIndex(where: { attributes[$0].name == tag.name }) {
                        attributes[open[k]].length = count - attributes[open[k]].position
                        open.remove(at: k)
                    }
                    continue
                }
                if let replacement = replacement(for: tag) {
                    for scalar in replacement.unicodeScalars { append(scalar) }
                    continue
                }
                if tag.name == "nomarkup" && !tag.isSelfClosing {
                    let closing = Array("[/nomarkup]".unicodeScalars)
                    let start = count
                    while i < input.count, !input[i...].starts(with: closing) {
                        append(input[i])
                        i += 1
                    }
                    i = min(input.count, i + closing.count)
                    attributes.append(
                        MarkupAttribute(name: tag.name, position: start, length: count - start, properties: [:]))
                    continue
                }
                attributes.append(
                    MarkupAttribute(name: tag.name, position: count, length: 0, properties: tag.properties))
                if !tag.isSelfClosing {
                    open.append(attributes.count - 1)
                } else if tag.properties["trimwhitespace"] != "false", output.last.map({ $0 == " " }) ?? true,
                    i < input.count, input[i] == " "
                {
                    // A self-closing marker at the start or after a space eats one following space,
                    // so `A [pause/] B` reads `A B`.
                    i += 1
                }
                continue
            }
            if c == ":", colonAt == nil, attributes.isEmpty { colonAt = count }
            append(c)
            i += 1
        }
        for index in open { attributes[index].length = count - attributes[index].position }
        let text = String(output)
        var character: String?
        if let colonAt {
            let name = String(String.UnicodeScalarView(output.prefix(colonAt))).trimmingWhitespace()
            if !name.isEmpty { character = name }
        }
        return MarkupResult(text: text, attributes: attributes, characterName: character)
    }

    static func replacement(for tag: Tag) -> String? {
        guard tag.isSelfClosing, ["select", "plural", "ordinal"].contains(tag.name),
            let value = tag.properties["value"]
        else { return nil }
        let key: String
        switch tag.name {
        case "select": key = value
        case "plural": key = pluralCategory(Double(value) ?? 0)
        default: key = ordinalCategory(Double(value) ?? 0)
        }
        let chosen = tag.properties[key] ?? tag.properties["other"] ?? value
        return chosen.replacingOccurrences(of: "%", with: value)
    }

    /// The English cardinal plural category: `one` for exactly 1, otherwise `other`.
    public static func pluralCategory(_ value: Double) -> String {
        value == 1 ? "one" : "other"
    }

    /// The English ordinal category: `one` (1st, 21st), `two` (2nd), `few` (3rd), else `other`.
    public static func ordinalCategory(_ value: Double) -> String {
        guard value == value.rounded(), abs(value) < 1e15 else { return "other" }
        let n = abs(Int64(value))
        switch (n % 10, n % 100) {
        case (1, let h) where h != 11: return "one"
        case (2, let h) where h != 12: return "two"
        case (3, let h) where h != 13: return "few"
        default: return "other"
        }
    }
}
