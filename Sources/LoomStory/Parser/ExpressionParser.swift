import LoomCore

/// A precedence-climbing parser over one line's expression tokens.
///
/// Precedence follows Yarn Spinner's grammar, lowest first: `&& || ^` (one level, left to
/// right), `== !=`, `< > <= >=`, `+ -`, `* / %`, then the prefix operators `! -`.
///
/// An expression may nest at most ``maximumDepth`` levels (brackets, calls, prefix operators and
/// chained binary operators all count), so that a hostile story cannot exhaust the stack of
/// the parser, the checker or the code generator: a deeper one is a located error.
struct ExpressionParser {
    /// The deepest expression tree accepted.
    static let maximumDepth = 128

    var tokens: [Token]
    var position = 0
    /// Calls of `parseUnary`/`parsePrimary` under way, to stop before the stack runs out.
    var nesting = 0
    /// Whether this expression was already refused for its depth (one error per expression).
    var tooDeep = false
    var file: String
    var line: Int
    var context: ParseContext

    init(tokens: [Token], file: String, line: Int, context: ParseContext) {
        self.tokens = tokens
        self.file = file
        self.line = line
        self.context = context
    }

    var current: Token { tokens[min(position, tokens.count - 1)] }

    func location(_ token: Token) -> SourceLocation {
        SourceLocation(file: file, line: line, column: token.index + 1)
    }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func accept(_ symbol: String) -> Bool {
        if case .symbol(let s) = current.kind, s == symbol {
            advance()
            return true
        }
        return false
    }

    func isWord(_ word: String) -> Bool {
        if case .identifier(let w) = current.kind { return w == word }
        return false
    }

    /// Reports an error, unless the expression was already refused for its depth (the rest of
    /// its tokens are skipped then, and would only give follow-on errors).
    mutating func report(_ message: String, at location: SourceLocation) {
        if !tooDeep { context.error(message, at: location) }
    }

    mutating func fail(_ message: String) -> Expr {
        report(message, at: location(current))
        return Expr(kind: .bool(false), location: location(current), id: context.nextID())
    }

    mutating func parseExpression() -> Expr { parseBinary(level: 0) }

    /// Reports the expression as too deep (once), skips the rest of its tokens and returns a
    /// leaf in its place, so no later stage recurses into it.
    mutating func refuseDepth(at token: Token) -> Expr {
        if !tooDeep {
            tooDeep = true
            context.error(
                "expression nested too deeply (more than \(Self.maximumDepth) levels of brackets, calls and operators)",
                at: location(token))
        }
        position = tokens.count - 1
        return Expr(kind: .invalid, location: location(token), id: context.nextID())
    }

    /// The operator at the current token for a precedence level, words included.
    func binaryOperator(level: Int) -> BinaryOperator? {
        var name: String
        switch current.kind {
        case .symbol(let s): name = s
        case .identifier(let w): name = w
        default: return nil
        }
        switch (level, name) {
        case (0, "&&"), (0, "and"): return .and
        case (0, "||"), (0, "or"): return .or
        case (0, "^"), (0, "xor"): return .xor
        case (1, "=="), (1, "is"), (1, "eq"): return .equal
        case (1, "!="), (1, "neq"): return .notEqual
        case (2, "<"), (2, "lt"): return .less
        case (2, ">"), (2, "gt"): return .greater
        case (2, "<="), (2, "lte"): return .lessOrEqual
        case (2, ">="), (2, "gte"): return .greaterOrEqual
        case (3, "+"): return .add
        case (3, "-"): return .subtract
        case (4, "*"): return .multiply
        case (4, "/"): return .divide
        case (4, "%"): return .modulo
        default: return nil
        }
    }

    mutating func parseBinary(level: Int) -> Expr {
        if level > 4 { return parseUnary() }
        var left = parseBinary(level: level + 1)
        while let op = binaryOperator(level: level) {
            let token = current
            advance()
            let right = parseBinary(level: level + 1)
            left = Expr(kind: .binary(op, left, right), location: location(token), id: context.nextID())
            if left.depth > Self.maximumDepth { return refuseDepth(at: token) }
        }
        return left
    }

    mutating func parseUnary() -> Expr {
        let token = current
        if tooDeep { return refuseDepth(at: token) }
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumDepth { return refuseDepth(at: token) }
        if accept("!")
            || (isWord("not")
                && {
                    advance()
                    return true
                }())
        {
            let operand = parseUnary()
            return Expr(kind: .unary(.not, operand), location: location(token), id: context.nextID())
        }
        if accept("-") {
            let operand = parseUnary()
            if case .number(let value) = operand.kind {
                return Expr(kind: .number(-value), location: location(token), id: operand.id)
            }
            return Expr(kind: .unary(.negate, operand), location: location(token), id: context.nextID())
        }
        return parsePrimary()
    }

    mutating func parsePrimary() -> Expr {
        let token = current
        let here = location(token)
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(kind: .number(value), location: here, id: context.nextID())
        case .string(let value):
            advance()
            return Expr(kind: .string(value), location: here, id: context.nextID())
        case .variable(let name):
            advance()
            return Expr(kind: .variable(name), location: here, id: context.nextID())
        case .symbol("("):
            advance()
            let inner = parseExpression()
            if !accept(")") {
                report("expected ')' to close the '(' at \(here.line):\(here.column)", at: location(current))
            }
            return inner
        case .symbol("."):
            advance()
            guard case .identifier(let name) = current.kind else { return fail("expected an enum case name after '.'") }
            advance()
            return Expr(kind: .enumCase(type: nil, name: name), location: here, id: context.nextID())
        case .identifier(let word):
            advance()
            switch word {
            case "true": return Expr(kind: .bool(true), location: here, id: context.nextID())
            case "false": return Expr(kind: .bool(false), location: here, id: context.nextID())
            default: break
            }
            if accept("(") {
                var arguments: [Expr] = []
                if !accept(")") {
                    repeat { arguments.append(parseExpression()) } while accept(",")
                    if !accept(")") {
                        report("expected ')' to close the call to '\(word)'", at: location(current))
                    }
                }
                let call = Expr(kind: .call(word, arguments), location: here, id: context.nextID())
                return call.depth > Self.maximumDepth ? refuseDepth(at: token) : call
            }
            if accept(".") {
                guard case .identifier(let name) = current.kind else {
                    return fail("expected a case name after '\(word).'")
                }
                advance()
                return Expr(kind: .enumCase(type: word, name: name), location: here, id: context.nextID())
            }
            report("unexpected word '\(word)' in expression; variables start with '$'", at: here)
            return Expr(kind: .bool(false), location: here, id: context.nextID())
        case .end:
            return fail("expected an expression")
        case .symbol(let s):
            advance()
            report("unexpected '\(s)' in expression", at: here)
            return Expr(kind: .bool(false), location: here, id: context.nextID())
        }
    }
}
