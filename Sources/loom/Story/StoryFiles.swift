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
    /// With `printing` false, prints nothing and throws a file's `LoomError` instead.
    static func check(
        _ paths: [String], functions: FunctionLibrary = FunctionLibrary(), printing: Bool = true
    ) throws -> StoryCompiler.Result {
        var sources: [StorySource] = []
        for path in paths {
            do {
                sources.append(try StorySource.load(from: path))
            } catch {
                guard printing else { throw error }
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        let result = StoryCompiler.check(sources, functions: functions)
        if printing { for diagnostic in result.diagnostics { printError(diagnostic.description) } }
        return result
    }

    /// The world folder whose functions the story `files` compile with: `explicit` (`--world`),
    /// else the folder itself when `files` is one world folder, else the world enclosing the
    /// first `.yarn` file (when every file lies in that world); `nil` for a plain story.
    static func world(for files: [String], explicit: String?) throws -> String? {
        if let explicit {
            guard World.isWorldFolder(explicit) else {
                throw ValidationError("--world \(explicit) is not a world folder (a folder with a world.lua)")
            }
            return explicit
        }
        if files.count == 1, World.isWorldFolder(files[0]) { return files[0] }
        guard let first = files.first, first.hasSuffix(".yarn"), let world = World.enclosingWorldFolder(of: first)
        else { return nil }
        return files.allSatisfy { World.enclosingWorldFolder(of: $0) == world } ? world : nil
    }

    /// Compiles a world's story (or the given files of it) with the world's functions,
    /// printing every diagnostic to standard error; a failing world.lua prints its located error
    /// and exits 1.
    /// With `printing` false, prints nothing and throws world.lua's `LoomError` instead.
    static func checkWorld(_ folder: String, files: [String], printing: Bool = true) throws -> StoryCompiler.Result {
        let storyFiles = files.count == 1 && World.isWorldFolder(files[0]) ? nil : files
        guard printing else { return try World.checkStory(folder: folder, files: storyFiles) }
        let result = try World.checkStory(folder: folder, files: storyFiles)
        for diagnostic in result.diagnostics { printError(diagnostic.description) }
        return result
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
