import ArgumentParser
import Foundation
import Loom

/// Loading and compiling the `.yarn` files named on the command line.
enum StoryFiles {
    /// Compiles the files, printing every diagnostic to standard error; exits 1 on errors.
    static func compile(_ paths: [String], functions: FunctionLibrary = FunctionLibrary()) throws -> Story {
        let result = try check(paths, functions: functions)
        guard let story = result.story else { throw ExitCode(1) }
        return story
    }

    /// Compiles the files and prints every diagnostic to standard error.
    static func check(_ paths: [String], functions: FunctionLibrary = FunctionLibrary()) throws -> StoryCompiler.Result
    {
        var sources: [StorySource] = []
        for path in paths {
            do {
                sources.append(try StorySource.load(from: path))
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        let result = StoryCompiler.check(sources, functions: functions)
        for diagnostic in result.diagnostics { printError(diagnostic.description) }
        return result
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
