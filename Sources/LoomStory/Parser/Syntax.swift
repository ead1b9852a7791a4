import LoomCore

/// An expression as written, before type checking.
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case variable(String)
        /// `Food.Apple`, or `.Apple` when the enum is left for the checker to infer.
        case enumCase(type: String?, name: String)
        case call(String, [Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// Stands for an expression already reported as an error; it takes any type, so it
        /// gives no follow-on errors, and a story with it never compiles.
        case invalid
    }

    var kind: Kind
    var location: SourceLocation
    /// Unique within one compilation, so the checker can attach facts to this expression.
    var id: Int
    /// Levels of the tree below and including this node (1 for a leaf); the parser refuses
    /// trees deeper than ``ExpressionParser/maximumDepth``.
    var depth: Int

    init(kind: Kind, location: SourceLocation, id: Int) {
        self.kind = kind
        self.location = location
        self.id = id
        switch kind {
        case .call(_, let arguments): depth = 1 + (arguments.map(\.depth).max() ?? 0)
        case .unary(_, let operand): depth = 1 + operand.depth
        case .binary(_, let left, let right): depth = 1 + max(left.depth, right.depth)
        case .number, .string, .bool, .variable, .enumCase, .invalid: depth = 1
        }
    }
}

enum UnaryOperator: String, Sendable {
    case not = "!"
    case negate = "-"
}

/// A binary operator of the story language.
public enum BinaryOperator: String, Sendable, Codable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case and = "&&"
    case or = "||"
    case xor = "^"

    var isLogical: Bool { self == .and || self == .or || self == .xor }
}

/// Text with inline expressions: `Score: {$score}`.
struct TextTemplate: Sendable {
    enum Segment: Sendable {
        case text(String)
        case expression(Expr)
    }
    var segments: [Segment] = []

    var expressions: [Expr] {
        segments.compactMap {
            if case .expression(let expr) = $0 { return expr }
            return nil
        }
    }
}

/// The condition after a line, option or line-group item: `<<if …>>`, `<<once>>`, `<<once if …>>`.
struct ContentCondition: Sendable {
    var once: Bool
    var expression: Expr?
    var location: SourceLocation
}

/// One line of text (a line, an option, a line-group item) with its condition and hashtags.
struct LineContent: Sendable {
    var template: TextTemplate
    /// The text as written (escapes resolved), for comparing shadow lines with their source.
    var sourceText: String
    var condition: ContentCondition?
    var tags: [String]
    var lineID: String?
    var shadowOf: String?
    var location: SourceLocation
}

/// A place a jump or detour goes: a node's name or an expression giving one.
enum JumpTarget: Sendable {
    case name(String, SourceLocation)
    case expression(Expr)
}

/// One choice in an option set or line group, with the statements indented under it.
struct ChoiceItem: Sendable {
    var content: LineContent
    var body: [Statement]
}

enum AssignmentOperator: String, Sendable {
    case assign = "="
    case add = "+="
    case subtract = "-="
    case multiply = "*="
    case divide = "/="
    case modulo = "%="
}

/// A statement in a node's body.
struct Statement: Sendable {
    indirect enum Kind: Sendable {
        case line(LineContent)
        case command(TextTemplate)
        case options([ChoiceItem])
        case lineGroup([ChoiceItem])
        case ifBlock([(condition: Expr?, body: [Statement])])
        case once(condition: Expr?, body: [Statement], otherwise: [Statement])
        case set(variable: String, AssignmentOperator, Expr)
        case call(Expr)
        case jump(JumpTarget)
        case detour(JumpTarget)
        case returnFromDetour
        case stop
    }
    var kind: Kind
    var location: SourceLocation
}

/// `<<declare $name = value as type>>`.
struct Declaration: Sendable {
    var name: String
    var value: Expr
    var typeName: String?
    var location: SourceLocation
}

/// `<<enum Name>> <<case A = raw>> … <<endenum>>`.
struct EnumDeclaration: Sendable {
    struct Case: Sendable {
        var name: String
        var rawValue: Expr?
        var location: SourceLocation
    }
    var name: String
    var cases: [Case]
    var location: SourceLocation
}

/// A `when:` header of a node in a node group.
enum WhenClause: Sendable {
    case always
    case once(Expr?)
    case expression(Expr)
}

/// A node as parsed: headers and body.
struct NodeSyntax: Sendable {
    var title: String
    var location: SourceLocation
    var headers: [(key: String, value: String)]
    var whenClauses: [(clause: WhenClause, location: SourceLocation)]
    var body: [Statement]
    var file: String

    func header(_ key: String) -> String? { headers.first { $0.key == key }?.value }
}

/// Everything parsed from the source files of one story.
struct StorySyntax: Sendable {
    var nodes: [NodeSyntax] = []
    var declarations: [Declaration] = []
    var enums: [EnumDeclaration] = []
}
