import LoomCore

extension TypeChecker {
    /// Most expression nodes a smart variable may stand for once every smart variable it reads
    /// is written out in its place (the code generator inlines them).
    static let maximumSmartExpansion = 100_000
    /// Deepest expression a smart variable may stand for once written out.
    static let maximumSmartDepth = 512

    /// What one smart variable stands for when written out in full.
    struct SmartExpansion {
        /// Expression nodes, capped just past ``maximumSmartExpansion``.
        var size: Int
        /// Depth of the written-out expression, capped just past ``maximumSmartDepth``.
        var depth: Int
    }

    /// Reports every smart variable that depends on itself, and every one too large to write
    /// out where it is used.
    ///
    /// One depth-first walk over the smart variables, each visited once with an explicit stack,
    /// so a chain of 20,000 smart variables costs linear time and no deep recursion, and a
    /// chain whose every variable reads the previous one twice (doubling at each step) is
    /// measured, not expanded.
    mutating func checkSmartVariables() {
        let names = variables.keys.sorted().filter { variables[$0]?.isSmart == true }
        var reads: [String: [String]] = [:]
        for name in names {
            guard let declaration = variables[name]?.declaration else { continue }
            var found: [String] = []
            variablesRead(by: declaration.value, into: &found)
            reads[name] = found.filter { variables[$0]?.isSmart == true }
        }
        var expansions: [String: SmartExpansion] = [:]
        var onPath = Set<String>()
        var inCycle = Set<String>()
        for root in names where expansions[root] == nil {
            // Each entry: a variable and how many of its reads were already walked.
            var stack: [(name: String, next: Int)] = [(root, 0)]
            onPath.insert(root)
            while let (name, next) = stack.last {
                let dependencies = reads[name] ?? []
                if next < dependencies.count {
                    stack[stack.count - 1].next += 1
                    let dependency = dependencies[next]
                    if onPath.contains(dependency) {
                        // Every variable on the path from the dependency back to here is in a loop.
                        for entry in stack.reversed() {
                            inCycle.insert(entry.name)
                            if entry.name == dependency { break }
                        }
                    } else if expansions[dependency] == nil {
                        stack.append((dependency, 0))
                        onPath.insert(dependency)
                    }
                    continue
                }
                stack.removeLast()
                onPath.remove(name)
                expansions[name] = expansion(of: name, reads: dependencies, known: expansions)
            }
        }
        for name in names {
            guard let declaration = variables[name]?.declaration else { continue }
            if inCycle.contains(name) {
                error("the smart variable '\(name)' depends on itself", at: declaration.location)
            } else if let found = expansions[name],
                found.size > Self.maximumSmartExpansion || found.depth > Self.maximumSmartDepth
            {
                error(
                    "the smart variable '\(name)' stands for more than \(Self.maximumSmartExpansion) operations "
                        + "or \(Self.maximumSmartDepth) levels once the smart variables it reads are written out; "
                        + "store a part of it in a variable with <<set>>", at: declaration.location)
            }
        }
    }

    /// The written-out size and depth of `name`, from those of the smart variables it reads
    /// (a variable in a loop counts as one node; it is reported anyway).
    func expansion(of name: String, reads: [String], known: [String: SmartExpansion]) -> SmartExpansion {
        guard let value = variables[name]?.declaration?.value else { return SmartExpansion(size: 1, depth: 1) }
        var size = Self.nodeCount(value)
        var depth = value.depth
        for read in reads {
            let inner = known[read] ?? SmartExpansion(size: 1, depth: 1)
            size = min(size + inner.size - 1, Self.maximumSmartExpansion + 1)
            depth = min(max(depth, value.depth + inner.depth), Self.maximumSmartDepth + 1)
        }
        return SmartExpansion(size: size, depth: depth)
    }

    /// Nodes in an expression tree (at most ``ExpressionParser/maximumDepth`` deep).
    static func nodeCount(_ expr: Expr) -> Int {
        switch expr.kind {
        case .unary(_, let operand): 1 + nodeCount(operand)
        case .binary(_, let a, let b): 1 + nodeCount(a) + nodeCount(b)
        case .call(_, let arguments): arguments.reduce(1) { $0 + nodeCount($1) }
        case .number, .string, .bool, .variable, .enumCase, .invalid: 1
        }
    }
}
