import LoomCore

/// Lines of weave: choices, gathers, logic and content.
extension InkParser {
    /// Parses one line (the cursor is after its leading spaces) into `items`.
    mutating func weaveLine(into items: inout [InkWeaveItem], inBlock: Bool) throws {
        let start = here
        if match("~") {
            skipSpaces()
            let statement = try logicStatement()
            try endOfLine()
            items.append(.logic(statement, start))
            return
        }
        if let c = peek(), c == "*" || c == "+" {
            try choice(into: &items)
            return
        }
        if !inBlock, peek() == "-", peek(1) != ">" {
            var depth = 0
            while peek() == "-", peek(1) != ">" {
                i += 1
                depth += 1
                skipSpaces()
            }
            let label = try optionalLabel()
            items.append(.gather(InkGatherSyntax(depth: depth, label: label, location: start)))
            skipSpaces()
            if let c = peek(), c == "*" || c == "+" {
                try choice(into: &items)
                return
            }
            if atLineEnd {
                skipLine()
                return
            }
        }
        try contentLine(into: &items, inBlock: inBlock)
    }

    /// A line of mixed content up to its end.
    mutating func contentLine(into items: inout [InkWeaveItem], inBlock: Bool) throws {
        let start = here
        let content = try inline(stops: [])
        if !atLineEnd {
            // Stopped at a '}': it closes the enclosing block, or it is out of place.
            if !inBlock { throw fail("unexpected '}' with no '{' to close") }
        } else if !atEnd {
            i += 1
        }
        guard !content.isEmpty else { return }
        items.append(.line(content, newline: InkParser.wantsNewline(content), start))
    }

    /// Whether a line of content ends with a line break: not after a divert, and not when the
    /// line is only a multi-line block or only tags.
    static func wantsNewline(_ content: [InkInline]) -> Bool {
        var meaningful = content
        while case .text(let text)? = meaningful.last, text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            meaningful.removeLast()
        }
        if case .divert(let links, _)? = meaningful.last {
            if case .tunnelEnd? = links.last { return true }
            return false
        }
        if case .thread? = meaningful.last { return false }
        if meaningful.allSatisfy({ if case .tag = $0 { true } else { false } }) { return false }
        if meaningful.count == 1, case .conditional(let conditional) = meaningful[0], conditional.isMultiline {
            return false
        }
        if meaningful.count == 1, case .sequence(let sequence) = meaningful[0], sequence.isMultiline {
            return false
        }
        return true
    }

    mutating func optionalLabel() throws -> String? {
        guard peek() == "(" else { return nil }
        let save = i
        i += 1
        skipSpaces()
        guard let name = identifier() else {
            i = save
            return nil
        }
        skipSpaces()
        guard match(")") else {
            i = save
            return nil
        }
        skipSpaces()
        return name
    }

    private mutating func choice(into items: inout [InkWeaveItem]) throws {
        let start = here
        var depth = 0
        var sticky = false
        while let c = peek(), c == "*" || c == "+" {
            sticky = c == "+"
            depth += 1
            i += 1
            skipSpaces()
        }
        let label = try optionalLabel()
        var conditions: [InkExpression] = []
        while peek() == "{" {
            i += 1
            skipSpaces()
            conditions.append(try expression())
            skipSpaces()
            try expect("}", "'}' to close the choice's condition")
            // Conditions may stand on lines of their own; the text can follow on the next line.
            let save = i
            skipSpacesAndNewlines()
            if peek() == "{" { continue }
            if atEnd || ["*", "+", "-", "=", "~"].contains(peek()!) { i = save }
            break
        }
        skipSpaces()
        var startContent = try inline(stops: ["["])
        var choiceOnly: [InkInline]?
        var inner: [InkInline] = []
        if match("[") {
            choiceOnly = try inline(stops: ["]"])
            try expect("]", "']' to close the choice-only text")
            inner = try inline(stops: [])
        } else if let divertIndex = startContent.firstIndex(where: {
            if case .divert = $0 { true } else { false }
        }) {
            inner = Array(startContent[divertIndex...])
            startContent.removeSubrange(divertIndex...)
        }
        if !atEnd { i += 1 }
        items.append(
            .choice(
                InkChoiceSyntax(
                    depth: depth, isSticky: sticky, label: label, conditions: conditions, start: startContent,
                    choiceOnly: choiceOnly, inner: inner, location: start)))
    }

    /// A logic statement after `~`.
    mutating func logicStatement() throws -> InkStatement {
        let start = here
        if matchKeyword("temp") {
            skipSpaces()
            guard let name = identifier() else { throw fail("expected the temporary variable's name") }
            skipSpaces()
            try expect("=", "'=' and a value for the temporary variable")
            skipSpaces()
            return .temp(name, try expression())
        }
        if matchKeyword("return") {
            skipSpaces()
            if atLineEnd { return .returnValue(nil) }
            return .returnValue(try expression())
        }
        let save = i
        if let name = identifier() {
            skipSpaces()
            if match("++") { return .compoundAssign(name, "+", .int(1), start) }
            if match("--") { return .compoundAssign(name, "-", .int(1), start) }
            if match("+=") {
                skipSpaces()
                return .compoundAssign(name, "+", try expression(), start)
            }
            if match("-=") {
                skipSpaces()
                return .compoundAssign(name, "-", try expression(), start)
            }
            if peek() == "=", peek(1) != "=" {
                i += 1
                skipSpaces()
                return .assign(name, try expression(), start)
            }
        }
        i = save
        return .expression(try expression())
    }
}

extension InkConditional {
    /// Whether the conditional was written over several lines.
    var isMultiline: Bool {
        branches.contains { if case .lines = $0.content { true } else { false } }
    }
}

extension InkSequence {
    /// Whether the sequence was written over several lines.
    var isMultiline: Bool {
        elements.contains { if case .lines = $0 { true } else { false } }
    }
}
