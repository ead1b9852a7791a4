import LoomCore

/// Parses one Yarn Spinner source file into nodes, declarations and enums.
///
/// The parser is line-oriented, as Yarn's layout is: headers until `---`, the body until
/// `===`. It keeps going after an error so every problem in the file is reported at once.
struct Parser {
    var file: String
    var lines: [SourceLine]
    var index = 0
    var context: ParseContext
    var syntax = StorySyntax()

    init(source: String, file: String, context: ParseContext) {
        self.file = file
        self.context = context
        var lines: [SourceLine] = []
        var current: [Unicode.Scalar] = []
        var number = 1
        var scalars = Substring(source).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        for scalar in scalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(SourceLine(current, number: number))
                current = []
                number += 1
            } else {
                current.append(scalar)
            }
        }
        if current.last == "\r" { current.removeLast() }
        lines.append(SourceLine(current, number: number))
        self.lines = lines
    }

    func location(_ line: SourceLine, _ index: Int) -> SourceLocation {
        SourceLocation(file: file, line: line.number, column: index + 1)
    }

    /// Parses the whole file; diagnostics go to the context.
    mutating func parse() -> StorySyntax {
        while index < lines.count {
            let line = lines[index]
            if line.isBlank || line.hasPrefix("#") {
                index += 1
                continue
            }
            parseNode()
        }
        return syntax
    }

    mutating func parseNode() {
        let first = lines[index]
        var title: String?
        var titleLocation = location(first, first.start)
        var headers: [(key: String, value: String)] = []
        var whens: [(clause: WhenClause, location: SourceLocation)] = []
        var foundBodyStart = false
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isBlank { continue }
            if line.rest(from: line.start) == "---" {
                foundBodyStart = true
                break
            }
            if line.rest(from: line.start) == "===" {
                context.error("expected '---' before the end of the node", at: location(line, line.start))
                return
            }
            guard let colon = line.text[line.start...].firstIndex(of: ":") else {
                context.error(
                    "expected a header 'key: value' or '---' to start the body", at: location(line, line.start))
                continue
            }
            let key = String(String.UnicodeScalarView(line.text[line.start..<colon])).trimmingWhitespace()
            let value = line.rest(from: colon + 1)
            if key.isEmpty || !key.unicodeScalars.allSatisfy(ExpressionLexer.isIdentifierPart) {
                context.error("'\(key)' is not a valid header name", at: location(line, line.start))
                continue
            }
            let valueStart = line.text[(colon + 1)...].firstIndex { $0 != " " && $0 != "\t" } ?? line.text.count
            switch key {
            case "title":
                if title != nil {
                    context.error("node has more than one 'title' header", at: location(line, line.start))
                }
                if value.isEmpty || !isValidNodeName(value) {
                    context.error("'\(value)' is not a valid node title", at: location(line, valueStart))
                }
                title = value
                titleLocation = location(line, valueStart)
            case "when":
                if let clause = parseWhen(line, from: valueStart) {
                    whens.append((clause, location(line, valueStart)))
                }
            default: break
            }
            headers.append((key, value))
        }
        guard foundBodyStart else {
            context.error("expected '---' to start the body of the node", at: titleLocation)
            return
        }
        var bodyLines: [SourceLine] = []
        var ended = false
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.hasPrefix("===") && line.rest(from: line.start) == "===" {
                ended = true
                break
            }
            bodyLines.append(line)
        }
        if !ended {
            let last = lines[lines.count - 1]
            context.error(
                "expected '===' to end the node '\(title ?? "?")' started at \(titleLocation.line)",
                at: location(last, 0))
        }
        guard let title else {
            context.error("node has no 'title' header", at: titleLocation)
            return
        }
        var body = BodyParser(file: file, lines: bodyLines, context: context)
        let statements = body.parseAll()
        syntax.declarations += body.declarations
        syntax.enums += body.enums
        syntax.nodes.append(
            NodeSyntax(
                title: title, location: titleLocation, headers: headers, whenClauses: whens,
                body: statements, file: file))
    }

    func isValidNodeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ExpressionLexer.isIdentifierStart(first) else { return false }
        return name.unicodeScalars.allSatisfy { ExpressionLexer.isIdentifierPart($0) || $0 == "." }
    }

    func parseWhen(_ line: SourceLine, from start: Int) -> WhenClause? {
        var text = line.text
        text.append(contentsOf: ">>".unicodeScalars)
        let lexed = ExpressionLexer.lex(text, from: start, closing: .command)
        for error in lexed.errors { context.error(error.message, at: location(line, error.index)) }
        var parser = ExpressionParser(tokens: lexed.tokens, file: file, line: line.number, context: context)
        if parser.isWord("always") {
            parser.advance()
            expectEnd(parser)
            return .always
        }
        if parser.isWord("once") {
            parser.advance()
            if parser.isWord("if") {
                parser.advance()
                let expr = parser.parseExpression()
                expectEnd(parser)
                return .once(expr)
            }
            expectEnd(parser)
            return .once(nil)
        }
        if parser.current.kind == .end {
            context.error("expected an expression, 'always' or 'once' after 'when:'", at: location(line, start))
            return nil
        }
        let expr = parser.parseExpression()
        expectEnd(parser)
        return .expression(expr)
    }

    func expectEnd(_ parser: ExpressionParser) {
        if parser.current.kind != .end {
            context.error("unexpected text after the expression", at: parser.location(parser.current))
        }
    }
}
