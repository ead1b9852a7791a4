import Foundation
import Loom
import Testing

/// A Swift object a Lua script counts with, as `LuaType`'s example shows it.
final class Counter {
    var value = 0
}

/// The ```swift examples of LoomScript's and LoomStory's `///` comments, each verbatim between
/// `// example SOURCE-FILE` and `// end example`, run with the set-up they assume and checks
/// of what their comments promise.
@Suite struct DocExampleScriptTests {
    @Test func vmsRunAndCall() throws {
        // example Sources/LoomScript/LuaVM.swift
        let vm = try LuaVM()
        try vm.run("function area(w, h) return w * h end", name: "world.lua")
        let area = try vm.call("area", [4, 5])  // [.integer(20)]
        // end example
        #expect(area == [.integer(20)])
    }

    @Test func modulesOfSwiftFunctions() throws {
        let vm = try LuaVM()
        // example Sources/LoomScript/LuaCall.swift
        try vm.register(
            module: "geometry",
            functions: [
                "area": { call in
                    let width = try call.number(1), height = try call.number(2)
                    call.push(width * height)
                }
            ])
        // end example
        // example Sources/LoomScript/LuaVM+Register.swift
        try vm.register(
            module: "loom",
            functions: [
                "clamp": { call in
                    let value = try call.number(1), low = try call.number(2), high = try call.number(3)
                    call.push(min(max(value, low), high))
                }
            ])
        // end example
        #expect(try vm.run("return geometry.area(3, 4), loom.clamp(7, 0, 5)") == [.number(12), .number(5)])
    }

    @Test func optionsSeedAndModules() throws {
        try SnippetFolder.run {
            // example Sources/LoomScript/LuaOptions.swift
            var options = LuaOptions()
            options.moduleFolder = "Worlds/isles"
            options.seed = Seed(42)
            let vm = try LuaVM(options: options)
            // end example
            let first = try vm.run("return math.random(1, 1000000)")
            let again = try LuaVM(options: options).run("return math.random(1, 1000000)")
            #expect(first == again)
        }
    }

    @Test func functionsTablesCoroutinesAndErrors() throws {
        let vm = try LuaVM()
        let source = "while true do end"
        try vm.run(
            """
            function update(n) return n * 2 end
            function configure(c) total = #c .. c.name end
            function generateSteps() for i = 1, 3 do coroutine.yield(i) end return "done" end
            """, name: "world.lua")
        // example Sources/LoomScript/LuaReference.swift
        let update = try vm.global("update").functionValue!
        let results = try update.call([.integer(3)])
        // end example
        #expect(results == [.integer(6)])
        // example Sources/LoomScript/LuaTable.swift
        let config = LuaTable(array: [1, 2, 3], fields: ["name": "isles"])
        try vm.call("configure", [.table(config)])
        // end example
        #expect(try vm.global("total") == .string("3isles"))
        var printed: [String] = []
        func print(_ item: Any) { printed.append("\(item)") }
        // example Sources/LoomScript/LuaCoroutine.swift
        let steps = try vm.makeCoroutine(vm.global("generateSteps").functionValue!)
        while case .yielded(let values) = try steps.resume() { print(values) }
        // end example
        #expect(printed.count == 3)
        var options = LuaOptions()
        options.instructionBudget = 100_000
        let limited = try LuaVM(options: options)
        try Self.runTooLong(limited, source: source) { printed.append($0) }
        #expect(printed.last == "the script ran too long")
    }

    /// LuaError's example, with its `print` sent to `report`.
    static func runTooLong(_ vm: LuaVM, source: String, report print: (String) -> Void) throws {
        // example Sources/LoomScript/LuaError.swift
        do {
            try vm.run(source, name: "world.lua")
        } catch let error as LuaError where error.kind == .budget {
            print("the script ran too long")
        }
        // end example
    }

    @Test func swiftObjectsAsUserdata() throws {
        let vm = try LuaVM()
        // example Sources/LoomScript/LuaType.swift
        var type = LuaType<Counter>("Counter")
        type.methods["add"] = { counter, call in counter.value += try call.integer(2) }
        type.getter = { counter, key, call in
            if key == "value" { call.push(counter.value) } else { call.pushNil() }
        }
        try vm.register(type: type)
        try vm.setGlobal("counter", .object(Counter()))
        // end example
        #expect(try vm.run("counter:add(2); counter:add(5); return counter.value") == [.integer(7)])
    }

    @Test func storiesCompileRunAndDeclare() throws {
        let text = "title: Start\n---\nThe value is {double_it(21)}.\n-> Go\n    Gone.\n-> Stay\n===\n"
        // example Sources/LoomStory/Library/StoryFunction.swift
        var functions = FunctionLibrary()
        functions.register("double_it", parameters: [.number], returns: .number) { args in
            .number(args[0].numberValue * 2)
        }
        // end example
        let library = functions
        let doubling = try StoryCompiler.compile([StorySource(name: "intro.yarn", text: text)], functions: library)
        let withFunctions = StoryRunner(story: doubling, functions: library, seed: Seed(7))
        try withFunctions.setNode("Start")
        var firstLine: String?
        while firstLine == nil, case let event = try withFunctions.continue(), event != .end {
            if case .line(let line) = event { firstLine = line.text }
        }
        #expect(firstLine == "The value is 42.")

        let story = try StoryCompiler.compile([
            StorySource(
                name: "plain.yarn", text: "title: Start\n---\nThe tide is in.\n-> Go\n    Gone.\n-> Stay\n===\n")
        ])
        var printed: [String] = []
        func print(_ text: String) { printed.append(text) }
        // example Sources/LoomStory/Runtime/StoryRunner.swift
        let runner = StoryRunner(story: story, seed: Seed(7))
        try runner.setNode("Start")
        loop: while true {
            switch try runner.continue() {
            case .line(let line): print(line.text)
            case .options(let options): try runner.selectOption(options.first { $0.isAvailable }!.index)
            case .end: break loop
            default: continue
            }
        }
        // end example
        #expect(printed == ["The tide is in.", "Gone."])
        // example Sources/LoomStory/Runtime/StoryLimits.swift
        runner.limits.maximumDetourDepth = 32
        // end example
        #expect(runner.limits.maximumDetourDepth == 32)
        do {
            // example Sources/LoomStory/Compiler/StoryCompiler.swift
            let story = try StoryCompiler.compile([StorySource(name: "intro.yarn", text: text)])
            // end example
            Issue.record("compiled \(story) without declaring double_it")
        } catch let error as LoomError {
            #expect(error.description.hasPrefix("intro.yarn:3:"), "\(error)")
        }
        try SnippetFolder.run {
            try FileManager.default.createDirectory(atPath: "story", withIntermediateDirectories: true)
            // example Sources/LoomStory/Library/StoryDeclarations.swift
            var declarations = StoryDeclarations(functions: library)
            declarations.commands.append(.init(name: "open_vault", documentation: "Unseals the vault."))
            try AtomicFile.write(try declarations.ysls(), to: "story/Loom.ysls.json")
            // end example
            let written = try AtomicFile.readText("story/Loom.ysls.json")
            #expect(written.contains("\"double_it\"") && written.contains("\"open_vault\""))
        }
    }
}
