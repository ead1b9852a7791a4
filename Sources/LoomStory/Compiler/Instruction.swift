/// One step of a compiled story: a small stack machine over story values.
///
/// Operands index the tables of ``Story`` (strings, variables, line templates, nodes), so an
/// instruction is a few machine words and the code of every node lives in one array.
public enum Instruction: Hashable, Sendable, Codable {
    case pushNumber(Double)
    case pushString(Int)
    case pushBool(Bool)
    case pushVariable(Int)
    case storeVariable(Int)
    case not
    case negate
    case binary(BinaryOperator)
    case callBuiltin(Builtin, argumentCount: Int)
    case callFunction(Int, argumentCount: Int)
    case pop
    case jump(Int)
    case jumpIfFalse(Int)
    /// Delivers a line; pops its template's arguments.
    case line(Int)
    /// Delivers a command to the host; pops its template's arguments.
    case command(Int)
    /// Collects an option; pops the template's arguments, then the condition when there is one.
    case addOption(template: Int, hasCondition: Bool, destination: Int)
    /// Delivers the collected options and waits for a choice.
    case showOptions
    /// Collects a saliency candidate; pops `conditionCount` bools.
    case addCandidate(key: Int, conditionCount: Int, complexity: Int, destination: Int)
    /// Lets the saliency strategy pick a candidate and goes to it, or to `fallthrough`.
    case selectCandidate(fallthrough: Int)
    case jumpToNode(Int)
    /// Pops a node name.
    case jumpToNamedNode
    case detourToNode(Int)
    /// Pops a node name.
    case detourToNamedNode
    /// Replaces a node group's selection code with the chosen member, keeping the detour stack.
    case enterGroupMember(Int)
    case returnFromDetour
    case endNode
    case stop
}
