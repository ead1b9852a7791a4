import LoomCore

/// Parses the lines of one node's body into statements, following indentation for the
/// bodies of options and line-group items, and `<<if>>`/`<<once>>` blocks for the rest.
struct BodyParser {
    var file: String
    var lines: [SourceLine]
    var index = 0
    var context: ParseContext
    var declarations: [Declaration] = []
    var enums: [EnumDeclaration] = []
    /// Blocks open around the current line (`<<if>>`, `<<once>>`, option and line-group bodies).
    var nesting = 0
    /// Set once a block nested too deeply: the rest of the body is skipped without further errors.
    var abandoned = false

    /// The deepest nesting of blocks accepted, so that a hostile story cannot exhaust the stack
    /// of the parser, the checker or the code generator.
    static let maximumNesting = 64

    init(file: String, lines: [SourceLine], context: ParseContext) {
        self.file = file
        self.lines = lines
        self.context = context
    }

    static let blockEnds: Set<String> = ["elseif", "else", "endif", "endonce", "endenum", "case"]

    func location(_ line: SourceLine, _ index: Int) -> SourceLocation {
        SourceLocation(file: file, line: line.number, column: index + 1)
    }

    mutating func parseAll() -> [Statement] {
        var statements = parseBlock(threshold: -1)
        while index < lines.count {
            let line = lines[index]
            if let keyword = commandKeyword(line) {
                context.error("unexpected <<\(keyword)>> with no block to close", at: location(line, line.start))
            } else {
                context.error("unexpected line", at: location(line, line.start))
            }
            index += 1
            statements += parseBlock(threshold: -1)
        }
        return statements
    }

    /// The word after `<<` when a line starts with a command.
    func commandKeyword(_ line: SourceLine) -> String? {
        guard line.hasPrefix("<<") else { return nil }
        var i = line.start + 2
        while i < line.text.count, line.text[i] == " " || line.text[i] == "\t" { i += 1 }
        var j = i
        while j < line.text.count, ExpressionLexer.isIdentifierPart(line.text[j]) { j += 1 }
        return String(String.UnicodeScalarView(line.text[i..<j]))
    }

    mutating func skipBlank() {
        while index < lines.count, lines[index].isBlank { index += 1 }
    }

    /// Statements until a line indented at or below `threshold`, or a block's closing command.
    mutating func parseBlock(threshold: Int) -> [Statement] {
        var statements: [Statement] = []
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumNesting, !abandoned, index < lines.count {
            abandoned = true
            context.error(
                "blocks nested too deeply (more than \(Self.maximumNesting) levels of <<if>>, <<once>> and options)",
                at: location(lines[index], lines[index].start))
        }
        if abandoned {
            index = lines.count
            return statements
        }
        while true {
            skipBlank()
            guard index < lines.count else { break }
            let line = lines[index]
            if line.indent <= threshold { break }
            if let keyword = commandKeyword(line), Self.blockEnds.contains(keyword) { break }
            parseStatement(into: &statements)
        }
        return statements
    }

    mutating func parseStatement(into statements: inout [Statement]) {
        let line = lines[index]
        let here = location(line, line.start)
        if line.hasPrefix("->") || line.hasPrefix("=>") {
            let isOption = line.hasPrefix("->")
            let items = parseChoices(marker: isOption ? "->" : "=>", indent: line.indent)
            statements.append(Statement(kind: isOption ? .options(items) : .lineGroup(items), location: here))
            return
        }
        if line.hasPrefix("<<") {
            index += 1
            var position = line.start
            var first = true
            while position < line.text.count {
                let (command, next) = parseCommand(line, at: position)
                position = next
                if let command { handle(command, first: first, line: line, into: &statements) }
                first = false
                while position < line.text.count, line.text[position] == " " || line.text[position] == "\t" {
                    position += 1
                }
                if position >= line.text.count || line.hasPrefix("//", at: position)
                    || line.hasPrefix("#", at: position)
                {
                    break
                }
                if !line.hasPrefix("<<", at: position) {
                    context.error(
                        "unexpected text after a command; put it on its own line", at: location(line, position))
                    break
                }
            }
            return
        }
        index += 1
        let content = parseLineContent(line, from: line.start)
        statements.append(Statement(kind: .line(content), location: here))
    }

    mutating func parseChoices(marker: StaticString, indent: Int) -> [ChoiceItem] {
        var items: [ChoiceItem] = []
        while true {
            skipBlank()
            guard index < lines.count else { break }
            let line = lines[index]
            guard line.indent == indent, line.hasPrefix(marker) else { break }
            index += 1
            var start = line.start + 2
            while start < line.text.count, line.text[start] == " " || line.text[start] == "\t" { start += 1 }
            let content = parseLineContent(line, from: start)
            let optionLine = index
            let body = parseBlock(threshold: indent)
            if body.isEmpty, optionLine < lines.count, lines[optionLine].isWhitespaceOnly,
                lines[optionLine].indent > indent
            {
                context.error(
                    "an indented line after an option must have content",
                    at: location(lines[optionLine], lines[optionLine].start))
            }
            items.append(ChoiceItem(content: content, body: body))
            // A blank line ends an option set, as in Yarn Spinner.
            var previous = index
            while previous > optionLine, lines[previous - 1].isBlank {
                if lines[previous - 1].isWhitespaceOnly { return items }
                previous -= 1
            }
            if index == optionLine, index < lines.count, lines[index].isWhitespaceOnly { return items }
        }
        return items
    }

    mutating func handle(_ command: ParsedCommand, first: Bool, line: SourceLine, into statements: inout [Statement]) {
        let here = location(line, line.start)
        switch command {
        case .statement, .declare: break
        default:
            if !first { context.error("block commands must start their own line", at: here) }
        }
        switch command {
        case .statement(let statement):
            statements.append(statement)
        case .declare(let declaration):
            declarations.append(declaration)
        case .ifStart(let condition):
            var clauses: [(condition: Expr?, body: [Statement])] = [(condition, parseBlock(threshold: -1))]
            while true {
                skipBlank()
                guard index < lines.count, let keyword = commandKeyword(lines[index]) else {
                    if !abandoned {
                        context.error("expected <<endif>> to close the <<if>> at \(here.line):\(here.column)", at: here)
                    }
                    break
                }
                let next = lines[index]
                if keyword == "endif" {
                    consumeSingleCommand()
                    break
                } else if keyword == "elseif" || keyword == "else" {
                    let (parsed, _) = parseCommand(next, at: next.start)
                    index += 1
                    if case .elseIf(let condition) = parsed {
                        clauses.append((condition, parseBlock(threshold: -1)))
                    } else {
                        clauses.append((nil, parseBlock(threshold: -1)))
                    }
                } else {
                    context.error("expected <<endif>> to close the <<if>> at \(here.line):\(here.column)", at: here)
                    break
                }
            }
            statements.append(Statement(kind: .ifBlock(clauses), location: here))
        case .onceStart(let condition):
            let body = parseBlock(threshold: -1)
            var otherwise: [Statement] = []
            skipBlank()
            if index < lines.count, commandKeyword(lines[index]) == "else" {
                consumeSingleCommand()
                otherwise = parseBlock(threshold: -1)
                skipBlank()
            }
            if index < lines.count, commandKeyword(lines[index]) == "endonce" {
                consumeSingleCommand()
            } else if !abandoned {
                context.error("expected <<endonce>> to close the <<once>> at \(here.line):\(here.column)", at: here)
            }
            statements.append(
                Statement(kind: .once(condition: condition, body: body, otherwise: otherwise), location: here))
        case .enumStart(let name):
            parseEnum(name: name, at: here)
        case .elseIf, .elseClause, .endIf, .endOnce, .enumCase, .endEnum:
            context.error("this command can only appear inside a matching block", at: here)
        }
    }

    mutating func consumeSingleCommand() {
        let line = lines[index]
        index += 1
        _ = parseCommand(line, at: line.start)
    }

    mutating func parseEnum(name: String, at here: SourceLocation) {
        var cases: [EnumDeclaration.Case] = []
        while true {
            skipBlank()
            guard index < lines.count else {
                context.error("expected <<endenum>> to close the <<enum>> at \(here.line):\(here.column)", at: here)
                break
            }
            let line = lines[index]
            index += 1
            let (parsed, _) = line.hasPrefix("<<") ? parseCommand(line, at: line.start) : (nil, 0)
            if case .enumCase(let enumCase) = parsed {
                cases.append(enumCase)
            } else if case .endEnum = parsed {
                break
            } else {
                context.error("expected <<case …>> or <<endenum>> inside an enum", at: location(line, line.start))
            }
        }
        enums.append(EnumDeclaration(name: name, cases: cases, location: here))
    }
}
