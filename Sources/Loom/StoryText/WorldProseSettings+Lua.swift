import LoomCore
import LoomScript
import LoomText

extension WorldProseSettings {
    /// Reads `world.lua`'s `text` table. Errors name the key and, where the source spells the
    /// table out literally, the line and column of the key in `source` (else of `text =`).
    ///
    /// - Throws: `LoomError` of kind `.world`: an unknown key (listing the known ones), a value
    ///   of the wrong type, or a value out of range.
    static func read(_ value: LuaValue, source: String) throws -> WorldProseSettings {
        let locator = WorldSourceLocator(source: source, table: "text")
        func fail(_ key: String?, _ message: String) -> LoomError {
            LoomError(
                .world, "text\(key.map { "." + $0 } ?? ""): \(message)",
                at: locator.location(of: key?.split(separator: ".").last.map(String.init)))
        }
        guard let table = value.tableValue else {
            throw fail(nil, "expected a table such as { model = \"model.gguf\" }, not a \(value.typeName)")
        }
        let known = luaKeys.map(\.lua)
        for key in table.fields.keys.compactMap(\.stringValue).sorted() where !known.contains(key) {
            throw fail(key, "unknown key; expected one of: \(known.joined(separator: ", "))")
        }
        let reader = FieldReader(table: table, fail: fail)
        guard let model = try reader.string("model") else {
            throw fail("model", "is missing; expected the path of a GGUF or llama2.c model file")
        }
        var settings = WorldProseSettings(model: model)
        settings.tokenizer = try reader.string("tokenizer")
        settings.required = try reader.bool("required") ?? settings.required
        settings.temperature = try reader.number("temperature") ?? settings.temperature
        settings.topP = try reader.number("top_p") ?? settings.topP
        settings.topK = try reader.integer("top_k") ?? settings.topK
        settings.repetitionPenalty = try reader.number("repetition_penalty") ?? settings.repetitionPenalty
        settings.maxTokens = try reader.integer("max_tokens") ?? settings.maxTokens
        settings.candidates = try reader.integer("candidates") ?? settings.candidates
        settings.attempts = try reader.integer("attempts") ?? settings.attempts
        settings.threads = try reader.integer("threads") ?? settings.threads
        settings.knownWordsOnly = try reader.bool("known_words") ?? settings.knownWordsOnly
        settings.chat = try reader.bool("chat")
        settings.chatTemplate = try reader.string("chat_template")
        settings.voice = try reader.string("voice") ?? settings.voice
        settings.maxWords = try reader.integer("max_words") ?? settings.maxWords
        settings.minP = try reader.number("min_p") ?? settings.minP
        if table[.string("prompt")] != .nil {
            settings.prompt = try readPrompt(table[.string("prompt")]) { key, message in
                fail(key.map { "prompt." + $0 } ?? "prompt", message)
            }
        }
        if let (key, message) = settings.problem() { throw fail(key, message) }
        return settings
    }

    /// Reads `text.prompt = { facts = {…}, lines = 3, speakers = false, characters = 400 }`.
    private static func readPrompt(
        _ value: LuaValue, fail: @escaping (String?, String) -> LoomError
    ) throws
        -> StoryPromptSettings
    {
        guard let table = value.tableValue else {
            throw fail(nil, "expected a table such as { facts = { … }, lines = 3 }, not a \(value.typeName)")
        }
        let known = ["facts", "lines", "speakers", "characters"]
        for key in table.fields.keys.compactMap(\.stringValue).sorted() where !known.contains(key) {
            throw fail(key, "unknown key; expected one of: \(known.joined(separator: ", "))")
        }
        let reader = FieldReader(table: table, fail: fail)
        var settings = StoryPromptSettings()
        if table[.string("facts")] != .nil {
            guard let list = table[.string("facts")].tableValue, list.fields.isEmpty else {
                throw fail("facts", "expected a list of sentences such as { \"The crypt has {rooms} rooms.\" }")
            }
            settings.facts = try list.array.enumerated().map { index, entry in
                guard let sentence = entry.stringValue else {
                    throw fail("facts", "entry \(index + 1) is a \(entry.typeName); expected a string")
                }
                return sentence
            }
        }
        settings.recentLines = try reader.integer("lines") ?? settings.recentLines
        settings.speakers = try reader.bool("speakers") ?? settings.speakers
        settings.characterBudget = try reader.integer("characters") ?? settings.characterBudget
        return settings
    }
}

/// Typed reads of a Lua table's fields, failing with the key named.
private struct FieldReader {
    let table: LuaTable
    let fail: (String?, String) -> LoomError

    func value(_ key: String) -> LuaValue? {
        let value = table[.string(key)]
        if case .nil = value { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw fail(key, "expected a string, not a \(value.typeName)") }
        return text
    }

    func number(_ key: String) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue else { throw fail(key, "expected a number, not a \(value.typeName)") }
        return number
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else {
            throw fail(
                key, "expected a whole number, not \(value.doubleValue.map { "\($0)" } ?? "a " + value.typeName)")
        }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.boolValue else { throw fail(key, "expected true or false, not a \(value.typeName)") }
        return flag
    }
}

/// Finds where `world.lua` spells out a key of one of its top-level tables, for error locations.
///
/// Lua does not keep source positions for table fields, so this reads the source: the first
/// `name = {` outside comments (else the first `name =`), then the first `key =` after it.
/// When the table is built some other way the location is the file alone.
struct WorldSourceLocator {
    let lines: [Substring]
    let tableLine: Int?
    let tableColumn: Int

    init(source: String, table: String) {
        lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var found: (Int, Int)?
        // `name = {` first; then `name =` followed by anything (a value of the wrong type).
        for next: Character? in ["{", nil] where found == nil {
            for (index, line) in lines.enumerated() {
                if let column = Self.column(of: table, followedBy: next, in: line) {
                    found = (index, column)
                    break
                }
            }
        }
        tableLine = found?.0
        tableColumn = found?.1 ?? 0
    }

    /// `world.lua:line:column` of `key = ` inside the table (of `table =` itself for `nil`, or
    /// when the key is not spelled out).
    func location(of key: String?) -> SourceLocation {
        guard let tableLine else { return SourceLocation(file: "world.lua") }
        if let key {
            for index in tableLine..<lines.count {
                let line = index == tableLine ? lines[index].dropFirst(tableColumn) : lines[index]
                if let column = Self.column(of: key, followedBy: nil, in: line) {
                    let offset = index == tableLine ? tableColumn : 0
                    return SourceLocation(file: "world.lua", line: index + 1, column: offset + column + 1)
                }
            }
        }
        return SourceLocation(file: "world.lua", line: tableLine + 1, column: tableColumn + 1)
    }

    /// The 0-based column where `name` starts as a whole word followed by `=` (then `next`,
    /// when given), in `line` before any `--` comment.
    static func column(of name: String, followedBy next: Character?, in line: Substring) -> Int? {
        let code = line.range(of: "--").map { line[..<$0.lowerBound] } ?? line
        var search = code.startIndex
        while let range = code[search...].range(of: name) {
            defer { search = range.upperBound }
            if range.lowerBound > code.startIndex {
                let before = code[code.index(before: range.lowerBound)]
                if before.isLetter || before.isNumber || before == "_" || before == "." { continue }
            }
            var rest = code[range.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
            guard rest.first == "=", rest.dropFirst().first != "=" else { continue }
            rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
            if let next, rest.first != next { continue }
            return code.distance(from: code.startIndex, to: range.lowerBound)
        }
        return nil
    }
}
