import LoomCore

/// A parsed rule: literal text, tags (`#symbol.modifier#`) and actions (`[name:rule]`).
struct GrammarRule: Sendable {
    var nodes: [RuleNode]
}

enum RuleNode: Sendable {
    case text(String)
    case tag(RuleTag)
    case action(RuleAction)
}

/// `#[actions]symbol.modifiers#`; the tag's own actions are undone after it expands.
struct RuleTag: Sendable {
    /// Symbol id, or -1 for a tag made only of actions.
    var symbol: Int
    var modifiers: [GrammarModifier]
    var actions: [RuleAction]
    var location: SourceLocation
}

/// `[target:rule,rule]` pushes a set of expanded rules; `[target:POP]` pops the last set.
struct RuleAction: Sendable {
    enum Operation: Sendable {
        case push([GrammarRule])
        case pop
    }
    var target: Int
    var operation: Operation
    var location: SourceLocation
}

/// Parses rule text into nodes, interning symbol names through `intern`.
///
/// Tracery's syntax: `#...#` is a tag, `[...]` an action (brackets nest, and a `#` inside
/// brackets belongs to the action); a backslash makes the next character literal.
struct RuleParser {
    let scalars: [Unicode.Scalar]
    let source: LocatedString
    let file: String
    let ruleName: String
    var intern: (String) -> Int
    /// Symbols used by tags, with where, for the unknown-symbol check after loading.
    var usedSymbols: [(id: Int, name: String, location: SourceLocation)] = []
    var actionTargets: [Int] = []

    init(_ source: LocatedString, file: String, ruleName: String, intern: @escaping (String) -> Int) {
        self.scalars = Array(source.value.unicodeScalars)
        self.source = source
        self.file = file
        self.ruleName = ruleName
        self.intern = intern
    }

    func location(_ index: Int) -> SourceLocation {
        SourceLocation(file: file, line: source.line, column: source.column(ofScalar: index))
    }

    func error(_ message: String, at index: Int) -> LoomError {
        LoomError(.syntax, "\(message) in rule '\(ruleName)'", at: location(index))
    }

    mutating func parseAll() throws -> GrammarRule {
        try parse(0..<scalars.count)
    }

    mutating func parse(_ range: Range<Int>) throws -> GrammarRule {
        var nodes: [RuleNode] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty {
                nodes.append(.text(String(text)))
                text = String.UnicodeScalarView()
            }
        }
        var i = range.lowerBound
        while i < range.upperBound {
            let scalar = scalars[i]
            switch scalar {
            case "\\":
                guard i + 1 < range.upperBound else { throw error("a backslash must escape a character", at: i) }
                text.append(scalars[i + 1])
                i += 2
            case "[":
                let close = try closingBracket(from: i, limit: range.upperBound)
                flush()
                nodes.append(.action(try parseAction(i + 1..<close, at: i)))
                i = close + 1
            case "]":
                throw error("unexpected ']' with no '[' to close", at: i)
            case "#":
                let close = try closingHash(from: i, limit: range.upperBound)
                flush()
                nodes.append(.tag(try parseTag(i + 1..<close, at: i)))
                i = close + 1
            default:
                text.append(scalar)
                i += 1
            }
        }
        flush()
        return GrammarRule(nodes: nodes)
    }

    /// The index of the `]` matching the `[` at `start`.
    func closingBracket(from start: Int, limit: Int) throws -> Int {
        var depth = 0
        var i = start
        while i < limit {
            switch scalars[i] {
            case "\\": i += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        throw error("unclosed '[': expected ']' to close the action", at: start)
    }

    /// The index of the `#` closing the tag opened at `start` (skipping bracketed actions).
    func closingHash(from start: Int, limit: Int) throws -> Int {
        var depth = 0
        var i = start + 1
        while i < limit {
            switch scalars[i] {
            case "\\": i += 1
            case "[": depth += 1
            case "]": depth -= 1
            case "#" where depth == 0: return i
            default: break
            }
            i += 1
        }
        throw error("unclosed '#': expected '#' to close the tag", at: start)
    }

    mutating func parseTag(_ range: Range<Int>, at start: Int) throws -> RuleTag {
        var actions: [RuleAction] = []
        var i = range.lowerBound
        while i < range.upperBound, scalars[i] == "[" {
            let close = try closingBracket(from: i, limit: range.upperBound)
            actions.append(try parseAction(i + 1..<close, at: i))
            i = close + 1
        }
        let nameStart = i
        var name = ""
        while i < range.upperBound, scalars[i] != ".", scalars[i] != "[" {
            if scalars[i] == "\\" || scalars[i] == "]" || scalars[i] == "(" {
                throw error("unexpected '\(scalars[i])' in a symbol name", at: i)
            }
            name.unicodeScalars.append(scalars[i])
            i += 1
        }
        if i < range.upperBound, scalars[i] == "[" {
            throw error("actions must come before the symbol name in a tag", at: i)
        }
        guard !name.isEmpty || (actions.isEmpty == false && i == range.upperBound) else {
            throw error("empty tag: expected a symbol name between '#' and '#'", at: start)
        }
        var modifiers: [GrammarModifier] = []
        while i < range.upperBound {
            i += 1  // the '.'
            let modifierStart = i
            var modifierName = ""
            while i < range.upperBound, scalars[i] != ".", scalars[i] != "(" {
                modifierName.unicodeScalars.append(scalars[i])
                i += 1
            }
            var arguments: [String] = []
            if i < range.upperBound, scalars[i] == "(" {
                var current = ""
                i += 1
                var closed = false
                while i < range.upperBound {
                    let scalar = scalars[i]
                    i += 1
                    if scalar == "\\", i < range.upperBound {
                        current.unicodeScalars.append(scalars[i])
                        i += 1
                    } else if scalar == "," {
                        arguments.append(current)
                        current = ""
                    } else if scalar == ")" {
                        closed = true
                        break
                    } else {
                        current.unicodeScalars.append(scalar)
                    }
                }
                guard closed else { throw error("unclosed '(' in modifier '\(modifierName)'", at: modifierStart) }
                arguments.append(current)
                if i < range.upperBound, scalars[i] != "." {
                    throw error("expected '.' or '#' after the modifier's ')'", at: i)
                }
            }
            modifiers.append(
                try GrammarModifier(name: modifierName, arguments: arguments) { message in
                    self.error(message, at: modifierStart)
                })
        }
        var id = -1
        if !name.isEmpty {
            id = intern(name)
            usedSymbols.append((id, name, location(nameStart)))
        }
        return RuleTag(symbol: id, modifiers: modifiers, actions: actions, location: location(start))
    }

    mutating func parseAction(_ range: Range<Int>, at start: Int) throws -> RuleAction {
        var colon: Int?
        var i = range.lowerBound
        while i < range.upperBound {
            if scalars[i] == "\\" {
                i += 2
                continue
            }
            if scalars[i] == ":" {
                colon = i
                break
            }
            if scalars[i] == "#" || scalars[i] == "[" { break }
            i += 1
        }
        guard let colon else { throw error("expected 'name:rule' or 'name:POP' in the action", at: start) }
        let target = String(String.UnicodeScalarView(scalars[range.lowerBound..<colon]))
        guard !target.isEmpty else { throw error("expected a symbol name before ':' in the action", at: start) }
        let id = intern(target)
        actionTargets.append(id)
        let body = colon + 1..<range.upperBound
        if String(String.UnicodeScalarView(scalars[body])) == "POP" {
            return RuleAction(target: id, operation: .pop, location: location(start))
        }
        var rules: [GrammarRule] = []
        var sectionStart = body.lowerBound
        var depth = 0, inTag = false
        i = body.lowerBound
        while i <= body.upperBound {
            if i == body.upperBound || (scalars[i] == "," && depth == 0 && !inTag) {
                rules.append(try parse(sectionStart..<i))
                sectionStart = i + 1
            } else {
                switch scalars[i] {
                case "\\": i += 1
                case "[": depth += 1
                case "]": depth -= 1
                case "#" where depth == 0: inTag.toggle()
                default: break
                }
            }
            i += 1
        }
        return RuleAction(target: id, operation: .push(rules), location: location(start))
    }
}
