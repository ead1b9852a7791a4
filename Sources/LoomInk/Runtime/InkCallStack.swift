/// One frame of ink's call stack: where it is, its temporary variables, and what pushed it.
struct InkCallFrame {
    var pointer: InkPointer
    var inExpressionEvaluation = false
    var temporaries: [String: InkValue] = [:]
    var type: InkPushType
    /// The evaluation stack's height when a game-called function was pushed.
    var evaluationStackHeight = 0
    /// Where the function's output began in the output stream (-1 once text was kept).
    var functionStartInOutput = -1
}

/// One thread: a call stack of its own (`<- knot` forks one; choices remember theirs).
///
/// The innermost frame is kept out of the array of the others: the runtime reads and moves
/// its pointer on every step, and a plain stored property costs no copy-on-write check and no
/// reference counting.
struct InkThread {
    /// The frames under ``top``, outermost first.
    var lower: [InkCallFrame]
    /// The innermost frame.
    var top: InkCallFrame
    var index = 0
    var previousPointer = InkPointer.null

    /// A thread of `frames`, outermost first; `frames` must not be empty.
    init(frames: [InkCallFrame]) {
        lower = Array(frames.dropLast())
        top = frames[frames.count - 1]
    }

    /// Every frame, outermost first.
    var frames: [InkCallFrame] { lower + [top] }

    /// How many frames the thread has.
    var depth: Int { lower.count + 1 }

    /// The frame at `index` (0 is the outermost, `depth - 1` the top).
    subscript(frameAt index: Int) -> InkCallFrame {
        get { index == lower.count ? top : lower[index] }
        set {
            if index == lower.count {
                top = newValue
            } else {
                lower[index] = newValue
            }
        }
    }

    mutating func push(_ frame: InkCallFrame) {
        lower.append(top)
        top = frame
    }

    mutating func pop() { top = lower.removeLast() }
}

/// ink's call stack: a stack of threads, each a stack of frames. The current thread is kept
/// out of the array of the others, for the same reason as a thread's top frame.
struct InkCallStack {
    /// The threads under ``current``, oldest first.
    var lowerThreads: [InkThread] = []
    /// The thread running now.
    var current: InkThread
    var threadCounter = 0

    init(start: InkPointer) {
        current = InkThread(frames: [InkCallFrame(pointer: start, type: .tunnel)])
    }

    /// Every thread, oldest first (for saves); `threads` must not be empty when set.
    var threads: [InkThread] {
        get { lowerThreads + [current] }
        set {
            current = newValue[newValue.count - 1]
            lowerThreads = Array(newValue.dropLast())
        }
    }

    /// How many threads there are.
    var threadCount: Int { lowerThreads.count + 1 }

    /// The current thread; setting it drops every other thread.
    var currentThread: InkThread {
        get { current }
        set {
            current = newValue
            lowerThreads.removeAll()
        }
    }

    var depth: Int { current.depth }

    var currentFrame: InkCallFrame {
        get { current.top }
        _modify { yield &current.top }
    }

    var currentPointer: InkPointer {
        get { current.top.pointer }
        set { current.top.pointer = newValue }
    }

    var canPop: Bool { depth > 1 }

    func canPop(_ type: InkPushType) -> Bool { canPop && current.top.type == type }

    var elementIsEvaluateFromGame: Bool { current.top.type == .functionEvaluationFromGame }

    var canPopThread: Bool { !lowerThreads.isEmpty && !elementIsEvaluateFromGame }

    mutating func push(_ type: InkPushType, evaluationStackHeight: Int = 0, outputLength: Int = 0) {
        var frame = InkCallFrame(pointer: currentPointer, type: type)
        frame.evaluationStackHeight = evaluationStackHeight
        frame.functionStartInOutput = outputLength
        current.push(frame)
    }

    mutating func pop() { current.pop() }

    mutating func pushThread() {
        var thread = current
        threadCounter += 1
        thread.index = threadCounter
        lowerThreads.append(current)
        current = thread
    }

    mutating func forkThread() -> InkThread {
        var thread = current
        threadCounter += 1
        thread.index = threadCounter
        return thread
    }

    mutating func popThread() { current = lowerThreads.removeLast() }

    /// The temporary variable `name` in the frame of `context` (1-based; -1 for the current).
    func temporary(_ name: String, context: Int) -> InkValue? {
        let index = context <= 0 ? depth : context
        guard index >= 1, index <= depth else { return nil }
        if index == depth { return current.top.temporaries[name] }
        return current.lower[index - 1].temporaries[name]
    }

    mutating func setTemporary(_ name: String, _ value: InkValue, declare: Bool, context: Int) throws {
        let index = context <= 0 ? depth : context
        guard index >= 1, index <= depth else { throw InkRuntimeError("no call frame for variable '\(name)'") }
        if !declare && current[frameAt: index - 1].temporaries[name] == nil {
            throw InkRuntimeError("could not find temporary variable to set: \(name)")
        }
        if index == depth {
            current.top.temporaries[name] = value
        } else {
            current.lower[index - 1].temporaries[name] = value
        }
    }

    /// The context index of a variable: the current frame's when it holds a temporary of that
    /// name, else 0 (global).
    func context(ofVariable name: String) -> Int {
        current.top.temporaries[name] != nil ? depth : 0
    }
}
