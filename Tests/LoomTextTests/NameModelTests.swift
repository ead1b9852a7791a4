import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite struct NameModelTests {
    static let model = Result { try NameModel.train(listAt: Fixtures.path("fen-names.txt")) }

    @Test func namesAreNewFitTheLengthsAndAreSeeded() throws {
        let model = try Self.model.get()
        #expect(model.trainingNames.count == 60)
        let options = NameOptions(minLength: 4, maxLength: 8)
        let names = try (0..<40).map { try model.generate(seed: Seed(UInt64($0)), options: options) }
        #expect(names == (try (0..<40).map { try model.generate(seed: Seed(UInt64($0)), options: options) }))
        for name in names {
            #expect((4...8).contains(name.count), "\(name)")
            #expect(!model.trainingNames.contains(name.lowercased()), "\(name) is in the list")
            #expect(name.first?.isUppercase == true)
        }
        #expect(Set(names).count >= 30)
    }

    @Test func goldenNames() throws {
        let names = try Self.model.get().generate(count: 8, seed: Seed(2024))
        #expect(names.joined(separator: " ") == "Aloric Herelbana Garric Dunsegaranna Annsfric Alda Wildr Oswiserilda")
    }

    @Test func allowingListedNamesCanReproduceThem() throws {
        let model = try NameModel.train(names: ["Ada", "Ada", "Ada"], order: 3)
        let options = NameOptions(minLength: 1, avoidTrainingNames: false, temperature: 0.1)
        #expect(try model.generate(seed: Seed(1), options: options) == "Ada")
        do {
            _ = try model.generate(seed: Seed(1), options: NameOptions(minLength: 1, maxAttempts: 20, temperature: 0.1))
            Issue.record("a model that only knows one listed name made a new one")
        } catch let error as LoomError {
            #expect(error.kind == .budget)
            #expect(
                error.message.hasPrefix(
                    "no fitting name after 20 tries (0 too short, 0 too long, 20 already in the list)"))
        }
    }

    @Test func badListsAndOptionsAreErrors() throws {
        #expect(throws: LoomError.self) { try NameModel.train(names: ["", "  "]) }
        #expect(throws: LoomError.self) { try NameModel.train(names: ["Ada"], order: 9) }
        #expect(throws: LoomError.self) { try NameModel.train(listAt: "/nonexistent/names.txt") }
        #expect(throws: LoomError.self) {
            try Self.model.get().generate(seed: Seed(1), options: NameOptions(minLength: 5, maxLength: 2))
        }
    }

    @Test func nameGeneratorServesTheTextProtocol() throws {
        let generator = NameGenerator(try Self.model.get())
        let result = try generator.generate(TextRequest(seed: Seed(9)))
        #expect(result.tokenCount == 1)
        #expect(result.text == (try Self.model.get().generate(seed: Seed(9))))
    }

    @Test func multiWordNamesAreCapitalized() {
        #expect(NameModel.capitalized("ann-marie of the fen") == "Ann-Marie Of The Fen")
    }
}

@Suite struct NameCulturesTests {
    @Test func loadsOneModelPerListAndNamesUnknownCultures() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(atPath: Fixtures.path("fen-names.txt"), toPath: folder + "/fen.txt")
        try Data("Arvo\nSeppo\nKaisa\nTuuli\nIlmari\n".utf8).write(to: URL(fileURLWithPath: folder + "/north.txt"))
        try Data("not a list".utf8).write(to: URL(fileURLWithPath: folder + "/README.md"))
        let cultures = try NameCultures.load(fromFolder: folder)
        #expect(cultures.cultures == ["fen", "north"])
        let name = try cultures.generate("fen", seed: Seed(5))
        #expect(name == (try NameModel.train(listAt: Fixtures.path("fen-names.txt")).generate(seed: Seed(5))))
        do {
            _ = try cultures.generate("sea", seed: Seed(5))
            Issue.record("an unknown culture made a name")
        } catch let error as LoomError {
            #expect(error.message == "no naming culture 'sea'; known: fen, north")
        }
    }
}
