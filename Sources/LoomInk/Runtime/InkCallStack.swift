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
struct InkThread {
    var frames: [InkCallFrame]
    var index = 0
    var previousPointer = InkPointer.null
}

/// ink's call stack: a stack of threads, each a stack of frames.
struct InkCallStack {
    var threads: [InkThread]
    var threadCounter = 0

    init(start: InkPointer) {
        threads = [InkThread(frames: [InkCallFrame(pointer: start, type: .tunnel)])]
    }

    var currentThread: InkThread {
        get { threads[threads.count - 1] }
        set { threads = [newValue] }
    }

    var frames: [InkCallFrame] { threads[threads.count - 1].frames }

    var depth: Int { threads[threads.count - 1].frames.count }

    var currentFrame: InkCallFrame {
        get {
            let thread = threads[threads.count - 1]
            return thread.frames[thread.frames.count - 1]
        }
        set {
            let t = threads.count - 1
            threads[t].frames[threads[t].frames.count - 1] = newValue
        }
    }

    var currentPointer: InkPointer {
        get {
            let thread = threads[threads.count - 1]
            return thread.frames[thread.frames.count - 1].pointer
        }
        set {
            let t = threads.count - 1
            threads[t].frames[threads[t].frames.count - 1].pointer = newValue
        }
    }

    var canPop: Bool { depth > 1 }

    func canPop(_ type: InkPushType) -> Bool { canPop && currentFrame.type == type }

    var elementIsEvaluateFromGame: Bool { currentFrame.type == .functionEvaluationFromGame }

    var canPopThread: Bool { threads.count > 1 && !elementIsEvaluateFromGame }

    mutating func push(_ type: InkPushType, evaluationStackHeight: Int = 0, outputLength: Int = 0) {
        var frame = InkCallFrame(pointer: currentPointer, type: type)
        frame.evaluationStackHeight = evaluationStackHeight
        frame.functionStartInOutput = outputLength
        threads[threads.count - 1].frames.append(frame)
    }

    mutating func pop() {
        threads[threads.count - 1].frames.removeLast()
    }

    mutating func pushThread() {
        var thread = currentThread
        threadCounter += 1
        thread.index = threadCounter
        threads.append(thread)
    }

    mutating func forkThread() -> InkThread {
        var thread = currentThread
        threadCounter += 1
        thread.index = threadCounter
        return thread
    }

    mutating func popThread() { threads.removeLast() }

    /// The temporary variable `name` in the frame of `context` (1-based; -1 for the current).
    func temporary(_ name: String, context: Int) -> InkValue? {
        let index = context <= 0 ? depth : context
        guard index >= 1, index <= depth else { return nil }
        return frames[index - 1].temporaries[name]
    }

    mutating func setTemporary(_ name: String, _ value: InkValue, declare: Bool, context: Int) throws {
        let index = context <= 0 ? depth : context
        guard index >= 1, index <= depth else { throw InkRuntimeError("no call frame for variable '\(name)'") }
        let t = threads.count - 1
        if !declare && threads[t].frames[index - 1].temporaries[name] == nil {
            throw InkRuntimeError("could not find temporary variable to set: \(name)")
        }
        threads[t].frames[index - 1].temporaries[name] = value
    }

    /// The context index of a variable: the current frame's when it holds a temporary of that
    /// name, else 0 (global).
    func context(ofVariable name: String) -> Int {
        currentFrame.temporaries[name] != nil ? depth : 0
    }
}
