import Foundation
import LoomCore
import LoomMaps
import LoomScript
import LoomStory
import LoomText

/// The Lua half of a world: a VM that ran `world.lua`, and the functions its table holds.
/// Each ``WorldSession`` and each generation has one of its own.
final class WorldScript {
    let vm: LuaVM
    var tileset: Tileset = .standard
    var generate: LuaFunction?
    var onEnter: LuaFunction?
    var listeners: [String: LuaFunction] = [:]
    var commands: [String: LuaFunction] = [:]
    /// The table `world.lua` returned.
    var table = LuaTable()

    static let listenerNames = ["on_line", "on_options", "on_node", "on_command"]

    init(folder: String) throws {
        var options = LuaOptions()
        options.moduleFolder = folder
        vm = try LuaVM(options: options)
        let box = TilesetReader()
        try LoomBindings.install(into: vm) { box.script?.tileset ?? .standard }
        box.script = self
        try vm.register(type: StoryHandle.luaType())
    }

    /// A VM that ran `source` (world.lua) with the global `grammar` set, holding the table it returned.
    static func run(
        folder: String, source: String, grammar: Grammar?, tileset: Tileset = .standard
    ) throws
        -> WorldScript
    {
        let script = try WorldScript(folder: folder)
        script.tileset = tileset
        if let grammar {
            // The world's text model, ready before world.lua runs: the global `grammar`.
            try located { try script.vm.setGlobal("grammar", .object(LuaGrammar(grammar))) }
        }
        let results = try located { try script.vm.run(source, name: "world.lua") }
        guard let table = results.first?.tableValue else {
            throw LoomError(.world, "world.lua must return a table describing the world", at: WorldDefinition.location)
        }
        script.table = table
        return script
    }

    /// A VM of `world`'s own, with the hooks of its table read: what a session or a
    /// generation runs.
    static func run(_ world: World) throws -> WorldScript {
        let script = try run(
            folder: world.folder, source: world.source, grammar: world.grammar, tileset: world.definition.tileset)
        try script.readHooks()
        return script
    }

    /// Reads `generate`, `on_enter`, the listeners and the commands from ``table``.
    func readHooks() throws {
        guard let generate = table[.string("generate")].functionValue else {
            throw LoomError(.world, "world.lua must define generate(ctx)", at: WorldDefinition.location)
        }
        self.generate = generate
        onEnter = table[.string("on_enter")].functionValue
        for name in Self.listenerNames {
            if let function = table[.string(name)].functionValue { listeners[name] = function }
        }
        for (key, value) in table[.string("commands")].tableValue?.fields ?? [:] {
            guard let name = key.stringValue, let function = value.functionValue else {
                throw LoomError(.world, "commands.\(key) must be a function", at: WorldDefinition.location)
            }
            commands[name] = function
        }
    }

    /// The story functions of this VM: the facts in `facts`, the text functions over `text`,
    /// and the functions the table declares; with the binding that connects the text
    /// functions to a runner.
    func storyFunctions(text: WorldText, facts: FactBox) throws -> (FunctionLibrary, StoryTextBinding) {
        var functions = FunctionLibrary()
        let binding = StoryTextFunctions(text).register(into: &functions)
        binding.facts = { facts.all }
        WorldFunctions.registerFacts(into: &functions, facts: facts)
        for (key, value) in table[.string("functions")].tableValue?.fields ?? [:] {
            try WorldFunctions.register(key, value, into: &functions)
        }
        return (functions, binding)
    }

    /// Runs `body`, turning Lua's errors into `LoomError`s located in the script.
    static func located<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LuaError {
            throw error.loomError
        }
    }

    /// Runs `body` for the story (a function or command `world.lua` declares, named `what`):
    /// a Lua error keeps its place in the script in the message (`room_text() failed at
    /// world.lua:75: …`) and has no location of its own, so the story runner locates it at
    /// the `.yarn` line of the call.
    static func calledFromStory<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LuaError {
            let located = error.loomError
            let place = located.location.map { " at \($0)" } ?? ""
            throw LoomError(located.kind, "\(what) failed\(place): \(located.message)", related: located.related)
        }
    }
}

/// Lets the bindings read the tileset the script declares once it has run.
private final class TilesetReader {
    weak var script: WorldScript?
}
