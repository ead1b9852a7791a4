/// A parsed XML element that remembers where in its file it and each of its attributes began,
/// so a loader can point at the exact tag or attribute that is wrong (`data.xml:12:5`).
///
/// The reader is strict XML 1.0 for the files Loom reads (the classic WFC `data.xml` tilesets
/// and `samples.xml`): elements, attributes in single or double quotes, self-closing tags, the
/// XML declaration, comments, CDATA sections, and the references `&amp;` `&lt;` `&gt;` `&quot;`
/// `&apos;` `&#N;` `&#xH;`. Processing instructions are skipped. Document type declarations
/// (`<!DOCTYPE …>`, and with them entities of one's own) are not supported. Input is UTF-8
/// (a leading byte-order mark is skipped); a declaration naming another encoding is an error.
///
/// Errors are ``LoomError``s that print as `file:line:column: error: expected …, found …`:
/// mismatched or unclosed tags, bad attribute syntax, duplicate attributes, unknown entities,
/// anything but comments after the root element. Lines and columns are 1-based and count
/// Unicode scalars, as ``LocatedJSON``'s do. Line breaks in text are normalised to `\n`, and in
/// attribute values line breaks and tabs to spaces, as XML requires. Nesting deeper than
/// `maximumDepth` (default 512) is an error rather than a stack overflow.
///
/// ```swift
/// let set = try LocatedXML.parse(#"<set size="10"><tile name="corner"/></set>"#.utf8, file: "data.xml")
/// let name = set.children.first?.attribute("name")
/// print(name?.value ?? "", name?.location ?? "")  // corner data.xml:1:22
/// ```
public struct LocatedXML: Hashable, Sendable {
    /// One `name="value"` pair of a start tag.
    public struct Attribute: Hashable, Sendable {
        /// The attribute's name, as written (XML names are case-sensitive).
        public var name: String
        /// The value with its references decoded and its line breaks and tabs turned to spaces.
        public var value: String
        /// Where the attribute's name begins.
        public var location: SourceLocation

        /// An attribute from its parts.
        public init(name: String, value: String, at location: SourceLocation) {
            self.name = name
            self.value = value
            self.location = location
        }
    }

    /// The element's name, as written.
    public var name: String
    /// The attributes in the order the start tag gives them; no two share a name.
    public var attributes: [Attribute]
    /// The child elements in document order.
    public var children: [LocatedXML]
    /// All the character data directly inside the element (text between its children, CDATA
    /// sections), references decoded, in document order; whitespace included.
    public var text: String
    /// Where the first character of ``text`` that is not whitespace is, or `nil` when the text
    /// is only whitespace: what a format that has no text points at to reject it.
    public var textLocation: SourceLocation?
    /// Where the element's start tag begins (its `<`).
    public var location: SourceLocation

    /// An element from its parts.
    public init(
        name: String, attributes: [Attribute] = [], children: [LocatedXML] = [], text: String = "",
        textLocation: SourceLocation? = nil, at location: SourceLocation
    ) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.textLocation = textLocation
        self.location = location
    }

    /// The attribute called `name`, if the start tag has one.
    public func attribute(_ name: String) -> Attribute? {
        attributes.first { $0.name == name }
    }

    /// The largest default nesting depth of elements.
    public static let defaultMaximumDepth = 512

    /// Parses a UTF-8 XML document and returns its root element.
    ///
    /// - Parameters:
    ///   - bytes: the UTF-8 text (`Data`, `[UInt8]`, `String.UTF8View`, …).
    ///   - file: the name locations and errors give. Default: `<xml>`.
    ///   - maximumDepth: how deeply elements may nest. Default 512.
    /// - Throws: ``LoomError`` of kind `.syntax`, located at the offending character, or of kind
    ///   `.format` when the bytes are not UTF-8 or the declaration names another encoding.
    public static func parse(
        _ bytes: some Collection<UInt8>, file: String = "<xml>", maximumDepth: Int = defaultMaximumDepth
    ) throws -> LocatedXML {
        let parse = { (buffer: UnsafeBufferPointer<UInt8>) throws -> LocatedXML in
            var reader = XMLReader(buffer, file: file, maximumDepth: maximumDepth)
            return try reader.readDocument()
        }
        if let root = try bytes.withContiguousStorageIfAvailable(parse) { return root }
        return try Array(bytes).withUnsafeBufferPointer(parse)
    }

    /// Reads and parses the XML file at `path`; errors name the path.
    public static func load(from path: String, maximumDepth: Int = defaultMaximumDepth) throws -> LocatedXML {
        try parse(try AtomicFile.read(path), file: path, maximumDepth: maximumDepth)
    }
}
