import ArgumentParser
import Foundation
import Loom

/// Loading a world folder for a command (a `LoomError` reaches `LoomCommand.main`, which prints it).
enum WorldLoader {
    /// Loads the world at `path`, or prints the located error and exits 1.
    static func load(_ path: String, textModel: Bool = true) throws -> World {
        guard World.isWorldFolder(path) else {
            throw ValidationError("\(path) is not a world folder (a folder with a world.lua)")
        }
        let world = try World.load(from: path, textModel: textModel)
        // Warnings (such as a missing transformer file) go to standard error, so transcripts stay clean.
        for warning in world.warnings { StoryFiles.printError(warning.description) }
        return world
    }

    /// `--size WxH`, checked.
    static func size(_ text: String?) throws -> Size? {
        guard let text else { return nil }
        guard let size = Size(parsing: text), (1...4096).contains(size.width), (1...4096).contains(size.height) else {
            throw ValidationError("--size '\(text)' is not WIDTHxHEIGHT with sides 1...4096, e.g. 128x64")
        }
        return size
    }
}
