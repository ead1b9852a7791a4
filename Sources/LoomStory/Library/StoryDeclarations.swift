import Foundation

/// The functions and commands a host adds to its stories, written as Yarn Spinner's
/// declaration file (`.ysls.json`), which Yarn Spinner's language server and VS Code
/// extension read so that the editor knows them (completion, signatures, no "unknown
/// function" warnings).
///
/// ```swift
/// var declarations = StoryDeclarations(functions: library)
/// declarations.commands.append(.init(name: "open_vault", documentation: "Unseals the vault."))
/// try AtomicFile.write(try declarations.ysls(), to: "story/Loom.ysls.json")
/// ```
///
/// The file holds `{"Commands": [...], "Functions": [...]}`; each entry has `YarnName`,
/// `DefinitionName`, `Documentation`, `Signature` and `Parameters` (`Name`, `Type`,
/// `Documentation`, `IsParamsArray`); functions add `ReturnType`. Types are written in lower
/// case (`number`, `string`, `bool`, `any`), as the file's schema requires since Yarn Spinner 2.4.
/// Entries are sorted by name and keys by name, so the same declarations give the same bytes.
public struct StoryDeclarations: Sendable, Equatable {
    /// One parameter of a function or command.
    public struct Parameter: Sendable, Equatable {
        /// The parameter's name, shown in signatures.
        public var name: String
        /// Its type; `.any` accepts every type.
        public var type: StoryType
        /// What the parameter means. Default: empty.
        public var documentation: String
        /// Whether it takes any number of values (the last parameter only). Default: false.
        public var isParamsArray: Bool

        /// A parameter.
        public init(name: String, type: StoryType, documentation: String = "", isParamsArray: Bool = false) {
            self.name = name
            self.type = type
            self.documentation = documentation
            self.isParamsArray = isParamsArray
        }
    }

    /// A function stories call in expressions: `{generate("…", "…")}`.
    public struct Function: Sendable, Equatable {
        /// The name stories call it by.
        public var name: String
        /// Its parameters, in order.
        public var parameters: [Parameter]
        /// The type of its result.
        public var returnType: StoryType
        /// What it does. Default: empty.
        public var documentation: String

        /// A function.
        public init(name: String, parameters: [Parameter], returnType: StoryType, documentation: String = "") {
            self.name = name
            self.parameters = parameters
            self.returnType = returnType
            self.documentation = documentation
        }
    }

    /// A command stories run as a statement: `<<open_vault>>`.
    public struct Command: Sendable, Equatable {
        /// The command's first word.
        public var name: String
        /// Its arguments, in order. Default: none.
        public var parameters: [Parameter]
        /// What it does. Default: empty.
        public var documentation: String

        /// A command.
        public init(name: String, parameters: [Parameter] = [], documentation: String = "") {
            self.name = name
            self.parameters = parameters
            self.documentation = documentation
        }
    }

    /// The functions, in any order (the file sorts them).
    public var functions: [Function]
    /// The commands, in any order (the file sorts them).
    public var commands: [Command]

    /// Declarations of the given functions and commands.
    public init(functions: [Function] = [], commands: [Command] = []) {
        self.functions = functions
        self.commands = commands
    }

    /// Declarations of every function in `library`, with parameters named `value1`, `value2`, …
    /// unless `names` gives a function's parameter names, and documentation from
    /// `documentation` (empty when it has none).
    public init(
        functions library: FunctionLibrary, names: [String: [String]] = [:], documentation: [String: String] = [:]
    ) {
        self.functions = library.functions.values.map { function in
            let given = names[function.name] ?? []
            let parameters = function.parameters.enumerated().map { index, type in
                Parameter(name: index < given.count ? given[index] : "value\(index + 1)", type: type)
            }
            return Function(
                name: function.name, parameters: parameters, returnType: function.returnType,
                documentation: documentation[function.name] ?? "")
        }
        self.commands = []
    }

    /// The `.ysls.json` text: pretty-printed, keys sorted, entries sorted by name, ending in a newline.
    public func ysls() throws -> String {
        let file = File(
            commands: commands.sorted { $0.name < $1.name }.map { command in
                Entry(
                    name: command.name, documentation: command.documentation,
                    signature: Self.commandSignature(command), returnType: nil,
                    parameters: command.parameters.map(Self.entry))
            },
            functions: functions.sorted { $0.name < $1.name }.map { function in
                Entry(
                    name: function.name, documentation: function.documentation,
                    signature: Self.functionSignature(function), returnType: Self.typeName(function.returnType),
                    parameters: function.parameters.map(Self.entry))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(file), as: UTF8.self) + "\n"
    }

    /// `generate(instruction, fallback)`.
    static func functionSignature(_ function: Function) -> String {
        "\(function.name)(\(function.parameters.map(\.name).joined(separator: ", ")))"
    }

    /// `open_vault` or `travel destination`.
    static func commandSignature(_ command: Command) -> String {
        ([command.name] + command.parameters.map(\.name)).joined(separator: " ")
    }

    /// The schema's type names; an enum's values are strings to the editor.
    static func typeName(_ type: StoryType) -> String {
        switch type {
        case .number: "number"
        case .string, .enumeration: "string"
        case .bool: "bool"
        case .any: "any"
        }
    }

    private static func entry(_ parameter: Parameter) -> ParameterEntry {
        ParameterEntry(
            name: parameter.name, type: typeName(parameter.type), documentation: parameter.documentation,
            isParamsArray: parameter.isParamsArray)
    }

    /// The file's shape, with Yarn Spinner's key names.
    private struct File: Encodable {
        var commands: [Entry]
        var functions: [Entry]
        enum CodingKeys: String, CodingKey {
            case commands = "Commands"
            case functions = "Functions"
        }
    }

    private struct Entry: Encodable {
        var name: String
        var documentation: String
        var signature: String
        var returnType: String?
        var parameters: [ParameterEntry]
        enum CodingKeys: String, CodingKey {
            case name = "YarnName"
            case definitionName = "DefinitionName"
            case documentation = "Documentation"
            case signature = "Signature"
            case returnType = "ReturnType"
            case parameters = "Parameters"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(name, forKey: .definitionName)
            try container.encode(documentation, forKey: .documentation)
            try container.encode(signature, forKey: .signature)
            try container.encodeIfPresent(returnType, forKey: .returnType)
            try container.encode(parameters, forKey: .parameters)
        }
    }

    private struct ParameterEntry: Encodable {
        var name: String
        var type: String
        var documentation: String
        var isParamsArray: Bool
        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case type = "Type"
            case documentation = "Documentation"
            case isParamsArray = "IsParamsArray"
        }
    }
}
