import Foundation
import Testing

@testable import LoomScript

/// Where the test fixtures live, found from this file's path (the tests read them in place).
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let hostile = folder.appendingPathComponent("Hostile")
    static let world = folder.appendingPathComponent("Fixtures/world")

    /// Each hostile script's file name.
    static var hostileScripts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: hostile.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted()
    }

    /// Limits small enough that each hostile script fails fast in a debug build.
    static var hostileOptions: LuaOptions {
        var options = LuaOptions()
        options.instructionBudget = 2_000_000
        options.memoryLimit = 16 << 20
        options.moduleFolder = world.path
        return options
    }
}

/// One script per known way out of a sandbox: each must end in a clean error of the right
/// kind, and the VM must keep working afterwards.
@Suite struct HostileScriptTests {
    @Test func thereIsASuiteOfHostileScripts() {
        #expect(Fixtures.hostileScripts.count >= 50)
    }

    @Test(arguments: Fixtures.hostileScripts)
    func hostileScriptEndsInACleanError(file: String) throws {
        let source = try String(contentsOf: Fixtures.hostile.appendingPathComponent(file), encoding: .utf8)
        // First line: "-- expect: <kind>: <part of the message>".
        let header = try #require(source.split(separator: "\n").first)
        let expectation = header.dropFirst("-- expect: ".count)
        let kind = String(expectation.prefix { $0 != ":" })
        let fragment = String(expectation.dropFirst(kind.count + 2))

        let vm = try LuaVM(options: Fixtures.hostileOptions)
        vm.log = { _ in }
        let error = try #require(throws: LuaError.self) { try vm.run(source, name: file) }
        #expect(error.kind.rawValue == kind, "\(file): \(error.message)")
        #expect(error.message.contains(fragment), "\(file): \(error.message)")
        if kind != "memory" && !source.contains("\n-- unlocated") {
            #expect(error.location?.file == file || error.message.hasPrefix("["), "\(file): \(error.message)")
        }
        // The same VM keeps working, under its limits.
        #expect(try vm.run("local t = {} for i = 1, 100 do t[i] = i end return #t") == [100])
        #expect(vm.memoryUsed <= Fixtures.hostileOptions.memoryLimit)
    }

    @Test func nothingOutsideTheWorldFolderIsWritten() throws {
        let marker = "/tmp/loom-escaped"
        try? FileManager.default.removeItem(atPath: marker)
        let vm = try LuaVM(options: Fixtures.hostileOptions)
        for file in Fixtures.hostileScripts {
            let source = try String(contentsOf: Fixtures.hostile.appendingPathComponent(file), encoding: .utf8)
            _ = try? vm.run(source, name: file)
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
