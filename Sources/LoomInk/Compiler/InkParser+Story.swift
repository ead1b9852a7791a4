import LoomCore

/// Top-level statements: knots, stitches, declarations, includes.
extension InkParser {
    /// Parses a whole file into `story`, adding to the flow that is current (so an included
    /// file continues the includer's top level).
    mutating func parseStory(into story: InkStorySyntax) {
        var knot: InkFlowSyntax?
        var stitch: InkFlowSyntax?
        while !atEnd {
            let lineStart = i
            skipSpaces()
            if atLineEnd {
                skipLine()
                continue
            }
            do {
                if looking(at: "==") {
                    let flow = try knotHeader(level: 2)
                    story.knots.append(flow)
                    knot = flow
                    stitch = nil
                } else if looking(at: "="), !looking(at: "==") {
                    let flow = try knotHeader(level: 1)
                    if let knot {
                        knot.stitches.append(flow)
                        stitch = flow
                    } else {
                        // A stitch before any knot belongs to the top level, like a knot.
                        story.knots.append(flow)
                        knot = nil
                        stitch = flow
                    }
                } else if try declaration(into: story) {
                } else {
                    let flow = stitch ?? knot ?? story.root
                    var items = flow.items
                    try weaveLine(into: &items, inBlock: false)
                    flow.items = items
                }
            } catch let failure as InkParseFailure {
                record(failure)
                if i <= lineStart { i = lineStart }
                skipLine()
            } catch {
                skipLine()
            }
        }
    }

    private mutating func knotHeader(level: Int) throws -> InkFlowSyntax {
        var equals = 0
        while match("=") { equals += 1 }
        if level == 2 && equals < 2 { throw fail("expected '==' to start a knot") }
        skipSpaces()
        let isFunction = matchKeyword("function")
        skipSpaces()
        let nameLocation = here
        guard let name = identifier() else { throw fail("expected the \(level == 2 ? "knot" : "stitch")'s name") }
        skipSpaces()
        var parameters: [InkParameter] = []
        if match("(") {
            skipSpaces()
            if !match(")") {
                repeat {
                    skipSpaces()
                    let isDivert = match("->")
                    skipSpaces()
                    let isReference = !isDivert && matchKeyword("ref")
                    skipSpaces()
                    guard let parameter = identifier() else { throw fail("expected a parameter name") }
                    parameters.append(InkParameter(name: parameter, isReference: isReference, isDivertTarget: isDivert))
                    skipSpaces()
                } while match(",")
                try expect(")", "')' to close the parameter list")
            }
        }
        skipSpaces()
        while match("=") {}
        skipSpaces()
        if !atLineEnd { throw fail("unexpected text after the \(level == 2 ? "knot" : "stitch") header") }
        skipLine()
        return InkFlowSyntax(name: name, parameters: parameters, isFunction: isFunction, location: nameLocation)
    }

    /// Parses `INCLUDE`, `VAR`, `CONST`, `LIST`, `EXTERNAL` and `TODO` lines.
    private mutating func declaration(into story: InkStorySyntax) throws -> Bool {
        let start = i
        if matchKeyword("INCLUDE") {
            skipSpaces()
            let pathStart = i
            while !atLineEnd { i += 1 }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: s[pathStart..<i])
            let path = String(view).trimmingCharacters(in: " \t")
            if path.isEmpty { throw fail("expected a file name after INCLUDE", at: pathStart) }
            includes.append((path, location(start)))
            skipLine()
            includeHandler?(path, location(start), story)
            return true
        }
        if matchKeyword("VAR") || matchKeyword("CONST") {
            let isConstant = s[start] == "C"
            skipSpaces()
            let nameLocation = here
            guard let name = identifier() else { throw fail("expected a variable name") }
            skipSpaces()
            try expect("=", "'=' and the \(isConstant ? "constant" : "variable")'s initial value")
            skipSpaces()
            let value = try expression()
            try endOfLine()
            if isConstant {
                story.constants.append((name, value, nameLocation))
            } else {
                story.variables.append((name, value, nameLocation))
            }
            return true
        }
        if matchKeyword("LIST") {
            skipSpaces()
            let nameLocation = here
            guard let name = identifier() else { throw fail("expected the list's name") }
            skipSpaces()
            try expect("=", "'=' and the list's items")
            var items: [(name: String, value: Int, selected: Bool)] = []
            var next = 1
            repeat {
                skipSpaces()
                let selected = match("(")
                skipSpaces()
                guard let item = identifier() else { throw fail("expected a list item name") }
                skipSpaces()
                if match("=") {
                    skipSpaces()
                    let negative = match("-")
                    let digitsStart = i
                    while let c = peek(), c >= "0" && c <= "9" { i += 1 }
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: s[digitsStart..<i])
                    guard let number = Int(String(view)) else {
                        throw fail("expected a whole number for the item's value")
                    }
                    next = negative ? -number : number
                    skipSpaces()
                }
                if selected {
                    try expect(")", "')' after the selected item")
                    skipSpaces()
                }
                items.append((item, next, selected))
                next += 1
            } while match(",")
            try endOfLine()
            story.lists.append((name, items, nameLocation))
            return true
        }
        if matchKeyword("EXTERNAL") {
            skipSpaces()
            let nameLocation = here
            guard let name = identifier() else { throw fail("expected the external function's name") }
            skipSpaces()
            var parameters: [String] = []
            try expect("(", "'(' and the parameters")
            skipSpaces()
            if !match(")") {
                repeat {
                    skipSpaces()
                    guard let parameter = identifier() else { throw fail("expected a parameter name") }
                    parameters.append(parameter)
                    skipSpaces()
                } while match(",")
                try expect(")", "')' to close the parameters")
            }
            try endOfLine()
            story.externals.append((name, parameters, nameLocation))
            return true
        }
        if looking(at: "TODO") {
            skipLine()
            return true
        }
        return false
    }

    mutating func endOfLine() throws {
        skipSpaces()
        guard atLineEnd else { throw fail("unexpected '\(String(s[i]))' at the end of the line") }
        skipLine()
    }
}

extension String {
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
