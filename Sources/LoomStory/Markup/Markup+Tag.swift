extension Markup {
    /// One `[…]` tag.
    struct Tag {
        var name: String
        var properties: [String: String]
        var isClosing: Bool
        var isSelfClosing: Bool
        /// Index just past the `]`.
        var end: Int

        /// Reads a tag starting at the `[`; `nil` when the text there is not a tag.
        static func parse(_ input: [Unicode.Scalar], at start: Int) -> Tag? {
            var i = start + 1
            func skipSpaces() { while i < input.count, input[i] == " " { i += 1 } }
            func word() -> String {
                var w = String.UnicodeScalarView()
                while i < input.count,
                    input[i] == "_" || input[i] == "-" || input[i].properties.isAlphabetic
                        || ("0"..."9").contains(input[i])
                {
                    w.append(input[i])
                    i += 1
                }
                return String(w)
            }
            func value() -> String? {
                var v = String.UnicodeScalarView()
                if i < input.count, input[i] == "\"" {
                    i += 1
                    while i < input.count, input[i] != "\"" {
                        if input[i] == "\\", i + 1 < input.count { i += 1 }
                        v.append(input[i])
                        i += 1
                    }
                    guard i < input.count else { return nil }
                    i += 1
                    return String(v)
                }
                while i < input.count, input[i] != " ", input[i] != "]",
                    !(input[i] == "/" && i + 1 < input.count && input[i + 1] == "]")
                {
                    v.append(input[i])
                    i += 1
                }
                return String(v)
            }
            skipSpaces()
            if i < input.count, input[i] == "/" {
                i += 1
                skipSpaces()
                let name = word()
                skipSpaces()
                guard i < input.count, input[i] == "]" else { return nil }
                return Tag(name: name, properties: [:], isClosing: true, isSelfClosing: false, end: i + 1)
            }
            let name = word()
            guard !name.isEmpty else { return nil }
            var properties: [String: String] = [:]
            if i < input.count, input[i] == "=" {
                i += 1
                guard let v = value() else { return nil }
                properties[name] = v
            }
            while true {
                skipSpaces()
                guard i < input.count else { return nil }
                if input[i] == "]" {
                    return Tag(name: name, properties: properties, isClosing: false, isSelfClosing: false, end: i + 1)
                }
                if input[i] == "/", i + 1 < input.count, input[i + 1] == "]" {
                    return Tag(name: name, properties: properties, isClosing: false, isSelfClosing: true, end: i + 2)
                }
                let key = word()
                guard !key.isEmpty, i < input.count, input[i] == "=" else { return nil }
                i += 1
                guard let v = value() else { return nil }
                properties[key] = v
            }
        }
    }
}
