/// The error every Loom module throws for bad input: what kind of failure, what went wrong,
/// and where.
///
/// A struct rather than an enum, so new kinds can be added without breaking users who switch
/// over them. Printed as `file:line:column: error: message`, with any further diagnostics
/// (a compiler reports every error at once) on the lines after it.
///
/// ```swift
/// throw LoomError(
///     .syntax, "expected '>>' to close the command started at 12:1",
///     at: SourceLocation(file: "story/intro.yarn", line: 12, column: 5))
/// ```
public struct LoomError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A family of failures. Modules add their own with `static let`.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A file could not be read or written.
        public static let io = Kind("io")
        /// Text did not follow its format's grammar.
        public static let syntax = Kind("syntax")
        /// Well-formed input that breaks a rule (a type mismatch, an unknown name).
        public static let semantic = Kind("semantic")
        /// A parameter outside its allowed range or set.
        public static let invalidArgument = Kind("invalid-argument")
        /// A name that names nothing: a generator, a layer, a variable, a file's entry.
        public static let notFound = Kind("not-found")
        /// A file in an unsupported or corrupt format.
        public static let format = Kind("format")
        /// A work or memory budget ran out.
        public static let budget = Kind("budget")
        /// An error raised by a script.
        public static let runtime = Kind("runtime")
        /// A system library Loom loads when first needed (SDL2, libpng, OpenBLAS) is missing;
        /// the message names it and how to install it.
        public static let library = Kind("library")
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    /// Further diagnostics after the first (all of a compiler's errors, notes).
    public var related: [Diagnostic]

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil, related: [Diagnostic] = []) {
        self.kind = kind
        self.message = message
        self.location = location
        self.related = related
    }

    /// An error carrying several diagnostics; the first error among them leads.
    /// `diagnostics` must not be empty.
    public init(_ kind: Kind, diagnostics: [Diagnostic]) {
        precondition(!diagnostics.isEmpty, "an error needs at least one diagnostic")
        let leadIndex = diagnostics.firstIndex { $0.severity == .error } ?? 0
        var rest = diagnostics
        let lead = rest.remove(at: leadIndex)
        self.init(kind, lead.message, at: lead.location, related: rest)
    }

    /// The leading diagnostic.
    public var diagnostic: Diagnostic { Diagnostic(.error, message, at: location) }

    /// Every diagnostic: the leading one, then the related ones.
    public var diagnostics: [Diagnostic] { [diagnostic] + related }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
