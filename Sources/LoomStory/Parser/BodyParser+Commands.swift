import LoomCore

/// A command as parsed, before the block structure around it is known.
enum ParsedCommand {
    case statement(Statement)
    case declare(Declaration)
    case ifStart(Expr)
    case elseIf(Expr)
    case elseClause
    case endIf
    case onceStart(Expr?)
    case endOnce
    case enumStart(String)
    case enumCase(EnumDeclaration.Case)
    case endEnum
}

extension BodyParser {
    /// Parses the command starting at `start` (which holds `<<`); returns it and the index after `>>`.
    mutating func parseCommand(_ line: SourceLine, at start: Int) -> (ParsedCommand?, Int) {
        let here = location(line, start)
        var i = start + 2
        while i < line.text.count, line.text[i] == " " || line.text[i] == "\t" { i += 1 }
        var j = i
        while j < line.text.count, ExpressionLexer.isIdentifierPart(line.text[j]) { j += 1 }
        let keyword = String(String.UnicodeScalarView(line.text[i..<j]))
        let unclosed = "expected '>>' to close the command started at \(here.line):\(here.column)"

        func tokens(from index: Int) -> (ExpressionParser, Int) {
            let lexed = ExpressionLexer.lex(line.text, from: index, closing: .command)
            for error in lexed.errors { context.error(error.message, at: location(line, error.index)) }
            var tokens = lexed.tokens
            if lexed.endIndex == nil {
                context.error(unclosed, at: location(line, line.text.count))
                tokens.append(Token(kind: .end, index: line.text.count))
            }
            let parser = ExpressionParser(tokens: tokens, file: file, line: line.number, context: context)
            return (parser, lexed.endIndex ?? line.text.count)
        }
        func expectEnd(_ parser: ExpressionParser) {
            if parser.current.kind != .end {
                context.error("unexpected text in <<\(keyword)>>; expected '>>'", at: parser.location(parser.current))
            }
        }
        func statement(_ kind: Statement.Kind) -> ParsedCommand { .statement(Statement(kind: kind, location: here)) }

        switch keyword {
        case "if", "elseif", "call":
            var (parser, end) = tokens(from: j)
            let expr = parser.parseExpression()
            expectEnd(parser)
            switch keyword {
            case "if": return (.ifStart(expr), end)
            case "elseif": return (.elseIf(expr), end)
            default: return (statement(.call(expr)), end)
            }
        case "else", "endif", "endonce", "endenum", "return", "stop":
            let (parser, end) = tokens(from: j)
            expectEnd(parser)
            switch keyword {
            case "else": return (.elseClause, end)
            case "endif": return (.endIf, end)
            case "endonce": return (.endOnce, end)
            case "endenum": return (.endEnum, end)
            case "return": return (statement(.returnFromDetour), end)
            default: return (statement(.stop), end)
            }
        case "once":
            var (parser, end) = tokens(from: j)
            var condition: Expr?
            if parser.isWord("if") {
                parser.advance()
                condition = parser.parseExpression()
            }
            expectEnd(parser)
            return (.onceStart(condition), end)
        case "set":
            var (parser, end) = tokens(from: j)
            guard case .variable(let name) = parser.current.kind else {
                context.error("expected a variable after 'set'", at: parser.location(parser.current))
                return (nil, end)
            }
            parser.advance()
            var op = AssignmentOperator.assign
            switch parser.current.kind {
            case .symbol(let s) where AssignmentOperator(rawValue: s) != nil: op = AssignmentOperator(rawValue: s)!
            case .identifier("to"): op = .assign
            default:
                context.error(
                    "expected '=', 'to' or a compound assignment after '\(name)'", at: parser.location(parser.current))
                return (nil, end)
            }
            parser.advance()
            let value = parser.parseExpression()
            expectEnd(parser)
            return (statement(.set(variable: name, op, value)), end)
        case "declare":
            var (parser, end) = tokens(from: j)
            guard case .variable(let name) = parser.current.kind else {
                context.error("expected a variable after 'declare'", at: parser.location(parser.current))
                return (nil, end)
            }
            parser.advance()
            guard
                parser.accept("=")
                    || (parser.isWord("to")
                        && {
                            parser.advance()
                            return true
                        }())
            else {
                context.error(
                    "variable declarations must have a value: '<<declare \(name) = value>>'",
                    at: parser.location(parser.current))
                return (nil, end)
            }
            let value = parser.parseExpression()
            var typeName: String?
            if parser.isWord("as") {
                parser.advance()
                if case .identifier(let type) = parser.current.kind {
                    typeName = type
                    parser.advance()
                } else {
                    context.error("expected a type name after 'as'", at: parser.location(parser.current))
                }
            }
            expectEnd(parser)
            return (.declare(Declaration(name: name, value: value, typeName: typeName, location: here)), end)
        case "enum", "case":
            var (parser, end) = tokens(from: j)
            guard case .identifier(let name) = parser.current.kind else {
                context.error("expected a name after '\(keyword)'", at: parser.location(parser.current))
                return (nil, end)
            }
            let nameLocation = parser.location(parser.current)
            parser.advance()
            if keyword == "enum" {
                expectEnd(parser)
                return (.enumStart(name), end)
            }
            var raw: Expr?
            if parser.accept("=") { raw = parser.parseExpression() }
            expectEnd(parser)
            return (.enumCase(EnumDeclaration.Case(name: name, rawValue: raw, location: nameLocation)), end)
        case "jump", "detour":
            var k = j
            while k < line.text.count, line.text[k] == " " || line.text[k] == "\t" { k += 1 }
            var target: JumpTarget
            var end: Int
            if k < line.text.count, line.text[k] == "{" {
                var parser: ExpressionParser
                (parser, end) = tokens(from: k)
                _ = parser.accept("{")
                let expr = parser.parseExpression()
                if !parser.accept("}") {
                    context.error("expected '}' after the jump's expression", at: parser.location(parser.current))
                }
                expectEnd(parser)
                target = .expression(expr)
            } else {
                var m = k
                while m < line.text.count, ExpressionLexer.isIdentifierPart(line.text[m]) || line.text[m] == "." {
                    m += 1
                }
                let name = String(String.UnicodeScalarView(line.text[k..<m]))
                if name.isEmpty {
                    context.error("expected a node name after '\(keyword)'", at: location(line, k))
                }
                target = .name(name, location(line, k))
                let (parser, after) = tokens(from: m)
                expectEnd(parser)
                end = after
            }
            return (statement(keyword == "jump" ? .jump(target) : .detour(target)), end)
        default:
            let (template, end) = parseCommandTemplate(line, from: start + 2, here: here)
            return (statement(.command(template)), end)
        }
    }

    /// The text of a command for the host, with `{expressions}` inside, up to `>>`.
    mutating func parseCommandTemplate(_ line: SourceLine, from start: Int, here: SourceLocation) -> (TextTemplate, Int)
    {
        var template = TextTemplate()
        var buffer = String.UnicodeScalarView()
        var i = start
        while i < line.text.count {
            let c = line.text[i]
            if c == ">" && i + 1 < line.text.count && line.text[i + 1] == ">" {
                if !buffer.isEmpty { template.segments.append(.text(String(buffer))) }
                trim(&template)
                if template.segments.isEmpty { context.error("empty command", at: here) }
                return (template, i + 2)
            }
            if c == "{" {
                if !buffer.isEmpty { template.segments.append(.text(String(buffer))) }
                buffer = String.UnicodeScalarView()
                let (expr, next) = parseInlineExpression(line, at: i)
                if let expr { template.segments.append(.expression(expr)) }
                i = next
                continue
            }
            buffer.append(c)
            i += 1
        }
        context.error(
            "expected '>>' to close the command started at \(here.line):\(here.column)",
            at: location(line, line.text.count))
        return (template, line.text.count)
    }

    /// Parses `{expression}` starting at the `{`; returns the index after `}`.
    mutating func parseInlineExpression(_ line: SourceLine, at start: Int) -> (Expr?, Int) {
        let lexed = ExpressionLexer.lex(line.text, from: start + 1, closing: .brace)
        for error in lexed.errors { context.error(error.message, at: location(line, error.index)) }
        var tokens = lexed.tokens
        if lexed.endIndex == nil {
            context.error(
                "expected '}' to close the expression started at column \(start + 1)",
                at: location(line, line.text.count))
            tokens.append(Token(kind: .end, index: line.text.count))
        }
        var parser = ExpressionParser(tokens: tokens, file: file, line: line.number, context: context)
        let expr = parser.parseExpression()
        if parser.current.kind != .end {
            context.error("unexpected text in the inline expression; expected '}'", at: parser.location(parser.current))
        }
        return (expr, lexed.endIndex ?? line.text.count)
    }

    func trim(_ template: inout TextTemplate) {
        if case .text(let first)? = template.segments.first {
            let trimmed = String(first.drop { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty { template.segments.removeFirst() } else { template.segments[0] = .text(trimmed) }
        }
        if case .text(let last)? = template.segments.last {
            var scalars = Substring(last).unicodeScalars
            while let end = scalars.last, end == " " || end == "\t" { scalars.removeLast() }
            if scalars.isEmpty {
                template.segments.removeLast()
            } else {
                template.segments[template.segments.count - 1] = .text(String(scalars))
            }
        }
    }
}
