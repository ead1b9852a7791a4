import LoomCore

/// Inline content: text, glue, diverts, tags, and `{…}` logic including multi-line blocks.
extension InkParser {
    /// Parses content up to the end of the line, a `}` or one of `stops` (not consumed).
    mutating func inline(stops: Set<Unicode.Scalar>) throws -> [InkInline] {
        try enter()
        defer { leave() }
        var result: [InkInline] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty {
                result.append(.text(String(text)))
                text = String.UnicodeScalarView()
            }
        }
        while !atLineEnd {
            let c = s[i]
            if stops.contains(c) || c == "}" { break }
            if c == "\\" {
                i += 1
                if !atLineEnd {
                    text.append(s[i])
                    i += 1
                }
                continue
            }
            if c == "{" {
                flush()
                result.append(try brace())
                continue
            }
            if looking(at: "<>") {
                flush()
                i += 2
                result.append(.glue)
                continue
            }
            if looking(at: "->") {
                flush()
                let location = here
                result.append(.divert(try divertChain(), location))
                continue
            }
            if looking(at: "<-") {
                flush()
                i += 2
                skipSpaces()
                guard let target = try divertTarget() else {
                    throw fail("expected a knot or stitch to thread in after '<-'")
                }
                result.append(.thread(target))
                continue
            }
            if c == "#" {
                flush()
                i += 1
                skipSpaces()
                result.append(.tag(try inline(stops: stops.union(["#"]))))
                continue
            }
            text.append(c)
            i += 1
        }
        flush()
        return result
    }

    /// `-> a -> b ->`, `->->`, `->-> c (1)` and their combinations.
    mutating func divertChain() throws -> [InkDivertLink] {
        var links: [InkDivertLink] = []
        while true {
            skipSpaces()
            if match("->->") {
                skipSpaces()
                links.append(.tunnelReturn(try divertTarget()))
                break
            }
            guard match("->") else { break }
            skipSpaces()
            if let target = try divertTarget() {
                links.append(.target(target))
            } else {
                links.append(.tunnelEnd)
                break
            }
        }
        return links
    }

    /// A divert target path with optional arguments, or `nil` when no path follows.
    mutating func divertTarget() throws -> InkDivertTarget? {
        let location = here
        guard let path = dottedPath() else { return nil }
        let save = i
        skipSpaces()
        var arguments: [InkExpression] = []
        if peek() == "(" {
            arguments = try argumentList()
        } else {
            i = save
        }
        return InkDivertTarget(path: path, arguments: arguments, location: location)
    }

    /// `(a, b)`.
    mutating func argumentList() throws -> [InkExpression] {
        try expect("(", "'('")
        skipSpaces()
        var arguments: [InkExpression] = []
        if match(")") { return arguments }
        repeat {
            skipSpaces()
            arguments.append(try expression())
            skipSpaces()
        } while match(",")
        try expect(")", "')' to close the arguments")
        return arguments
    }

    /// `{…}`: an expression to print, a conditional, or a sequence.
    ///
    /// Parsed once per position: an expression attempt that falls back to a sequence reparses
    /// the braces inside it, which would take exponential time on deeply nested input.
    mutating func brace() throws -> InkInline {
        let open = i
        if let cached = braces[open] {
            switch cached {
            case .success(let parsed):
                i = parsed.end
                return parsed.inline
            case .failure(let failure): throw failure
            }
        }
        do {
            let inline = try parseBrace()
            braces[open] = .success((inline, i))
            return inline
        } catch let failure as InkParseFailure {
            braces[open] = .failure(failure)
            throw failure
        }
    }

    private mutating func parseBrace() throws -> InkInline {
        let location = here
        let open = i
        i += 1
        try enter()
        defer { leave() }
        skipSpaces()
        if atLineEnd {
            return .conditional(try multilineConditional(subject: nil, location: location, open: open))
        }
        if let kind = sequenceKeywords() {
            let afterColon = i
            skipSpaces()
            if !atLineEnd { i = afterColon }
            if atLineEnd {
                let (leading, branches) = try blockLines(allowConditions: false, open: open)
                var elements = branches.map { InkBody.lines($0.items) }
                if !leading.isEmpty { elements.insert(.lines(leading), at: 0) }
                return .sequence(InkSequence(kind: kind, elements: elements, location: location))
            }
            return .sequence(InkSequence(kind: kind, elements: try inlineElements(open: open), location: location))
        }
        if let c = peek(), let kind = ["&": 2, "~": 4, "!": 8, "$": 1][Character(c)] {
            i += 1
            return .sequence(InkSequence(kind: kind, elements: try inlineElements(open: open), location: location))
        }
        let save = i
        var expressionFailure: InkParseFailure?
        var parsed: InkExpression?
        do {
            parsed = try expression()
        } catch let failure as InkParseFailure {
            expressionFailure = failure
        }
        if let subject = parsed {
            skipSpaces()
            if peek() == ":" {
                i += 1
                // Inline branches keep the spaces after ':'; a line break after it starts a block.
                let afterColon = i
                skipSpaces()
                if !atLineEnd { i = afterColon }
                if atLineEnd {
                    return .conditional(try multilineConditional(subject: subject, location: location, open: open))
                }
                let whenTrue = try inline(stops: ["|"])
                var branches = [InkBranch(condition: nil, isElse: false, content: .inline(whenTrue))]
                if match("|") {
                    branches.append(InkBranch(condition: nil, isElse: true, content: .inline(try inline(stops: ["|"]))))
                }
                try expect("}", "'}' to close the conditional opened at \(location.line):\(location.column)")
                return .conditional(
                    InkConditional(subject: subject, isSwitch: false, branches: branches, location: location))
            }
            if peek() == "}" && !hasTopLevelBar(from: save) {
                i += 1
                return .expression(subject, location)
            }
        }
        i = save
        let elements = try inlineElements(open: open)
        // As in inklecate, braces without a sequence keyword hold an expression, a conditional
        // or a sequence of at least two elements; anything else is a mistake, most often an
        // expression left unfinished (`{shout("a", 2}`), whose own error says what is missing.
        if elements.count < 2 {
            if let expressionFailure { throw expressionFailure }
            let opened = self.location(open)
            throw fail(
                "expected an expression, a conditional or a sequence ('a|b') inside the '{' opened at \(opened.line):\(opened.column) (write '\\{' for a brace in text)",
                at: open)
        }
        return .sequence(InkSequence(kind: 1, elements: elements, location: location))
    }

    private func hasTopLevelBar(from start: Int) -> Bool {
        var k = start
        var nesting = 0
        var inString = false
        while k < s.count, s[k] != "\n" {
            let c = s[k]
            if c == "\"" { inString.toggle() }
            if !inString {
                if c == "{" { nesting += 1 }
                if c == "}" {
                    if nesting == 0 { return false }
                    nesting -= 1
                }
                if c == "|" && nesting == 0 { return true }
            }
            k += 1
        }
        return false
    }

    private mutating func inlineElements(open: Int) throws -> [InkBody] {
        var elements: [InkBody] = []
        repeat {
            elements.append(.inline(try inline(stops: ["|"])))
        } while match("|")
        guard match("}") else {
            let opened = location(open)
            throw fail("expected '}' to close the '{' opened at \(opened.line):\(opened.column)", at: open)
        }
        return elements
    }

    /// `stopping:`, `shuffle once:`… : the sequence kind, or `nil` (cursor unmoved).
    private mutating func sequenceKeywords() -> Int? {
        let save = i
        var kind = 0
        while true {
            let words = ["stopping": 1, "cycle": 2, "shuffle": 4, "once": 8]
            var matched = false
            for (word, flag) in words where matchKeyword(word) {
                kind |= flag
                matched = true
                break
            }
            if !matched { break }
            skipSpaces()
        }
        if kind != 0, match(":") { return kind }
        i = save
        return nil
    }

    private mutating func multilineConditional(
        subject: InkExpression?, location: SourceLocation, open: Int
    ) throws
        -> InkConditional
    {
        let (leading, parsed) = try blockLines(allowConditions: true, open: open)
        var branches: [InkBranch] = []
        if !leading.isEmpty || (subject != nil && parsed.allSatisfy({ $0.condition == nil })) {
            if !leading.isEmpty || parsed.isEmpty {
                branches.append(InkBranch(condition: nil, isElse: false, content: .lines(leading)))
            }
        }
        let isSwitch = subject != nil && parsed.contains { $0.condition != nil }
        for branch in parsed {
            var isElse = branch.isElse
            if branch.condition == nil && !isElse {
                // A plain branch is the true branch of `{c: …}` when it comes first, else an `else`.
                isElse = !(subject != nil && !isSwitch && branches.isEmpty)
            }
            branches.append(InkBranch(condition: branch.condition, isElse: isElse, content: .lines(branch.items)))
        }
        return InkConditional(subject: subject, isSwitch: isSwitch, branches: branches, location: location)
    }

    /// The lines of a multi-line block up to its `}`: those before the first `- ` branch, and
    /// each branch with its condition (`- x > 1:`) or `else`.
    private mutating func blockLines(
        allowConditions: Bool, open: Int
    ) throws
        -> (leading: [InkWeaveItem], branches: [(condition: InkExpression?, isElse: Bool, items: [InkWeaveItem])])
    {
        skipLine()
        var leading: [InkWeaveItem] = []
        var branches: [(condition: InkExpression?, isElse: Bool, items: [InkWeaveItem])] = []
        while true {
            if atEnd {
                let opened = location(open)
                throw fail("expected '}' to close the block opened at \(opened.line):\(opened.column)", at: open)
            }
            skipSpaces()
            if atLineEnd {
                skipLine()
                continue
            }
            if match("}") { break }
            var items = branches.isEmpty ? leading : branches[branches.count - 1].items
            if peek() == "-", peek(1) != ">" {
                i += 1
                skipSpaces()
                var condition: InkExpression?
                var isElse = false
                if allowConditions {
                    if matchKeyword("else") {
                        skipSpaces()
                        try expect(":", "':' after 'else'")
                        isElse = true
                    } else {
                        let save = i
                        if let expression = try? expression() {
                            skipSpaces()
                            if match(":") { condition = expression } else { i = save }
                        } else {
                            i = save
                        }
                    }
                }
                skipSpaces()
                branches.append((condition, isElse, []))
                items = []
                if atLineEnd {
                    skipLine()
                    continue
                }
            }
            do {
                try weaveLine(into: &items, inBlock: true)
            } catch let failure as InkParseFailure {
                record(failure)
                skipLine()
            }
            if branches.isEmpty { leading = items } else { branches[branches.count - 1].items = items }
        }
        return (leading, branches)
    }
}
