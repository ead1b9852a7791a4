import Foundation
import LoomCore
import LoomMaps
import LoomNoise
import LoomText
import Testing

/// FNV-1a 64 over little-endian bytes, as `capi_test.c` computes it.
private func fnv<T: FixedWidthInteger>(_ values: [T]) -> UInt64 {
    var hash: UInt64 = 14_695_981_039_346_656_037
    for value in values {
        for byte in 0..<(T.bitWidth / 8) { hash = (hash ^ UInt64((value >> (8 * byte)) & 0xFF)) &* 1_099_511_628_211 }
    }
    return hash
}

@Suite(.serialized) struct CAPITests {
    /// `capi_test.c` and its parts: every entry point, bad input, threads, text models, typed
    /// choices (those two skip with a SKIP line when their model is absent); its hashes equal the
    /// Swift API's.
    @Test func theCTestProgramPassesAndAgreesWithSwift() throws {
        let library = try #require(
            CProgram.sharedLibrary, "libLoomCShared.so was not built in \(CProgram.buildDirectory)")
        let directory = try CProgram.temporaryDirectory("test")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = directory + "/capi_test"
        let built = try CProgram.compile(CProgram.testSources, to: program)
        #expect(built.status == 0, "cc failed against \(library): \(built.error)")
        guard built.status == 0 else { return }
        let ran = try CProgram.run(program, [directory])
        #expect(ran.status == 0, "\(ran.output)\(ran.error)")
        #expect(!ran.output.contains("FAIL"), "\(ran.output)")
        let lines = ran.output.split(separator: "\n").map(String.init)
        let summary = try #require(lines.last)
        #expect(summary.hasPrefix("capi_test: ") && summary.hasSuffix(", 0 failed"))

        func hash(_ prefix: String) -> String? {
            lines.first { $0.hasPrefix(prefix + " ") }.map { String($0.dropFirst(prefix.count + 1)) }
        }
        var cave = CaveParameters(width: 64, height: 40)
        cave.fillProbability = 0.5
        let caveTiles = try cave.generate(seed: Seed(42)).tileLayers[0].tiles.cells
        #expect(hash("hash caves 42 64x40 fillProbability=0.5") == hexadecimal(fnv(caveTiles)))
        for name in MapGenerators.names {
            let map = try MapGenerators.generate(name, json: nil, seed: Seed(7), width: 41, height: 31)
            #expect(hash("hash \(name) 7 41x31 default") == hexadecimal(fnv(map.tileLayers[0].tiles.cells)))
        }
        var noise = NoiseGenerator()
        noise.seed = Seed(7)
        noise.noiseType = .perlin
        noise.frequency = 0.05
        noise.fractalType = .fbm
        noise.octaves = 3
        let grid = noise.makeGrid(width: 32, height: 16, origin: SIMD2(10, 20))
        #expect(hash("hash noise perlin 32x16") == hexadecimal(fnv(grid.cells.map(\.bitPattern))))
        try expectSwiftText(hash("hash text chat 7"), hash("hash text raw 1"))
        #expect(FileManager.default.fileExists(atPath: directory + "/cave.tmj"))
        let text = try String(contentsOfFile: directory + "/cave.txt", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 40)
    }

    /// The same program built with AddressSanitizer and UndefinedBehaviorSanitizer: the C side
    /// is instrumented, and ASan's allocator and interceptors (malloc, free, strdup, memcpy) see
    /// the library's frees and copies too, so a double free, a free of a foreign pointer or a
    /// copy past a caller's buffer would fail the run. The library itself is not instrumented.
    @Test func theCTestProgramIsCleanUnderAddressSanitizer() throws {
        _ = try #require(CProgram.sharedLibrary, "libLoomCShared.so was not built in \(CProgram.buildDirectory)")
        let directory = try CProgram.temporaryDirectory("asan")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = directory + "/capi_test_asan"
        let built = try CProgram.compile(
            CProgram.testSources, to: program,
            flags: ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all", "-g"])
        #expect(built.status == 0, "cc -fsanitize=address failed: \(built.error)")
        guard built.status == 0 else { return }
        let ran = try CProgram.run(
            program, [directory], environment: ["ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:exitcode=86"])
        #expect(ran.status == 0, "\(ran.output)\(ran.error)")
        #expect(!ran.error.contains("ERROR: AddressSanitizer"), "\(ran.error)")
        #expect(ran.output.contains(", 0 failed"))
    }

    /// The header is C99 and C++ without warnings.
    @Test func theHeaderCompilesAsCAndCPlusPlus() throws {
        let directory = try CProgram.temporaryDirectory("header")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/header.cpp"
        try "#include \"loom.h\"\nint main() { return loom_abi_version() == LOOM_ABI_VERSION ? 0 : 1; }\n"
            .write(toFile: source, atomically: true, encoding: .utf8)
        let header = CProgram.root + "/include/loom.h"
        for (compiler, language) in [("cc", "c"), ("c++", "c++")] {
            let checked = try CProgram.run(
                "/usr/bin/env",
                [compiler, "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-x", language, header])
            #expect(checked.status == 0, "\(compiler): \(checked.error)")
        }
        let built = try CProgram.run(
            "/usr/bin/env",
            [
                "c++", "-Wall", "-Werror", "-I", CProgram.root + "/include", source, "-o", directory + "/header",
                "-L", CProgram.buildDirectory, "-lLoomCShared", "-Wl,-rpath," + CProgram.buildDirectory,
            ])
        #expect(built.status == 0, "\(built.error)")
        if built.status == 0 { #expect(try CProgram.run(directory + "/header", []).status == 0) }
    }
}

/// The texts `capi_text.c` hashes, written by the Swift API (`TransformerGenerator`) with the
/// same seeds and options: the C layer adds no logic of its own. Both are `nil` when the model
/// is absent (the C program then prints a SKIP line).
private func expectSwiftText(_ chatHash: String?, _ rawHash: String?) throws {
    let path = CProgram.root + "/Models/SmolLM2-135M-Instruct.Q4_1.gguf"
    guard FileManager.default.fileExists(atPath: path) else {
        #expect(chatHash == nil && rawHash == nil)
        return
    }
    let file = try GGUFFile.load(from: path)
    var generator = try TransformerGenerator(model: try file.transformer(), tokenizer: try file.textTokenizer())
    let template = try ChatTemplate.forModel(file)
    generator.sampling.topP = 0.95
    let chat = try generator.chat(
        [.user("Name three colours.")], template: template,
        request: TextRequest(
            seed: Seed(7), maxTokens: 24, stop: TextStop(atSentenceEnd: false), temperature: 0.8, topK: 40))
    #expect(chatHash == hexadecimal(fnv(Array(chat.text.utf8))))
    generator.sampling.topP = 1
    let raw = try generator.generate(
        TextRequest(prompt: "Once upon a time", seed: Seed(1), maxTokens: 40, temperature: 0))
    #expect(rawHash == hexadecimal(fnv(Array(raw.text.utf8))))
}

private func hexadecimal(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
