import Foundation

/// Builds and runs C programs against `include/loom.h` and the C API library SwiftPM built beside
/// the test bundle (`.build/<configuration>/libLoomCShared.so`).
enum CProgram {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The C API's test program: `capi_test.c` (its `main`) and the parts it calls.
    static let testSources = ["capi_test.c", "capi_text.c", "capi_choices.c", "capi_errors.c"].map {
        "Tests/LoomCAPITests/C/" + $0
    }

    /// The build folder holding the test bundle and the libraries.
    static var buildDirectory: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    /// The shared library's path, or `nil` when it was not built.
    static var sharedLibrary: String? {
        let path = buildDirectory + "/libLoomCShared.so"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// What a finished process printed, and its exit status.
    struct Output {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `executable` with `arguments`, collecting both streams.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes are drained at once (stderr on another thread) and before waiting: a child that
        // fills one pipe (a LeakSanitizer report is easily 64 KB) would otherwise block forever.
        let errorReader = ErrorReader(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errorReader.finish()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            error: String(decoding: errData, as: UTF8.self))
    }

    /// Compiles `sources` (paths from the root) with `cc` into `output`, linked with the shared library.
    static func compile(_ sources: [String], to output: String, flags: [String] = []) throws -> Output {
        try run(
            "/usr/bin/env",
            ["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-D_POSIX_C_SOURCE=200809L", "-I", root + "/include"]
                + flags + sources.map { root + "/" + $0 }
                + ["-o", output, "-L", buildDirectory, "-lLoomCShared", "-Wl,-rpath," + buildDirectory, "-lpthread"])
    }

    /// A new empty temporary folder.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("loom-capi-\(label)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Reads a pipe to its end on its own thread.
private final class ErrorReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Waits for the pipe's end and returns what it held.
    func finish() -> Data {
        done.wait()
        return data
    }
}
