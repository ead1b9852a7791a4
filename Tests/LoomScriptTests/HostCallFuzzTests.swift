import LoomCore
import Testing

@testable import LoomScript

/// A counted Swift object: `bytes` stands for what it holds.
private final class FuzzBlob {
    let bytes: Int
    init(bytes: Int) { self.bytes = bytes }
}

/// Seeded random scripts that loop over host calls, wrap them in `pcall`, `xpcall` and
/// coroutines, and allocate host objects and strings: every one returns, or stops at the
/// instruction budget or the memory limit, and the VM answers the next call.
@Suite struct HostCallFuzzTests {
    /// Lua statements a random script is built from; `body` stands for a nested block.
    static let pieces = [
        "noop()", "charge(5000)", "local b = blob(200000)", "local s = string.rep('x', 100000) .. tostring(i)",
        "pcall(function() body end)", "xpcall(function() body end, function(e) return e end)",
        "coroutine.wrap(function() body end)()", "for j = 1, 1000 do noop() end", "while true do body end",
        "t[#t + 1] = blob(50000)",
    ]

    static func script(_ random: inout Xoshiro256StarStar, depth: Int = 0) -> String {
        var lines: [String] = []
        for _ in 0..<(1 + random.nextInt(below: 3)) {
            var piece = pieces[random.nextInt(below: pieces.count)]
            if piece.contains("body") {
                let inner = depth < 2 ? script(&random, depth: depth + 1) : "noop()"
                piece = piece.replacingOccurrences(of: "body", with: inner)
            }
            lines.append(piece)
        }
        return lines.joined(separator: "\n")
    }

    @Test("200 random scripts of host calls return or stop at a budget, and the VM goes on")
    func hostCallsStayWithinTheirBudgets() throws {
        var options = LuaOptions()
        options.instructionBudget = 2_000_000
        options.memoryLimit = 16 << 20
        let vm = try LuaVM(options: options)
        try vm.register(function: "noop") { _ in }
        try vm.register(function: "charge") { call in try call.charge(try call.integer(1)) }
        var type = LuaType<FuzzBlob>("FuzzBlob")
        type.memoryCost = { $0.bytes }
        try vm.register(type: type)
        try vm.register(function: "blob") { call in try call.push(.object(FuzzBlob(bytes: try call.integer(1)))) }
        var random = Seed(text: "host call fuzz").makeRandom()
        var outcomes: [String: Int] = [:]
        for index in 0..<200 {
            let source = "local t = {}\nfor i = 1, 50 do\n" + Self.script(&random) + "\nend\nreturn 1"
            do {
                _ = try vm.run(source, name: "fuzz\(index).lua")
                outcomes["returned", default: 0] += 1
            } catch let error as LuaError {
                #expect(error.kind == .budget || error.kind == .memory || error.kind == .runtime, "\(error)")
                outcomes[error.kind.rawValue, default: 0] += 1
            }
            #expect(try vm.run("return 2") == [2], "the VM answers after script \(index)")
        }
        #expect(outcomes["budget", default: 0] > 10, "\(outcomes)")
        #expect(outcomes["returned", default: 0] > 10, "\(outcomes)")
    }
}
