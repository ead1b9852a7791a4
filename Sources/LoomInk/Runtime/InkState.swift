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

/// The old values of the tables a look-ahead changed, oldest first.
struct InkJournal {
    var isRecording = false
    var visits: [(id: Int, count: Int)] = []
    var turns: [(id: Int, turn: Int?)] = []
    var globals: [(name: String, value: InkValue?)] = []
    /// The whole tables as they were, once their journal grew past them.
    var originalVisits: [Int]?
    var originalTurns: [Int: Int]?
    var originalGlobals: [String: InkValue]?
}

/// What sits on the evaluation stack.
enum InkStackItem {
    case value(InkValue)
    case void
    case tag(String)
}

/// Everything that changes while an ink story plays: the call stack with its threads, the
/// output stream, the evaluation stack, variables, visit and turn counts, the choices on offer
/// and the random state. A value; the look-ahead's snapshot copies all but the large tables and
/// journals what changes in those (``snapshot()``).
struct InkState {
    var callStack: InkCallStack
    var evaluationStack: [InkStackItem] = []
    var output: [InkOutput] = [] {
        didSet {
            outputChanged = true
            outputFlagsAreStale = true
            if output.count < outputLowWater { outputLowWater = output.count }
        }
    }
    /// Set whenever the output changes, so the look-ahead only compares text that changed.
    var outputChanged = false
    /// The shortest the output has been since the look-ahead's snapshot set it to the output's
    /// length: while it is no shorter than then, the output only grew past the snapshot's.
    var outputLowWater = 0
    /// How many items were offered to the output (kept or not), so a look-ahead can tell that
    /// it added exactly one.
    var outputPushes = 0
    /// Whether ``inStringEvaluation`` and ``outputEndsInNewline`` must be worked out again: they
    /// are read on every step and only change with the output.
    private var outputFlagsAreStale = true
    private var cachedInStringEvaluation = false
    private var cachedOutputEndsInNewline = false
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
    /// The ids of the top-level knots the story entered (not by a function call), in order,
    /// since the runner last cleared them; a look-ahead's rewind takes its entries back.
    var enteredKnots: [Int] = []
    /// While a look-ahead snapshot exists, the old values of what the look-ahead changed in
    /// the large tables (visit counts, turns, globals), which the snapshot leaves out.
    var journal = InkJournal()

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
        get { callStack.current.previousPointer }
        set { callStack.current.previousPointer = newValue }
    }

    var inExpressionEvaluation: Bool {
        get { callStack.current.top.inExpressionEvaluation }
        set { callStack.current.top.inExpressionEvaluation = newValue }
    }

    var canContinue: Bool { !currentPointer.isNull && errors.isEmpty }

    /// Whether a string is being evaluated (a `str` is open in the output).
    var inStringEvaluation: Bool {
        mutating get {
            refreshOutputFlags()
            return cachedInStringEvaluation
        }
    }

    /// Whether the output's last meaningful text is a newline.
    var outputEndsInNewline: Bool {
        mutating get {
            refreshOutputFlags()
            return cachedOutputEndsInNewline
        }
    }

    private mutating func refreshOutputFlags() {
        guard outputFlagsAreStale else { return }
        outputFlagsAreStale = false
        cachedInStringEvaluation = false
        var i = output.count - 1
        while i >= 0 {
            if case .command(.beginString) = output[i] {
                cachedInStringEvaluation = true
                break
            }
            i -= 1
        }
        cachedOutputEndsInNewline = false
        for item in output.reversed() {
            if item.isCommand { break }
            if case .text(let text) = item {
                if text == "\n" {
                    cachedOutputEndsInNewline = true
                    break
                }
                if InkState.isNonWhitespace(text) { break }
            }
        }
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
        if container.isTopLevel, callStack.current.top.type == .tunnel { enteredKnots.append(container.id) }
        guard !container.countsAtStartOnly || atStart else { return }
        let id = container.id
        if container.countsVisits {
            if journal.isRecording { journalVisit(id) }
            visitCounts[id] += 1
        }
        if container.countsTurns {
            if journal.isRecording { journalTurn(id) }
            turnIndices[id] = currentTurnIndex
        }
    }

    /// Sets a global variable, journaled while a look-ahead runs.
    mutating func setGlobal(_ name: String, _ value: InkValue) {
        if journal.isRecording { journalGlobal(name) }
        globals[name] = value
    }

    // A journal that would grow past its table (a long look-ahead) keeps a copy of the table
    // as it was instead, so memory stays bounded by the table's size.

    private mutating func journalVisit(_ id: Int) {
        guard journal.originalVisits == nil else { return }
        if journal.visits.count < max(64, visitCounts.count) {
            journal.visits.append((id, visitCounts[id]))
            return
        }
        var original = visitCounts
        for (id, count) in journal.visits.reversed() { original[id] = count }
        journal.originalVisits = original
        journal.visits = []
    }

    private mutating func journalTurn(_ id: Int) {
        guard journal.originalTurns == nil else { return }
        if journal.turns.count < max(64, turnIndices.count) {
            journal.turns.append((id, turnIndices[id]))
            return
        }
        var original = turnIndices
        for (id, turn) in journal.turns.reversed() { original[id] = turn }
        journal.originalTurns = original
        journal.turns = []
    }

    private mutating func journalGlobal(_ name: String) {
        guard journal.originalGlobals == nil else { return }
        if journal.globals.count < max(64, globals.count) {
            journal.globals.append((name, globals[name]))
            return
        }
        var original = globals
        for (name, value) in journal.globals.reversed() { original[name] = value }
        journal.originalGlobals = original
        journal.globals = []
    }

    // MARK: Look-ahead snapshots

    /// A copy of the state without the large tables, and the journal started: what a
    /// look-ahead restores. Copying the tables would copy every visit count on every line.
    mutating func snapshot() -> InkState {
        var copy = self
        copy.visitCounts = []
        copy.turnIndices = [:]
        copy.globals = [:]
        copy.journal = InkJournal()
        journal = InkJournal(isRecording: true)
        return copy
    }

    /// Goes back to `saved` (from ``snapshot()``), undoing the journaled changes of the tables.
    mutating func restore(_ saved: consuming InkState) {
        var restored = saved
        swap(&restored.visitCounts, &visitCounts)
        swap(&restored.turnIndices, &turnIndices)
        swap(&restored.globals, &globals)
        if let original = journal.originalVisits { restored.visitCounts = original }
        if let original = journal.originalTurns { restored.turnIndices = original }
        if let original = journal.originalGlobals { restored.globals = original }
        for (id, count) in journal.visits.reversed() { restored.visitCounts[id] = count }
        for (id, turn) in journal.turns.reversed() { restored.turnIndices[id] = turn }
        for (name, value) in journal.globals.reversed() { restored.globals[name] = value }
        self = restored
    }

    /// Keeps what the look-ahead did and stops journaling.
    mutating func discardSnapshot() { journal = InkJournal() }

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
