import LoomCore

extension BodyParser {
    /// Escapes kept for the markup parser, which gives `[`, `]`, `:` and `\` their meaning.
    static let markupEscapes: Set<Unicode.Scalar> = ["[", "]", ":", "\\"]
    /// Characters a backslash makes literal in text; before any other character a backslash is
    /// itself literal (`¯\_(ツ)_/¯`).
    /// Characters that may start something other than plain text.
    static func isSpecial(_ c: Unicode.Scalar) -> Bool {
        c == "\\" || c == "{" || c == "<" || c == "#" || c == "/"
    }
    static let textEscapes: Set<Unicode.Scalar> = ["<", ">", "{", "}", "#", "/"]

    /// Parses a line's text, its optional condition, hashtags and trailing comment.
    mutating func parseLineContent(_ line: SourceLine, from start: Int) -> LineContent {
        var template = TextTemplate()
        var buffer = String.UnicodeScalarView()
        var source = String.UnicodeScalarView()
        var i = start
        textLoop: while i < line.text.count {
            let c = line.text[i]
            let next: Unicode.Scalar? = i + 1 < line.text.count ? line.text[i + 1] : nil
            switch c {
            case "\\" where next.map { Self.markupEscapes.contains($0) || Self.textEscapes.contains($0) } ?? false:
                if Self.markupEscapes.contains(next!) { buffer.append(c) }
                buffer.append(next!)
                source.append(next!)
                i += 2
            case "{":
                if !buffer.isEmpty { template.segments.append(.text(String(buffer))) }
                buffer = String.UnicodeScalarView()
                let (expr, after) = parseInlineExpression(line, at: i)
                if let expr { template.segments.append(.expression(expr)) }
                source.append(contentsOf: line.text[i..<min(after, line.text.count)])
                i = after
            case "<" where next == "<", "#":
                break textLoop
            case "/" where next == "/":
                break textLoop
            default:
                // Copy the run of ordinary characters at once.
                var end = i + 1
                while end < line.text.count, !Self.isSpecial(line.text[end]) { end += 1 }
                buffer.append(contentsOf: line.text[i..<end])
                source.append(contentsOf: line.text[i..<end])
                i = end
            }
        }
        if !buffer.isEmpty { template.segments.append(.text(String(buffer))) }
        trim(&template)
        var content = LineContent(
            template: template, sourceText: String(source).trimmingWhitespace(), condition: nil, tags: [],
            lineID: nil, shadowOf: nil, location: location(line, start))
        if template.segments.isEmpty {
            context.error("expected text", at: location(line, start))
        }
        if i < line.text.count, line.hasPrefix("<<", at: i) {
            content.condition = parseCondition(line, at: i, next: &i)
        }
        parseHashtags(line, from: i, into: &content)
        return content
    }

    mutating func parseCondition(_ line: SourceLine, at start: Int, next: inout Int) -> ContentCondition? {
        let here = location(line, start)
        var j = start + 2
        while j < line.text.count, line.text[j] == " " { j += 1 }
        var k = j
        while k < line.text.count, ExpressionLexer.isIdentifierPart(line.text[k]) { k += 1 }
        let keyword = String(String.UnicodeScalarView(line.text[j..<k]))
        guard keyword == "if" || keyword == "once" else {
            context.error("expected <<if …>> or <<once>> after the text; commands go on their own line", at: here)
            let (_, end) = parseCommand(line, at: start)
            next = end
            return nil
        }
        let lexed = ExpressionLexer.lex(line.text, from: k, closing: .command)
        for error in lexed.errors { context.error(error.message, at: location(line, error.index)) }
        var tokens = lexed.tokens
        if lexed.endIndex == nil {
            context.error(
                "expected '>>' to close the condition started at \(here.line):\(here.column)",
                at: location(line, line.text.count))
            tokens.append(Token(kind: .end, index: line.text.count))
        }
        next = lexed.endIndex ?? line.text.count
        var parser = ExpressionParser(tokens: tokens, file: file, line: line.number, context: context)
        var condition = ContentCondition(once: keyword == "once", expression: nil, location: here)
        if keyword == "once" {
            if parser.isWord("if") {
                parser.advance()
                condition.expression = parser.parseExpression()
            }
        } else {
            condition.expression = parser.parseExpression()
        }
        if parser.current.kind != .end {
            context.error("unexpected text in the condition; expected '>>'", at: parser.location(parser.current))
        }
        return condition
    }

    mutating func parseHashtags(_ line: SourceLine, from start: Int, into content: inout LineContent) {
        var i = start
        while i < line.text.count {
            let c = line.text[i]
            if c == " " || c == "\t" {
                i += 1
            } else if line.hasPrefix("//", at: i) {
                return
            } else if c == "#" {
                var j = i + 1
                while j < line.text.count, line.text[j] != " ", line.text[j] != "\t", line.text[j] != "#",
                    !line.hasPrefix("//", at: j)
                {
                    j += 1
                }
                let tag = String(String.UnicodeScalarView(line.text[(i + 1)..<j]))
                if tag.isEmpty {
                    context.error("expected a hashtag after '#'", at: location(line, i))
                } else {
                    content.tags.append(tag)
                    if tag.hasPrefix("line:") {
                        if content.lineID != nil {
                            context.error("line has more than one #line: tag", at: location(line, i))
                        }
                        content.lineID = String(tag.dropFirst(5))
                    } else if tag.hasPrefix("shadow:") {
                        content.shadowOf = String(tag.dropFirst(7))
                    }
                }
                i = j
            } else if line.hasPrefix("<<", at: i) {
                context.error("a condition must come before the line's hashtags", at: location(line, i))
                return
            } else {
                context.error(
                    "unexpected text after the hashtags; escape '#' as '\\#' to use it in text", at: location(line, i))
                return
            }
        }
    }
}
