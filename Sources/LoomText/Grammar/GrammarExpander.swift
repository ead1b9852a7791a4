import LoomCore

/// The state of one expansion: the random source, the rules pushed by actions, and the
/// work counters that enforce ``GrammarLimits``.
///
/// A rule is chosen by `random.nextInt(below: ruleCount)`, one draw per tag, in the order the
/// tags are met (depth first, left to right), so an expansion is a pure function of the seed.
struct GrammarExpander {
    let grammar: Grammar
    let limits: GrammarLimits
    var random: Xoshiro256StarStar
    /// Rule sets pushed by actions, per symbol id; pushed rules are finished text.
    var stacks: [[[String]]]
    var depth = 0
    var expansions = 0

    init(grammar: Grammar, seed: Seed, limits: GrammarLimits) {
        self.grammar = grammar
        self.limits = limits
        self.random = seed.makeRandom()
        self.stacks = [[[String]]](repeating: [], count: grammar.names.count)
    }

    mutating func expandRule(_ rule: GrammarRule) throws -> String {
        var output = ""
        try expand(rule, into: &output)
        return output
    }

    mutating func expand(_ rule: GrammarRule, into output: inout String) throws {
        for node in rule.nodes {
            switch node {
            case .text(let text): output += text
            case .action(let action): try run(action)
            case .tag(let tag): try expand(tag, into: &output)
            }
            if output.utf8.count > limits.maxLength {
                throw LoomError(
                    .budget, "the expansion grew past \(limits.maxLength) bytes", at: SourceLocation(file: grammar.file)
                )
            }
        }
    }

    mutating func expand(_ tag: RuleTag, into output: inout String) throws {
        for action in tag.actions { try run(action) }
        if tag.symbol >= 0 {
            if tag.modifiers.isEmpty {
                try expandSymbol(tag.symbol, location: tag.location, into: &output)
            } else {
                var text = ""
                try expandSymbol(tag.symbol, location: tag.location, into: &text)
                for modifier in tag.modifiers { text = modifier.apply(text) }
                output += text
            }
        }
        for action in tag.actions.reversed() {
            if case .push = action.operation, !stacks[action.target].isEmpty {
                stacks[action.target].removeLast()
            }
        }
    }

    mutating func expandSymbol(_ symbol: Int, location: SourceLocation) throws -> String {
        var output = ""
        try expandSymbol(symbol, location: location, into: &output)
        return output
    }

    mutating func expandSymbol(_ symbol: Int, location: SourceLocation, into output: inout String) throws {
        expansions += 1
        guard expansions <= limits.maxExpansions else {
            throw LoomError(
                .budget,
                "more than \(limits.maxExpansions) expansions while expanding '\(grammar.names[symbol])'"
                    + " (a rule may recurse without end)", at: location)
        }
        if let pushed = stacks[symbol].last {
            guard !pushed.isEmpty else { return }
            output += pushed[random.nextInt(below: pushed.count)]
            return
        }
        let choices = grammar.rules[symbol]
        guard !choices.isEmpty else {
            throw LoomError(
                .semantic,
                "symbol '\(grammar.names[symbol])' has no rule here: it is only set by actions, and none is in effect",
                at: location)
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= limits.maxDepth else {
            throw LoomError(
                .budget,
                "expansion nested deeper than \(limits.maxDepth) levels at '\(grammar.names[symbol])'"
                    + " (a rule may recurse without end)", at: location)
        }
        let rule = choices.count == 1 ? choices[0] : choices[random.nextInt(below: choices.count)]
        try expand(rule, into: &output)
    }

    mutating func run(_ action: RuleAction) throws {
        switch action.operation {
        case .pop:
            if !stacks[action.target].isEmpty { stacks[action.target].removeLast() }
        case .push(let rules):
            var finished: [String] = []
            finished.reserveCapacity(rules.count)
            for rule in rules { finished.append(try expandRule(rule)) }
            stacks[action.target].append(finished)
        }
    }
}
