/// What the runtime reads at each index of a container, as a plain value: the kind of object,
/// the command or operation it performs, and the object it refers to, held without reference
/// counting.
///
/// Reading an ``InkObject`` out of a container copies it, which retains the class or string it
/// holds; the runtime reads one object per step, so it reads these instead and goes back to
/// the object (``InkContainer/code``) only for the payload of a value, a variable or an
/// assignment. The story keeps every referenced object alive (see ``InkContainer``).
struct InkOp {
    enum Kind: UInt8 {
        case container, text, value, command, native, divert, choicePoint, variableReference, readCount
        case assignment, glue, tag, void
    }

    var kind: Kind
    /// The command, for ``Kind/command``.
    var command = InkCommand.noOp
    /// The operation, for ``Kind/native``.
    var native = InkNativeOperation.add
    /// The container, for ``Kind/container`` (unretained, like ``InkPointer``'s).
    var container: Unmanaged<InkContainer>?
    /// The divert, for ``Kind/divert`` (unretained: even an `unowned(unsafe)` reference is
    /// retained when read, and a divert is read on most steps).
    var divert: Unmanaged<InkDivert>?
    /// The choice point, for ``Kind/choicePoint`` (unretained).
    var choice: Unmanaged<InkChoicePoint>?
    /// The target whose count is read, for ``Kind/readCount`` (unretained).
    var target: Unmanaged<InkTarget>?

    init(kind: Kind) { self.kind = kind }

    /// The op for `object`.
    init(_ object: InkObject) {
        switch object {
        case .container(let child):
            kind = .container
            container = Unmanaged.passUnretained(child)
        case .value(.string): kind = .text
        case .value: kind = .value
        case .command(let command):
            kind = .command
            self.command = command
        case .native(let operation):
            kind = .native
            native = operation
        case .divert(let divert):
            kind = .divert
            self.divert = Unmanaged.passUnretained(divert)
        case .choicePoint(let point):
            kind = .choicePoint
            choice = Unmanaged.passUnretained(point)
        case .variableReference: kind = .variableReference
        case .readCount(let target):
            kind = .readCount
            self.target = Unmanaged.passUnretained(target)
        case .assignment: kind = .assignment
        case .glue: kind = .glue
        case .tag: kind = .tag
        case .void: kind = .void
        }
    }

    /// The op that stands for a container itself (a pointer at index -1, or an empty container).
    static func container(_ container: Unmanaged<InkContainer>) -> InkOp {
        var op = InkOp(kind: .container)
        op.container = container
        return op
    }
}
