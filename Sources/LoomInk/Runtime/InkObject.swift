/// One piece of content in an ink container, as ink's JSON runtime format defines it.
public enum InkObject: @unchecked Sendable {
    /// A nested container.
    case container(InkContainer)
    /// A value: text to print, or a literal to push while evaluating.
    case value(InkValue)
    /// A control command (`ev`, `out`, `done`, …).
    case command(InkCommand)
    /// A built-in operation (`+`, `==`, `LIST_COUNT`, …).
    case native(InkNativeOperation)
    /// A divert, function call, tunnel or external call.
    case divert(InkDivert)
    /// A choice point.
    case choicePoint(InkChoicePoint)
    /// Reads a variable (`VAR?`).
    case variableReference(String)
    /// Reads a container's visit count (`CNT?`).
    case readCount(InkTarget)
    /// Assigns the value on top of the evaluation stack to a variable.
    case assignment(InkAssignment)
    /// `<>`: joins the text either side across a line break.
    case glue
    /// A tag in ink's older form (`{"#": "text"}`).
    case tag(String)
    /// A value that is no value (what a function without `return` gives).
    case void
}

/// ink's control commands, named by their JSON spelling.
public enum InkCommand: String, Sendable, CaseIterable {
    case evalStart = "ev"
    case evalOutput = "out"
    case evalEnd = "/ev"
    case duplicate = "du"
    case popEvaluatedValue = "pop"
    case popFunction = "~ret"
    case popTunnel = "->->"
    case beginString = "str"
    case endString = "/str"
    case noOp = "nop"
    case choiceCount = "choiceCnt"
    case turns = "turn"
    case turnsSince = "turns"
    case readCount = "readc"
    case random = "rnd"
    case seedRandom = "srnd"
    case visitIndex = "visit"
    case sequenceShuffleIndex = "seq"
    case startThread = "thread"
    case done = "done"
    case end = "end"
    case listFromInt = "listInt"
    case listRange = "range"
    case listRandom = "lrnd"
    case beginTag = "#"
    case endTag = "/#"
}

/// A path target resolved once, when the story is loaded or compiled.
public final class InkTarget: @unchecked Sendable {
    /// The path as written (relative paths start with `.`).
    public var path: String
    /// Where the path leads: a container's start, or an object in a container.
    @exclusivity(unchecked) var pointer = InkPointer.null
    /// The container the path names, when it names one (for visit counts). Unowned, like the
    /// container's own `parent`: the story keeps every container alive, and a target often
    /// names a container it sits in (`-> knot` inside the knot, a knot's read count in itself),
    /// which a strong reference would make a cycle that keeps the whole story alive.
    @exclusivity(unchecked) unowned(unsafe) var container: InkContainer?

    /// A target from its path.
    public init(path: String) { self.path = path }

    /// The target's absolute path once resolved.
    var resolvedPath: String {
        if let container { return container.path }
        return pointer.path
    }
}

/// How a divert moves: a plain jump, or a call that pushes onto the call stack.
public enum InkPushType: Int, Sendable, Codable {
    case tunnel = 0
    case function = 1
    case functionEvaluationFromGame = 2
}

/// A divert (`->`), a function call (`f()`), a tunnel (`->t->`) or an external call (`x()`).
public final class InkDivert: @unchecked Sendable {
    // Read on every step and never written while a story plays (see InkContainer).
    /// The target for a fixed divert.
    @exclusivity(unchecked) public var target: InkTarget?
    /// The variable holding the target, for a variable divert.
    @exclusivity(unchecked) public var variableName: String?
    /// What the divert pushes, if anything.
    @exclusivity(unchecked) public var pushType: InkPushType?
    /// Whether the divert only happens when the popped value is true.
    @exclusivity(unchecked) public var isConditional = false
    /// The external function's name, for an external call.
    @exclusivity(unchecked) public var externalName: String?
    /// How many arguments an external call takes.
    @exclusivity(unchecked) public var externalArguments = 0
    /// For an external call: the knot or stitch it is written in, and its position among the
    /// external calls there (``InkCallSite``); set when a story is built.
    @exclusivity(unchecked) unowned(unsafe) var callScope: InkContainer?
    @exclusivity(unchecked) var callIndex = 0

    /// A divert from its parts.
    public init(
        target: InkTarget? = nil, variableName: String? = nil, pushType: InkPushType? = nil,
        isConditional: Bool = false
    ) {
        self.target = target
        self.variableName = variableName
        self.pushType = pushType
        self.isConditional = isConditional
    }
}

/// A choice point: makes a choice when its condition holds, from text left on the stack.
public final class InkChoicePoint: @unchecked Sendable {
    /// Where choosing leads.
    @exclusivity(unchecked) public var target: InkTarget
    /// Flags: 1 condition, 2 start content, 4 choice-only content, 8 invisible default,
    /// 16 once only.
    @exclusivity(unchecked) public var flags: Int
    /// The choice point's own path (a choice's source).
    @exclusivity(unchecked) var sourcePath = ""

    /// A choice point from its target and flags.
    public init(target: InkTarget, flags: Int) {
        self.target = target
        self.flags = flags
    }

    var hasCondition: Bool { flags & 1 != 0 }
    var hasStartContent: Bool { flags & 2 != 0 }
    var hasChoiceOnlyContent: Bool { flags & 4 != 0 }
    var isInvisibleDefault: Bool { flags & 8 != 0 }
    var isOnceOnly: Bool { flags & 16 != 0 }
}

/// An assignment: `VAR=` (global) or `temp=`, declaring a new variable or setting one (`re`).
public struct InkAssignment: Sendable {
    /// The variable's name.
    public var name: String
    /// Whether the variable is global.
    public var isGlobal: Bool
    /// Whether this declares the variable (`false` for a reassignment).
    public var isNewDeclaration: Bool

    /// An assignment from its parts.
    public init(name: String, isGlobal: Bool, isNewDeclaration: Bool) {
        self.name = name
        self.isGlobal = isGlobal
        self.isNewDeclaration = isNewDeclaration
    }
}
