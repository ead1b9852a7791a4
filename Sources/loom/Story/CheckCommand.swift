import ArgumentParser
import Loom

/// `loom check FILES…`: compiles Yarn files and reports every error with its location.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check Yarn Spinner story files and print their diagnostics.",
        discussion: "Prints `file:line:column: error: message` for every problem; exits 1 when there is an error."
    )

    @Argument(help: "The .yarn files of one story, or one .ink file.")
    var files: [String]

    @Flag(help: "Compile with the host functions Yarn Spinner's test cases use (assert, dummy_number, …).")
    var conformanceFunctions = false

    func run() throws {
        // ink stories are checked by the ink compiler.
        if files.count == 1, files[0].hasSuffix(".ink") {
            try InkFiles.check(files[0])
            return
        }
        let functions = conformanceFunctions ? StoryTestPlan.conformanceFunctions : FunctionLibrary()
        let result = try StoryFiles.check(files, functions: functions)
        guard let story = result.story else { throw ExitCode(1) }
        print("ok: \(story.nodeNames.count) nodes, \(story.templates.filter { !$0.id.isEmpty }.count) lines")
    }
}
