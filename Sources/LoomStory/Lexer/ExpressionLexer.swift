import LoomCore

/// A token of an expression inside `<<…>>` or `{…}`.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case variable(String)
        case identifier(String)
        case symbol(String)
        /// The `>>` or `}` that closed the expression.
        case end
    }
    var kind: Kind
    /// 0-based index of the token's first scalar in its line.
    var index: Int
}

/// Splits the expression part of a line into tokens, stopping at the closing `>>` or `}`.
struct ExpressionLexer {
    enum Closing { case command, brace }

    struct Result {
        var tokens: [Token]
        /// Index just past the closing `>>` or `}`, or `nil` when the line ended first.
        var endIndex: Int?
        var errors: [(message: String, index: Int)]
    }

    static let twoCharacterSymbols: Set<String> = [
        "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=",
    ]
    static let oneCharacterSymbols: Set<Unicode.Scalar> = [
        "=", "<", ">", "!", "+", "-", "*", "/", "%", "^", "(", ")", ",", ".",
    ]

    static func lex(_ text: [Unicode.Scalar], from start: Int, closing: Closing) -> Result {
        var result = Result(tokens: [], endIndex: nil, errors: [])
        var i = start
        var depth = 0
        while i < text.count {
            let c = text[i]
            if c == " " || c == "\t" || c == "\r" {
                i += 1
                continue
            }
            switch closing {
            case .command where c == ">" && i + 1 < text.count && text[i + 1] == ">":
                result.tokens.append(Token(kind: .end, index: i))
                result.endIndex = i + 2
                return result
            case .brace where c == "}":
                result.tokens.append(Token(kind: .end, index: i))
                result.endIndex = i + 1
                return result
            default: break
            }
            if ("0"..."9").contains(c) {
                var j = i
                while j < text.count, ("0"..."9").contains(text[j]) { j += 1 }
                if j + 1 < text.count, text[j] == ".", ("0"..."9").contains(text[j + 1]) {
                    j += 1
                    while j < text.count, ("0"..."9").contains(text[j]) { j += 1 }
                }
                let literal = String(String.UnicodeScalarView(text[i..<j]))
                result.tokens.append(Token(kind: .number(Double(literal) ?? 0), index: i))
                i = j
            } else if c == "\"" {
                var value = String.UnicodeScalarView()
                var j = i + 1
                var closed = false
                while j < text.count {
                    if text[j] == "\\", j + 1 < text.count {
                        value.append(text[j + 1])
                        j += 2
                    } else if text[j] == "\"" {
                        closed = true
                        j += 1
                        break
                    } else {
                        value.append(text[j])
                        j += 1
                    }
                }
                if !closed { result.errors.append(("unterminated string: expected '\"'", i)) }
                result.tokens.append(Token(kind: .string(String(value)), index: i))
                i = j
            } else if c == "$" || isIdentifierStart(c) {
                var j = i + 1
                while j < text.count, isIdentifierPart(text[j]) { j += 1 }
                let word = String(String.UnicodeScalarView(text[i..<j]))
                if c == "$" {
                    if j == i + 1 { result.errors.append(("expected a variable name after '$'", i)) }
                    result.tokens.append(Token(kind: .variable(word), index: i))
                } else {
                    result.tokens.append(Token(kind: .identifier(word), index: i))
                }
                i = j
            } else if c == "{" {
                depth += 1
                result.tokens.append(Token(kind: .symbol("{"), index: i))
                i += 1
            } else if c == "}" {
                depth -= 1
                result.tokens.append(Token(kind: .symbol("}"), index: i))
                i += 1
            } else {
                if i + 1 < text.count {
                    let pair = String(String.UnicodeScalarView([c, text[i + 1]]))
                    if twoCharacterSymbols.contains(pair) {
                        result.tokens.append(Token(kind: .symbol(pair), index: i))
                        i += 2
                        continue
                    }
                }
                if oneCharacterSymbols.contains(c) {
                    result.tokens.append(Token(kind: .symbol(String(c)), index: i))
                } else {
                    result.errors.append(("unexpected character '\(c)' in expression", i))
                }
                i += 1
            }
        }
        return result
    }

    /// Letters, `_`, and (as Yarn allows `$🧶`) any non-ASCII scalar that is not a space.
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        return !c.properties.isWhitespace
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
        }
        return !c.properties.isWhitespace
    }
}
