import Foundation
import Testing

/// Runs the built `loom` executable, as a user would.
struct LoomProcess {
    /// The folder holding the test bundle, which is also where SwiftPM puts `loom`.
    static var productsFolder: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.pathComponents.count > 1
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("loom").path)
        {
            url.deleteLastPathComponent()
        }
        return url
    }

    static func run(
        _ arguments: [String], in folder: String? = nil, environment: [String: String] = [:]
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = productsFolder.appendingPathComponent("loom")
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }
}

@Suite struct CLITests {
    @Test func printsVersionAndHelp() throws {
        let version = try LoomProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try LoomProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("bench"))
    }

    @Test func benchPrintsOneValidJSONObjectPerBenchmark() throws {
        let result = try LoomProcess.run(["bench", "core", "--json", "--seconds", "0.01", "--filter", "splitmix"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["suite"] as? String == "core")
        #expect(object["name"] as? String == "splitmix64.next")
        #expect(object["unit"] as? String == "M numbers/s")
        for key in ["median", "min", "max"] {
            #expect((object[key] as? Double ?? 0) > 0)
        }
        #expect((object["iterations"] as? Int ?? 0) >= 5)
    }

    @Test func benchRejectsUnknownSuites() throws {
        let result = try LoomProcess.run(["bench", "nope"])
        #expect(result.status != 0)
        #expect(result.error.contains("unknown suite 'nope'; expected one of: core"))
    }
}
