extension InkStory {
    /// The story in ink's JSON runtime format, compact as inklecate writes it; other ink
    /// runtimes (ink's C# runtime, inkjs) load it.
    public func json() -> String {
        var out = "{\"inkVersion\":\(InkStory.formatVersion),\"root\":"
        InkJSONWriter.write(root, to: &out)
        out += ",\"listDefs\":{"
        for (position, name) in lists.order.enumerated() {
            if position > 0 { out += "," }
            InkJSONWriter.string(name, to: &out)
            out += ":{"
            for (index, item) in (lists.definitions[name]?.items ?? []).enumerated() {
                if index > 0 { out += "," }
                InkJSONWriter.string(item.name, to: &out)
                out += ":\(item.value)"
            }
            out += "}"
        }
        out += "}}"
        return out
    }
}

/// Writes content objects in ink's JSON runtime format.
enum InkJSONWriter {
    static func write(_ container: InkContainer, to out: inout String, inContent: Bool = false) {
        out += "["
        for object in container.content {
            write(object, to: &out)
            out += ","
        }
        let named = container.namedOnlyOrder.compactMap { name in
            container.namedChildren[name].flatMap { $0.indexInParent < 0 ? $0 : nil }
        }
        let showsName = inContent && container.name != nil
        if named.isEmpty, container.countFlags == 0, !showsName {
            out += "null]"
            return
        }
        out += "{"
        var first = true
        for child in named {
            if !first { out += "," }
            first = false
            string(child.name ?? "", to: &out)
            out += ":"
            write(child, to: &out)
        }
        if container.countFlags != 0 {
            if !first { out += "," }
            first = false
            out += "\"#f\":\(container.countFlags)"
        }
        if showsName, let name = container.name {
            if !first { out += "," }
            out += "\"#n\":"
            string(name, to: &out)
        }
        out += "}]"
    }

    static func write(_ object: InkObject, to out: inout String) {
        switch object {
        case .container(let child): write(child, to: &out, inContent: true)
        case .value(let value): write(value, to: &out)
        case .command(let command): string(command.rawValue, to: &out)
        case .native(let operation): string(operation.rawValue, to: &out)
        case .divert(let divert): write(divert, to: &out)
        case .choicePoint(let choice):
            out += "{\"*\":"
            string(choice.target.path, to: &out)
            out += ",\"flg\":\(choice.flags)}"
        case .variableReference(let name):
            out += "{\"VAR?\":"
            string(name, to: &out)
            out += "}"
        case .readCount(let target):
            out += "{\"CNT?\":"
            string(target.path, to: &out)
            out += "}"
        case .assignment(let assignment):
            out += assignment.isGlobal ? "{\"VAR=\":" : "{\"temp=\":"
            string(assignment.name, to: &out)
            out += assignment.isNewDeclaration ? "}" : ",\"re\":true}"
        case .glue: out += "\"<>\""
        case .tag(let text):
            out += "{\"#\":"
            string(text, to: &out)
            out += "}"
        case .void: out += "\"void\""
        }
    }

    static func write(_ value: InkValue, to out: inout String) {
        switch value {
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .float(let number):
            var text = number.isFinite ? "\(number)" : "0.0"
            if !text.contains(".") && !text.contains("e") { text += ".0" }
            out += text
        case .string(let text):
            string(text == "\n" ? "\n" : "^" + text, to: &out)
        case .divertTarget(let path):
            out += "{\"^->\":"
            string(path, to: &out)
            out += "}"
        case .variablePointer(let name, let context):
            out += "{\"^var\":"
            string(name, to: &out)
            out += ",\"ci\":\(context)}"
        case .list(let list):
            out += "{\"list\":{"
            for (index, entry) in list.items.enumerated() {
                if index > 0 { out += "," }
                string(entry.item.description, to: &out)
                out += ":\(entry.value)"
            }
            out += "}"
            if list.isEmpty, !list.originNames.isEmpty {
                out += ",\"origins\":["
                for (index, origin) in list.originNames.enumerated() {
                    if index > 0 { out += "," }
                    string(origin, to: &out)
                }
                out += "]"
            }
            out += "}"
        }
    }

    private static func write(_ divert: InkDivert, to out: inout String) {
        if let external = divert.externalName {
            out += "{\"x()\":"
            string(external, to: &out)
            out += ",\"exArgs\":\(divert.externalArguments)"
        } else {
            let key =
                switch divert.pushType {
                case .function?: "f()"
                case .tunnel?: "->t->"
                default: "->"
                }
            out += "{\"\(key)\":"
            string(divert.variableName ?? divert.target?.path ?? "", to: &out)
            if divert.variableName != nil { out += ",\"var\":true" }
        }
        if divert.isConditional { out += ",\"c\":true" }
        out += "}"
    }

    /// Writes a JSON string literal.
    static func string(_ text: String, to out: inout String) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
