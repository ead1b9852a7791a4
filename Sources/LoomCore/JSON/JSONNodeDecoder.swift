/// The `Decoder` handed to `init(from:)` for one located JSON value.
final class JSONNodeDecoder: Decoder {
    let node: LocatedJSON
    let codingPath: [any CodingKey]
    let context: JSONDecodingContext
    /// The keys read through keyed containers, kept only when unknown keys are rejected.
    var keyUsage: KeyUsage?
    /// Decoders for nested containers and super decoders, checked with this one.
    var children: [JSONNodeDecoder] = []

    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    init(node: LocatedJSON, codingPath: [any CodingKey], context: JSONDecodingContext) {
        self.node = node
        self.codingPath = codingPath
        self.context = context
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.value else {
            throw context.mismatch([String: Any].self, expected: "an object", at: node, path: codingPath)
        }
        if context.rejectsUnknownKeys && keyUsage == nil {
            keyUsage = KeyUsage(caseNames: KeyUsage.caseNames(of: type))
        }
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node.value else {
            throw context.mismatch([Any].self, expected: "an array", at: node, path: codingPath)
        }
        return JSONUnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueContainer(decoder: self)
    }

    /// Throws for the first member (in file order) that no keyed container read, here or in
    /// a nested container.
    func checkUnknownKeys() throws {
        defer { children.removeAll() }
        if let usage = keyUsage, !usage.readsAllKeys, case .object(let members) = node.value {
            try checkMembers(members, against: usage)
        }
        for child in children { try child.checkUnknownKeys() }
    }

    private func checkMembers(_ members: [LocatedJSON.Member], against usage: KeyUsage) throws {
        for member in members where !usage.allows(member.key) {
            let allowed = usage.allowedNames
            let owner = codingPath.isEmpty ? "the top-level object" : JSONDecodingContext.subject(codingPath)
            var message = "unknown key '\(member.key)' in \(owner)"
            message += allowed.isEmpty ? "; it takes no keys" : "; expected one of: \(allowed.joined(separator: ", "))"
            if let near = KeyUsage.nearest(to: member.key, among: allowed) { message += " (did you mean '\(near)'?)" }
            throw context.corrupted(
                message, at: node, path: codingPath + [JSONKey(stringValue: member.key)], location: member.keyLocation)
        }
    }
}

/// Which keys of one object a type read, for ``LocatedJSONDecoder/rejectsUnknownKeys``.
final class KeyUsage {
    private(set) var readsAllKeys = false
    private var names: [String] = []
    private var seen: Set<String> = []

    init(caseNames: [String]?) {
        for name in caseNames ?? [] { record(name) }
    }

    func record(_ name: String) {
        if seen.insert(name).inserted { names.append(name) }
    }

    func recordAllKeys() {
        readsAllKeys = true
    }

    func allows(_ name: String) -> Bool { seen.contains(name) }

    var allowedNames: [String] { names }

    /// The names of a `CaseIterable` key type's cases, or `nil` for other key types.
    static func caseNames<Key: CodingKey>(of type: Key.Type) -> [String]? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        return names(of: iterable)
    }

    private static func names<Cases: CaseIterable>(of type: Cases.Type) -> [String] {
        Cases.allCases.compactMap { ($0 as? any CodingKey)?.stringValue }
    }

    /// The allowed name within two edits of `name` (the closest, first on ties), if any.
    static func nearest(to name: String, among candidates: [String]) -> String? {
        EditDistance.closest(to: name, among: candidates, within: 2)
    }
}

extension Decoder {
    /// Where the value being decoded begins in its file, when the decoder is a
    /// ``LocatedJSONDecoder``'s; `nil` for any other decoder.
    ///
    /// A type can keep it to report later problems where they stand (a tile's weight checked
    /// when rules are built):
    ///
    /// ```swift
    /// struct Tile: Decodable {
    ///     var weight: Double
    ///     var location: SourceLocation?
    ///
    ///     private enum CodingKeys: String, CodingKey { case weight }
    ///
    ///     init(from decoder: Decoder) throws {
    ///         weight = try decoder.container(keyedBy: CodingKeys.self).decode(Double.self, forKey: .weight)
    ///         location = decoder.sourceLocation  // tiles.json:3:5 for the second tile below
    ///     }
    /// }
    /// let tiles = try LocatedJSONDecoder().decode([Tile].self, from: data, file: "tiles.json")
    /// ```
    public var sourceLocation: SourceLocation? {
        (self as? JSONNodeDecoder)?.node.location
    }
}
