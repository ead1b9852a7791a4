/// One choice the player can make.
public struct InkChoice: @unchecked Sendable {
    /// The choice's text, as the player sees it.
    public var text: String
    /// Its position among the choices offered (0-based), for ``InkRunner/choose(_:)``.
    public var index: Int
    /// Tags written on the choice line.
    public var tags: [String]
    /// The path of the choice point that made it.
    public var sourcePath: String
    /// Where choosing it leads.
    var target: InkPointer
    var targetPath: String
    /// Whether this is an invisible default choice (taken when it is the only one left).
    var isInvisibleDefault: Bool
    /// The thread the choice was made in, which continues when it is chosen.
    var thread: InkThread
}

/// What sits in the output stream before it becomes text.
enum InkOutput {
    case text(String)
    case glue
    case command(InkCommand)
    case tag(String)

    var isCommand: Bool {
        if case .command = self { return true }
        return false
    }
}

/// What sits on the evaluation stack.
enum InkStackItem {
    case value(InkValue)
    case void
    case tag(String)
}

/// Everything that changes while an ink story plays: the call stack with its threads, the
/// output stream, the evaluation stack, variables, visit and turn counts, the choices on offer
/// and the random state. A value: copying it is a snapshot.
struct InkState {
    var callStack: InkCallStack
    var evaluationStack: [InkStackItem] = []
    var output: [InkOutput] = [] {
        didSet { outputChanged = true }
    }
    /// Set whenever the output changes, so the look-ahead only compares text that changed.
    var outputChanged = false
    var generatedChoices: [InkChoice] = []
    var globals: [String: InkValue] = [:]
    var visitCounts: [Int]
    var turnIndices: [Int: Int] = [:]
    var currentTurnIndex = -1
    var storySeed: Int32 = 0
    var previousRandom: Int32 = 0
    var didSafeExit = false
    var divertedPointer = InkPointer.null
    var errors: [String] = []
    var warnings: [String] = []
    var changedGlobals: [String] = []

    init(story: InkStory, seed: Int32) {
        callStack = InkCallStack(start: InkPointer.start(of: story.root))
        visitCounts = [Int](repeating: 0, count: story.containers.count)
        storySeed = seed
    }

    var currentPointer: InkPointer {
        get { callStack.currentPointer }
        set { callStack.currentPointer = newValue }
    }

    var previousPointer: InkPointer {
        get { callStack.threads[callStack.threads.count - 1].previousPointer }
        set { callStack.threads[callStack.threads.count - 1].previousPointer = newValue }
    }

    var inExpressionEvaluation: Bool {
        get { callStack.currentFrame.inExpressionEvaluation }
        set { callStack.currentFrame.inExpressionEvaluation = newValue }
    }

    var canContinue: Bool { !currentPointer.isNull && errors.isEmpty }

    var inStringEvaluation: Bool {
        for item in output.reversed() {
            if case .command(.beginString) = item { return true }
        }
        return false
    }

    // MARK: Evaluation stack

    mutating func push(_ value: InkValue) { evaluationStack.append(.value(value)) }

    mutating func popItem() throws -> InkStackItem {
        guard let item = evaluationStack.popLast() else {
            throw InkRuntimeError("the evaluation stack is empty (malformed story)")
        }
        return item
    }

    mutating func popValue() throws -> InkValue {
        switch try popItem() {
        case .value(let value): return value
        case .void:
            throw InkRuntimeError(
                "attempting to use a void value; did you forget to 'return' a value from a function you called here?")
        case .tag: throw InkRuntimeError("expected a value, found a tag")
        }
    }

    // MARK: Counts

    mutating func visit(_ container: InkContainer, atStart: Bool) {
        guard !container.countsAtStartOnly || atStart else { return }
        if container.countsVisits { visitCounts[container.id] += 1 }
        if container.countsTurns { turnIndices[container.id] = currentTurnIndex }
    }

    func turnsSince(_ container: InkContainer) -> Int {
        guard let turn = turnIndices[container.id] else { return -1 }
        return currentTurnIndex - turn
    }

    // MARK: Flow

    mutating func forceEnd(start: InkPointer) {
        callStack = InkCallStack(start: start)
        callStack.currentPointer = .null
        generatedChoices.removeAll()
        didSafeExit = true
    }

    mutating func popCallStack() {
        if callStack.currentFrame.type == .function { trimWhitespaceFromFunctionEnd() }
        callStack.pop()
    }

    private mutating func trimWhitespaceFromFunctionEnd() {
        var start = callStack.currentFrame.functionStartInOutput
        if start == -1 { start = 0 }
        var i = output.count - 1
        while i >= start {
            if case .text(let text) = output[i] {
                if text == "\n" || InkState.isInlineWhitespace(text) {
                    output.remove(at: i)
                } else {
                    break
                }
            }
            i -= 1
        }
    }

    static func isInlineWhitespace(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    static func isNonWhitespace(_ text: String) -> Bool { text != "\n" && !isInlineWhitespace(text) }
}
