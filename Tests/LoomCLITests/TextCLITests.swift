import Foundation
import Testing

@Suite struct TextCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("LoomTextTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-text-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func trainsAModelAndGeneratesFromIt() throws {
        let folder = try Self.temporaryFolder()
        let model = folder + "/prose.ngram"
        let train = try LoomProcess.run(["train", "text", Self.fixture("prose.txt"), "--order", "4", "--out", model])
        #expect(train.status == 0, "\(train.error)")
        for line in [
            "tokens      ", "vocabulary  ", "order 1     ", "order 4     ", "discounts D1 D2 D3+", "model       ",
        ] {
            #expect(train.output.contains(line), "missing \(line) in \(train.output)")
        }
        #expect(FileManager.default.fileExists(atPath: model))
        let arguments = ["generate", "text", "--model", model, "--seed", "3", "--count", "4", "--tokens", "30"]
        let first = try LoomProcess.run(arguments)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.split(separator: "\n").count == 4)
        #expect(try LoomProcess.run(arguments).output == first.output)
        let prompted = try LoomProcess.run([
            "generate", "text", "--model", model, "--prompt", "The ferry", "--seed", "9",
        ])
        #expect(prompted.output.hasPrefix("The ferry"))
    }

    @Test func expandsGrammarSymbols() throws {
        let result = try LoomProcess.run([
            "generate", "text", "--grammar", Self.fixture("corpus-grammar.json"), "--symbol", "person", "--count", "6",
            "--seed", "fen",
        ])
        #expect(result.status == 0, "\(result.error)")
        let people = Set([
            "the ferryman", "old Maud", "the miller's daughter", "a tinker", "the reeve", "young Tobin",
            "the heron-keeper",
        ])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines.allSatisfy(people.contains))
        let flattened = try LoomProcess.run([
            "generate", "text", "--grammar", Self.fixture("corpus-grammar.json"), "--prompt", "#animal.s.capitalize#!",
        ])
        #expect(flattened.output.hasSuffix("s!\n"))
    }

    @Test func reportsLocatedErrors() throws {
        let folder = try Self.temporaryFolder()
        let grammar = folder + "/grammar.json"
        try Data("{\n  \"origin\": [\"a #hero# b\"]\n}\n".utf8).write(to: URL(fileURLWithPath: grammar))
        let result = try LoomProcess.run(["generate", "text", "--grammar", grammar])
        #expect(result.status == 1)
        #expect(result.error == "\(grammar):2:18: error: unknown symbol 'hero' in rule 'origin'\n")
        let missing = try LoomProcess.run(["generate", "text", "--model", folder + "/none.ngram"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("cannot read \(folder)/none.ngram: no such file"))
        let both = try LoomProcess.run(["generate", "text", "--model", "a", "--grammar", "b"])
        #expect(both.status != 0)
        #expect(both.error.contains("give exactly one of --model FILE or --grammar FILE"))
        let notModel = try LoomProcess.run(["generate", "text", "--model", grammar])
        #expect(notModel.error.contains("not an n-gram model, GGUF file or llama2.c checkpoint"))
        #expect(!notModel.error.contains("7b"), "the file's bytes are never quoted")
    }

    @Test func generatesNewNames() throws {
        let list = Self.fixture("fen-names.txt")
        let result = try LoomProcess.run([
            "generate", "names", "--names", list, "--count", "8", "--seed", "4", "--max", "9",
        ])
        #expect(result.status == 0, "\(result.error)")
        let names = result.output.split(separator: "\n").map(String.init)
        #expect(names.count == 8)
        let listed = Set(try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map(String.init))
        #expect(names.allSatisfy { !listed.contains($0) && (3...9).contains($0.count) })
    }
}
