import Foundation
import LoomCore
import Testing

@Suite struct ModelSearchPathTests {
    /// A fresh folder holding `names` as empty files.
    func folder(with names: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "loom-models-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for name in names { #expect(FileManager.default.createFile(atPath: path + "/" + name, contents: Data())) }
        return path
    }

    @Test func earlierFoldersWinAndPathsAreUsedAsTheyAre() throws {
        let world = try folder(with: ["a.gguf"])
        let shared = try folder(with: ["a.gguf", "b.gguf"])
        let search = ModelSearchPath(folders: [world, shared])
        #expect(search.find("a.gguf") == world + "/a.gguf")
        #expect(search.find("b.gguf") == shared + "/b.gguf")
        #expect(search.find(shared + "/b.gguf") == shared + "/b.gguf")
        #expect(search.find("c.gguf") == nil)
    }

    @Test func theEnvironmentFoldersComeAfterTheWorldsOwn() throws {
        let world = try folder(with: [])
        let fromEnvironment = try folder(with: ["m.gguf"])
        let search = ModelSearchPath(first: [world], environment: ["LOOM_MODELS": "/nonexistent:" + fromEnvironment])
        #expect(Array(search.folders.prefix(3)) == [world, "/nonexistent", fromEnvironment])
        #expect(search.find("m.gguf") == fromEnvironment + "/m.gguf")
    }

    @Test func aMissingModelSaysWhereLoomLookedAndHowToGetIt() throws {
        let search = ModelSearchPath(folders: ["/x/Models"])
        let error = try #require(throws: LoomError.self) { try search.locate("SmolLM2.gguf") }
        #expect(error.kind == .io)
        #expect(error.message.contains("model 'SmolLM2.gguf' not found (looked in: /x/Models)"))
        #expect(error.message.contains("Scripts/fetch-models"))
    }
}
