import Foundation
import Loom
import Testing

/// Checking a world's story with the world's functions and commands declared, without
/// generating, and the Yarn Spinner declaration file of what a world adds.
@Suite struct WorldCheckTests {
    /// A world whose story calls a function of its world.lua, a text function and a fact.
    static func makeWorld(story: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("loom-check-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/story", withIntermediateDirectories: true)
        try """
        return {
          name = "tiny",
          functions = {
            double = { params = { "number" }, returns = "number", body = function(n) return n * 2 end },
          },
          commands = { ring = function(ctx) end },
          generate = function(ctx) return loom.map(4, 4, "ground"), {} end,
        }
        """.write(toFile: folder + "/world.lua", atomically: true, encoding: .utf8)
        try story.write(toFile: folder + "/story/x.yarn", atomically: true, encoding: .utf8)
        return folder
    }

    @Test(arguments: ["isles", "crypt"])
    func shippedWorldsCheckClean(name: String) throws {
        let result = try World.checkStory(folder: Repository.path("Worlds/\(name)"))
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        let story = try #require(result.story)
        // The same story the world plays: checking declares exactly what loading registers.
        let loaded = try World.load(from: Repository.path("Worlds/\(name)"), textModel: false)
        #expect(story.nodeNames == loaded.story.nodeNames)
        #expect(
            Set(try World.storyLanguage(folder: Repository.path("Worlds/\(name)")).functions.functions.keys)
                == Set(loaded.functions.functions.keys))
    }

    @Test func worldFunctionsTypeCheckAndErrorsAreLocated() throws {
        let good = try Self.makeWorld(
            story: "title: Start\n---\nTwice {double(2)}, {generate_n(\"a gull\", \"\", 8)}.\n<<ring>>\n===\n")
        defer { try? FileManager.default.removeItem(atPath: good) }
        #expect(try World.checkStory(folder: good).story != nil)

        let bad = try Self.makeWorld(story: "title: Start\n---\nA line.\n{double(\"two\")} and {nope(1)}\n===\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let result = try World.checkStory(folder: bad)
        #expect(result.story == nil)
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(
            errors == [
                "story/x.yarn:4:9: error: argument 1 of 'double' must be Number, not String",
                "story/x.yarn:4:22: error: cannot infer the type of the inline expression; declare the variables it uses",
                "story/x.yarn:4:22: error: cannot infer the type of the function 'nope'; register it with the host",
            ])
    }

    @Test func declarationsOfIslesMatchTheSnapshot() throws {
        let language = try World.storyLanguage(folder: Repository.path("Worlds/isles"))
        let text = try language.declarations.ysls()
        let snapshot = try String(
            contentsOfFile: Repository.path("Tests/LoomTests/Snapshots/isles.ysls.json"), encoding: .utf8)
        #expect(text == snapshot)
        // The file is JSON with Yarn Spinner's keys, types in lower case.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let functions = try #require(object["Functions"] as? [[String: Any]])
        let generate = try #require(functions.first { $0["YarnName"] as? String == "generate_n" })
        #expect(generate["ReturnType"] as? String == "string")
        #expect(
            (generate["Parameters"] as? [[String: Any]])?.map { $0["Type"] as? String } == [
                "string", "string", "number",
            ])
        let commands = try #require(object["Commands"] as? [[String: Any]])
        #expect(commands.map { $0["YarnName"] as? String } == ["found_town", "generate_options"])
    }

    @Test func theEnclosingWorldOfAStoryFileIsFound() throws {
        let isles = Repository.path("Worlds/isles")
        let found = World.enclosingWorldFolder(of: isles + "/story/isles.yarn")
        #expect(
            found.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                == URL(fileURLWithPath: isles).standardizedFileURL.path)
        #expect(World.enclosingWorldFolder(of: Repository.path("Tests/LoomTests/WorldTests.swift")) == nil)
    }
}
