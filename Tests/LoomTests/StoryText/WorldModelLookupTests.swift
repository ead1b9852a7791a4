import Foundation
import Testing

@testable import Loom

/// A world's `text.model` given by bare name is found on the model search path: the world's
/// folder first, then `LOOM_MODELS` and `Models/`.
@Suite struct WorldModelLookupTests {
    @Test("a file in the world's folder comes first; a path is taken as it is")
    func worldFolderFirst() throws {
        let folder = try ProseTesting.folder("lookup")
        try Data("GGUF".utf8).write(to: URL(fileURLWithPath: folder + "/mine.gguf"))
        #expect(WorldText.locateModel("mine.gguf", in: folder) == folder + "/mine.gguf")
        #expect(WorldText.locateModel("sub/none.gguf", in: folder) == folder + "/sub/none.gguf")
        #expect(WorldText.locateModel("none.gguf", in: folder) == folder + "/none.gguf")
    }

    @Test(
        "a bare name not in the world's folder is found in Models/",
        .enabled(
            if: FileManager.default.fileExists(atPath: "Models/SmolLM2-135M-Instruct.Q4_1.gguf"),
            "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"))
    func foundInModels() throws {
        let folder = try ProseTesting.folder("lookup-models")
        let found = WorldText.locateModel("SmolLM2-135M-Instruct.Q4_1.gguf", in: folder)
        #expect(found.hasSuffix("/Models/SmolLM2-135M-Instruct.Q4_1.gguf"))
    }

    @Test("a missing model named bare says where Loom looked and how to fetch it")
    func missingByName() throws {
        let folder = try WorldProseTests.world(
            "lookup-missing", text: #"{ model = "Nowhere-1B.Q4_0.gguf" }"#, model: false)
        let world = try World.load(from: folder)
        let warning = try #require(world.warnings.first)
        #expect(warning.message.hasPrefix("text.model: no model file at \(folder)/Nowhere-1B.Q4_0.gguf"))
        #expect(warning.message.contains("run Scripts/fetch-models to download the shipped models into Models/"))
    }
}
