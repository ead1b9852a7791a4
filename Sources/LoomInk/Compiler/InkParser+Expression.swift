import LoomCore

/// Expressions, with ink's operator precedence.
extension InkParser {
    /// Binary operators by precedence (higher binds tighter), as ink defines them.
    private static let operators: [(text: String, runtime: String, precedence: Int, isWord: Bool)] = [
        ("||", "||", 1, false), ("&&", "&&", 1, false), ("or", "||", 1, true), ("and", "&&", 1, true),
        ("==", "==", 2, false), ("!=", "!=", 2, false), ("<=", "<=", 2, false), (">=", ">=", 2, false),
        ("<", "<", 2, false), (">", ">", 2, false),
        ("!?", "!?", 3, false), ("?", "?", 3, false), ("hasnt", "!?", 3, true), ("has", "?", 3, true),
        ("^", "L^", 3, false),
        ("+", "+", 4, false), ("-", "-", 5, false), ("*", "*", 6, false), ("/", "/", 7, false),
        ("%", "%", 8, false), ("mod", "%", 8, true),
    ]

    mutating func expression(minimumPrecedence: Int = 0) throws -> InkExpression {
        try enter()
        defer { leave() }
        var left = try unary()
        while true {
            let save = i
            skipSpaces()
            guard let op = binaryOperator(), op.precedence > minimumPrecedence else {
                i = save
                break
            }
            skipSpaces()
            let right = try expression(minimumPrecedence: op.precedence)
            left = .binary(op.runtime, left, right)
        }
        return left
    }

    private mutating func binaryOperator() -> (runtime: String, precedence: Int)? {
        if looking(at: "->") { return nil }
        for op in InkParser.operators {
            if op.isWord {
                if matchKeyword(op.text) { return (op.runtime, op.precedence) }
            } else if match(op.text) {
                return (op.runtime, op.precedence)
            }
        }
        return nil
    }

    private mutating func unary() throws -> InkExpression {
        skipSpaces()
        if peek() == "-", peek(1) != ">" {
            i += 1
            let operand = try unary()
            if case .int(let n) = operand { return .int(-n) }
            if case .float(let f) = operand { return .float(-f) }
            return .unary("_", operand)
        }
        if peek() == "!", peek(1) != "=" && peek(1) != "?" {
            i += 1
            return .unary("!", try unary())
        }
        if matchKeyword("not") {
            return .unary("!", try unary())
        }
        return try primary()
    }

    private mutating func primary() throws -> InkExpression {
        skipSpaces()
        let start = i
        let location = here
        guard let c = peek(), c != "\n" else { throw fail("expected an expression") }
        if c >= "0" && c <= "9" {
            while let d = peek(), d >= "0" && d <= "9" { i += 1 }
            var isFloat = false
            if peek() == ".", let d = peek(1), d >= "0" && d <= "9" {
                isFloat = true
                i += 1
                while let d = peek(), d >= "0" && d <= "9" { i += 1 }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: s[start..<i])
            let literal = String(view)
            if isFloat {
                guard let value = Float(literal) else { throw fail("'\(literal)' is not a number", at: start) }
                return .float(value)
            }
            guard let value = Int(literal) else { throw fail("'\(literal)' is too large a number", at: start) }
            return .int(value)
        }
        if c == "\"" {
            i += 1
            let content = try inline(stops: ["\""])
            try expect("\"", "'\"' to close the string")
            return .string(content)
        }
        if match("->") {
            skipSpaces()
            guard let path = dottedPath() else { throw fail("expected a divert target after '->'") }
            return .divertTarget(path, location)
        }
        if c == "(" {
            i += 1
            skipSpaces()
            if match(")") { return .list([], location) }
            let inner = try expression()
            skipSpaces()
            if match(")") { return inner }
            guard peek() == ",", case .name(let first, _) = inner else {
                throw fail("expected ')' to close the parenthesis")
            }
            var names = [first]
            while match(",") {
                skipSpaces()
                guard let name = dottedPath() else { throw fail("expected a list item name") }
                names.append(name)
                skipSpaces()
            }
            try expect(")", "')' to close the list")
            return .list(names, location)
        }
        if matchKeyword("true") { return .bool(true) }
        if matchKeyword("false") { return .bool(false) }
        guard let path = dottedPath() else { throw fail("expected an expression, found '\(String(c))'") }
        let save = i
        skipSpaces()
        if peek() == "(" {
            return .call(path, try argumentList(), location)
        }
        i = save
        return .name(path, location)
    }
}
