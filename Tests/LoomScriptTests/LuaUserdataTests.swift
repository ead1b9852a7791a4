import Testing

@testable import LoomScript

final class Counter {
    var value = 0
    var label = "counter"
}

/// Swift objects as Lua userdata: methods, properties, identity, release on collection.
@Suite struct LuaUserdataTests {
    static func counterType() -> LuaType<Counter> {
        var type = LuaType<Counter>("Counter")
        type.methods["add"] = { counter, call in
            counter.value += try call.integer(2)
            call.push(counter.value)
        }
        type.getter = { counter, key, call in
            switch key.stringValue {
            case "value": call.push(counter.value)
            case "label": try call.push(counter.label)
            default: call.pushNil()
            }
        }
        type.setter = { counter, key, call in
            guard key.stringValue == "label" else { throw LuaError(.runtime, "Counter has no field '\(key)'") }
            counter.label = try call.string(3)
        }
        type.description = { "Counter(\($0.value))" }
        return type
    }

    @Test func scriptsCallMethodsAndReadAndWriteProperties() throws {
        let vm = try LuaVM()
        try vm.register(type: LuaUserdataTests.counterType())
        let counter = Counter()
        try vm.setGlobal("counter", .object(counter))
        let results = try vm.run(
            "counter:add(2) counter:add(3) counter.label = 'score'"
                + " return counter.value, counter.label, tostring(counter), counter == counter, counter.missing")
        #expect(results == [5, "score", "Counter(5)", true, nil])
        #expect(counter.value == 5 && counter.label == "score")
        #expect(try vm.global("counter").object(as: Counter.self) === counter)
    }

    @Test func wrongArgumentsAndFieldsGiveLuaStyleErrors() throws {
        let vm = try LuaVM()
        try vm.register(type: LuaUserdataTests.counterType())
        try vm.setGlobal("counter", .object(Counter()))
        let badSelf = try #require(throws: LuaError.self) { try vm.run("counter.add(5, 1)", name: "w.lua") }
        #expect(badSelf.message == "w.lua:1: bad argument #1 to 'add' (Counter expected, got number)")
        let badArgument = try #require(throws: LuaError.self) { try vm.run("counter:add('x')", name: "w.lua") }
        #expect(badArgument.message == "w.lua:1: bad argument #1 to 'add' (number expected, got string)")
        let badField = try #require(throws: LuaError.self) { try vm.run("counter.value = 3", name: "w.lua") }
        #expect(badField.message == "w.lua:1: Counter has no field 'value'")
        #expect(try vm.run("return getmetatable(counter)") == ["Counter"])
    }

    @Test func objectsAreReleasedWhenLuaCollectsThem() throws {
        let vm = try LuaVM()
        try vm.register(type: LuaUserdataTests.counterType())
        weak var weakCounter: Counter?
        do {
            let counter = Counter()
            weakCounter = counter
            try vm.setGlobal("counter", .object(counter))
        }
        #expect(weakCounter != nil)
        try vm.run("counter = nil")
        vm.collectGarbage()
        #expect(weakCounter == nil)
    }

    @Test func objectsAreReleasedWhenTheVMCloses() throws {
        weak var weakCounter: Counter?
        do {
            let vm = try LuaVM()
            try vm.register(type: LuaUserdataTests.counterType())
            let counter = Counter()
            weakCounter = counter
            try vm.setGlobal("kept", .object(counter))
        }
        #expect(weakCounter == nil)
    }

    @Test func unregisteredTypesAreRefused() throws {
        let vm = try LuaVM()
        let error = try #require(throws: LuaError.self) { try vm.setGlobal("x", .object(Counter())) }
        #expect(error.message == "no Lua type is registered for Counter")
    }
}

/// Coroutines from Lua and from Swift, under the budget.
@Suite struct LuaCoroutineTests {
    @Test func swiftResumesACoroutineUntilItReturns() throws {
        let vm = try LuaVM()
        try vm.run("function steps(n) for i = 1, n do coroutine.yield(i, i * i) end return 'done' end")
        let steps = try vm.makeCoroutine(try #require(try vm.global("steps").functionValue))
        var outcomes: [LuaCoroutine.Outcome] = []
        outcomes.append(try steps.resume([2]))
        outcomes.append(try steps.resume())
        outcomes.append(try steps.resume())
        #expect(outcomes == [.yielded([1, 1]), .yielded([2, 4]), .returned(["done"])])
        #expect(steps.status == .finished)
        #expect(throws: LuaError.self) { try steps.resume() }
    }

    @Test func aFailingCoroutineReportsItsErrorAndTraceback() throws {
        let vm = try LuaVM()
        try vm.run("function bad() coroutine.yield(1)\n error('broken') end", name: "co.lua")
        let coroutine = try vm.makeCoroutine(try #require(try vm.global("bad").functionValue))
        #expect(try coroutine.resume() == .yielded([1]))
        let error = try #require(throws: LuaError.self) { try coroutine.resume() }
        #expect(error.kind == .runtime && error.message == "co.lua:2: broken")
        #expect(error.traceback?.contains("co.lua:2") == true)
        #expect(coroutine.status == .failed)
    }

    @Test func theBudgetAppliesInsideCoroutinesResumedFromSwift() throws {
        var options = LuaOptions()
        options.instructionBudget = 1_000_000
        let vm = try LuaVM(options: options)
        try vm.run("function spin() coroutine.yield() while true do end end")
        let coroutine = try vm.makeCoroutine(try #require(try vm.global("spin").functionValue))
        #expect(try coroutine.resume() == .yielded([]))
        let error = try #require(throws: LuaError.self) { try coroutine.resume() }
        #expect(error.kind == .budget)
    }

    @Test func scriptCoroutinesAndYieldsAcrossPcallWork() throws {
        let vm = try LuaVM()
        let results = try vm.run(
            """
            local gen = coroutine.wrap(function()
              for i = 1, 3 do pcall(coroutine.yield, i) end
            end)
            return gen() + gen() + gen()
            """)
        #expect(results == [6])
    }
}
