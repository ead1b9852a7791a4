import LoomCore

/// An expression of ink source.
indirect enum InkExpression {
    case int(Int)
    case float(Float)
    case bool(Bool)
    /// A string literal, which may hold inline logic (`"J{"o"}e"`).
    case string([InkInline])
    /// A name or dotted path: a variable, a constant, a list item, or a read count.
    case name(String, SourceLocation)
    /// `-> path`.
    case divertTarget(String, SourceLocation)
    /// `(a, b)` or `()`.
    case list([String], SourceLocation)
    case unary(String, InkExpression)
    case binary(String, InkExpression, InkExpression)
    case call(String, [InkExpression], SourceLocation)
}

/// One target of a divert: a path and its arguments.
struct InkDivertTarget {
    var path: String
    var arguments: [InkExpression]
    var location: SourceLocation
}

/// One link of a divert chain (`-> a -> b ->`, `->->`, `->-> c`).
enum InkDivertLink {
    case target(InkDivertTarget)
    /// A trailing `->` with no target: the tunnels before it return here.
    case tunnelEnd
    /// `->->`, optionally with an override target.
    case tunnelReturn(InkDivertTarget?)
}

/// Inline content of a line.
indirect enum InkInline {
    case text(String)
    case glue
    /// `{expression}`: evaluate and print.
    case expression(InkExpression, SourceLocation)
    case conditional(InkConditional)
    case sequence(InkSequence)
    case divert([InkDivertLink], SourceLocation)
    case thread(InkDivertTarget)
    case tag([InkInline])
}

/// A conditional, inline (`{c: a|b}`) or multi-line, if-else chain or switch.
struct InkConditional {
    /// The value switched on, or the condition of a simple `{c: …}`.
    var subject: InkExpression?
    /// Whether `subject` is matched against each branch's value (a switch) rather than being
    /// the condition of the first branch.
    var isSwitch: Bool
    var branches: [InkBranch]
    var location: SourceLocation
}

/// One branch of a conditional or sequence.
struct InkBranch {
    /// The branch's condition (or the value a switch compares with); `nil` for `else` or for
    /// the first branch of a simple conditional.
    var condition: InkExpression?
    var isElse: Bool
    var content: InkBody
}

/// A branch body: inline content, or lines of weave.
enum InkBody {
    case inline([InkInline])
    case lines([InkWeaveItem])
}

/// A sequence, cycle, shuffle or once-only alternative.
struct InkSequence {
    /// Flags: 1 stopping, 2 cycle, 4 shuffle, 8 once.
    var kind: Int
    var elements: [InkBody]
    var location: SourceLocation
}

/// A logic statement (`~ …`).
enum InkStatement {
    case temp(String, InkExpression)
    case assign(String, InkExpression, SourceLocation)
    case compoundAssign(String, String, InkExpression, SourceLocation)
    case returnValue(InkExpression?)
    case expression(InkExpression)
}

/// A choice line.
struct InkChoiceSyntax {
    var depth: Int
    var isSticky: Bool
    var label: String?
    var conditions: [InkExpression]
    var start: [InkInline]
    var choiceOnly: [InkInline]?
    var inner: [InkInline]
    var location: SourceLocation

    var isInvisibleDefault: Bool {
        choiceOnly == nil
            && start.allSatisfy {
                if case .text(let text) = $0 { return text.allSatisfy { $0 == " " || $0 == "\t" } }
                return false
            }
    }
}

/// A gather line.
struct InkGatherSyntax {
    var depth: Int
    var label: String?
    var location: SourceLocation
}

/// One item of a weave.
enum InkWeaveItem {
    /// A line of content; `newline` says whether it ends with a line break.
    case line([InkInline], newline: Bool, SourceLocation)
    case logic(InkStatement, SourceLocation)
    case choice(InkChoiceSyntax)
    case gather(InkGatherSyntax)
}

/// A knot, stitch or function parameter.
struct InkParameter {
    var name: String
    var isReference: Bool
    var isDivertTarget: Bool
}

/// A knot or stitch as parsed.
final class InkFlowSyntax {
    var name: String
    var parameters: [InkParameter]
    var isFunction: Bool
    var items: [InkWeaveItem] = []
    var stitches: [InkFlowSyntax] = []
    var location: SourceLocation

    init(name: String, parameters: [InkParameter], isFunction: Bool, location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.isFunction = isFunction
        self.location = location
    }
}

/// A whole story as parsed: top-level weave, knots, and declarations.
final class InkStorySyntax {
    var root = InkFlowSyntax(name: "", parameters: [], isFunction: false, location: SourceLocation(file: ""))
    var knots: [InkFlowSyntax] = []
    var variables: [(name: String, value: InkExpression, location: SourceLocation)] = []
    var constants: [(name: String, value: InkExpression, location: SourceLocation)] = []
    var lists: [(name: String, items: [(name: String, value: Int, selected: Bool)], location: SourceLocation)] = []
    var externals: [(name: String, parameters: [String], location: SourceLocation)] = []
}
