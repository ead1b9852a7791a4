import LoomCore
import LoomScript
import LoomText

/// A Tracery-style grammar for Lua: `loom.grammar(json_text)`, or the world's `grammar.json`
/// as the global `grammar`. `grammar:expand(symbol, seed | rng)` → text.
public final class LuaGrammar {
    /// The parsed grammar.
    public let grammar: Grammar

    /// Wraps a grammar.
    public init(_ grammar: Grammar) { self.grammar = grammar }

    static func luaType() -> LuaType<LuaGrammar> {
        var type = LuaType<LuaGrammar>("Grammar")
        type.methods["expand"] = { grammar, call in
            let symbol = try call.string(2)
            let argument = try call.value(3)
            let seed = try LuaRandom.drawSeed(from: argument)
            do {
                try call.push(.string(try grammar.grammar.expand(symbol, seed: seed)))
            } catch let error as LoomError {
                throw LuaError(.runtime, "grammar: \(error.message)")
            }
        }
        type.methods["defines"] = { grammar, call in call.push(grammar.grammar.defines(try call.string(2))) }
        return type
    }

    static func make(_ call: inout LuaCall) throws {
        let text = try call.string(1)
        do {
            try call.push(.object(LuaGrammar(try Grammar(json: text, file: try call.string(2, default: "<grammar>")))))
        } catch let error as LoomError {
            throw LuaError(.runtime, "grammar: \(error.description)")
        }
    }
}
