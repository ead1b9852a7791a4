import LoomCore

extension InkStory {
    /// Reads a story in ink's JSON runtime format (what inklecate writes).
    /// - Throws: `LoomError` located in the JSON for malformed content or an unsupported
    ///   `inkVersion`.
    public convenience init(json text: String, file: String = "<ink.json>") throws {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let document = try LocatedJSON.parse(text, file: file)
        guard let version = document["inkVersion"]?.number?.exactly(Int.self) else {
            throw LoomError(.format, "expected an ink story with a whole-number 'inkVersion'", at: document.location)
        }
        guard version >= InkStory.oldestFormatVersion, version <= InkStory.formatVersion else {
            throw LoomError(
                .format,
                "ink format version \(version) is not supported (this runtime reads \(InkStory.oldestFormatVersion) to \(InkStory.formatVersion))",
                at: document["inkVersion"]?.location)
        }
        guard let rootJSON = document["root"] else {
            throw LoomError(.format, "expected a 'root' container", at: document.location)
        }
        var lists = InkListDefinitions()
        for member in document["listDefs"]?.members ?? [] {
            var items: [(name: String, value: Int)] = []
            for item in member.value.members ?? [] {
                guard let value = item.value.number?.exactly(Int.self) else {
                    throw LoomError(.format, "expected a whole-number list item value", at: item.value.location)
                }
                items.append((item.key, value))
            }
            lists.add(InkListDefinition(name: member.key, items: items))
        }
        let root = try InkJSONReader.container(rootJSON)
        try self.init(root: root, lists: lists, inkVersion: version, file: file)
    }
}

/// Turns ink's JSON runtime format into content objects.
enum InkJSONReader {
    static func container(_ json: LocatedJSON) throws -> InkContainer {
        guard let elements = json.elements, let trailer = elements.last else {
            throw LoomError(.format, "expected a container (an array ending in null or an object)", at: json.location)
        }
        let result = InkContainer()
        for element in elements.dropLast() { result.append(try object(element)) }
        if let members = trailer.members {
            for member in members {
                switch member.key {
                case "#f":
                    result.countFlags = member.value.number?.exactly(Int.self) ?? 0
                case "#n":
                    result.name = member.value.string
                default:
                    let child = try container(member.value)
                    child.name = member.key
                    result.addNamedOnly(child)
                }
            }
        } else if !trailer.isNull {
            throw LoomError(.format, "expected null or an object to end a container", at: trailer.location)
        }
        return result
    }

    static func object(_ json: LocatedJSON) throws -> InkObject {
        switch json.value {
        case .bool(let flag): return .value(.bool(flag))
        case .number(let number):
            if number.isIntegerLiteral, let int = number.exactly(Int.self) { return .value(.int(int)) }
            return .value(.float(number.float))
        case .string(let text): return try string(text, at: json.location)
        case .array:
            let child = try container(json)
            return .container(child)
        case .object(let members): return try dictionary(members, at: json.location)
        case .null:
            throw LoomError(.format, "null may only end a container", at: json.location)
        }
    }

    private static func string(_ text: String, at location: SourceLocation) throws -> InkObject {
        if text.hasPrefix("^") { return .value(.string(String(text.dropFirst()))) }
        if text == "\n" { return .value(.string("\n")) }
        if text == "<>" { return .glue }
        if text == "void" { return .void }
        if let command = InkCommand(rawValue: text) { return .command(command) }
        if let operation = InkNativeOperation(rawValue: text) { return .native(operation) }
        throw LoomError(.format, "unknown ink command '\(text)'", at: location)
    }

    private static func dictionary(_ members: [LocatedJSON.Member], at location: SourceLocation) throws -> InkObject {
        func member(_ key: String) -> LocatedJSON? { members.first { $0.key == key }?.value }
        func text(_ key: String) throws -> String {
            guard let value = member(key)?.string else {
                throw LoomError(.format, "expected a string for '\(key)'", at: member(key)?.location ?? location)
            }
            return value
        }
        if member("^->") != nil { return .value(.divertTarget(try text("^->"))) }
        if member("^var") != nil {
            let context = member("ci")?.number?.exactly(Int.self) ?? -1
            return .value(.variablePointer(try text("^var"), context: context))
        }
        let isConditional = member("c")?.bool ?? false
        if member("->") != nil {
            let path = try text("->")
            if member("var")?.bool == true {
                return .divert(InkDivert(variableName: path, isConditional: isConditional))
            }
            return .divert(InkDivert(target: InkTarget(path: path), isConditional: isConditional))
        }
        for (key, type) in [("f()", InkPushType.function), ("->t->", .tunnel)] where member(key) != nil {
            let path = try text(key)
            if member("var")?.bool == true {
                return .divert(InkDivert(variableName: path, pushType: type, isConditional: isConditional))
            }
            return .divert(InkDivert(target: InkTarget(path: path), pushType: type, isConditional: isConditional))
        }
        if member("x()") != nil {
            let divert = InkDivert(pushType: .function, isConditional: isConditional)
            divert.externalName = try text("x()")
            divert.externalArguments = member("exArgs")?.number?.exactly(Int.self) ?? 0
            return .divert(divert)
        }
        if member("*") != nil {
            let flags = member("flg")?.number?.exactly(Int.self) ?? 0
            return .choicePoint(InkChoicePoint(target: InkTarget(path: try text("*")), flags: flags))
        }
        if member("VAR?") != nil { return .variableReference(try text("VAR?")) }
        if member("CNT?") != nil { return .readCount(InkTarget(path: try text("CNT?"))) }
        for (key, global) in [("VAR=", true), ("temp=", false)] where member(key) != nil {
            let isNew = !(member("re")?.bool ?? false)
            return .assignment(InkAssignment(name: try text(key), isGlobal: global, isNewDeclaration: isNew))
        }
        if member("#") != nil { return .tag(try text("#")) }
        if let list = member("list") {
            var result = InkList()
            for item in list.members ?? [] {
                guard let dot = item.key.firstIndex(of: "."), let value = item.value.number?.exactly(Int.self) else {
                    throw LoomError(.format, "expected 'List.item': value in a list", at: item.value.location)
                }
                let origin = String(item.key[..<dot])
                result.insert(
                    InkListItem(origin: origin, name: String(item.key[item.key.index(after: dot)...])), value: value)
            }
            for origin in member("origins")?.elements ?? [] {
                if let name = origin.string, !result.originNames.contains(name) { result.originNames.append(name) }
            }
            return .value(.list(result))
        }
        throw LoomError(.format, "unknown ink object with keys \(members.map(\.key))", at: location)
    }
}
