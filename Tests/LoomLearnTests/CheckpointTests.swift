import Foundation
import LoomCore
import Testing

@testable import LoomLearn

@Suite("Safetensors checkpoints")
struct CheckpointTests {
    static let small = Checkpoint(
        ["b": Tensor([1, -2]), "a": Tensor(shape: [1, 1], scalars: [0.5])], metadata: ["format": "pt"])

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("loomlearn-\(getpid())-\(name)").path
    }

    @Test func bytesMatchAHandWrittenFile() {
        let header =
            #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"# + "   "
        var expected: [UInt8] = [144, 0, 0, 0, 0, 0, 0, 0]  // 141 header bytes + 3 spaces = 144
        expected += Array(header.utf8)
        expected += [0x00, 0x00, 0x00, 0x3F]  // 0.5
        expected += [0x00, 0x00, 0x80, 0x3F]  // 1.0
        expected += [0x00, 0x00, 0x00, 0xC0]  // -2.0
        #expect([UInt8](Self.small.encoded()) == expected)
    }

    @Test func roundTripsThroughAFile() throws {
        let path = Self.temporaryPath("round-trip.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = Linear(name: "layer", inputSize: 5, outputSize: 3, seed: Seed(1))
        let empty = Tensor(zeros: [0, 4])
        let checkpoint = Checkpoint(
            model.namedValues.merging(["empty": empty, "scalar": Tensor(3)]) { $1 },
            metadata: ["note": "quotes \" and \\ and\nnewlines", "step": "12"])
        try checkpoint.save(to: path)
        let loaded = try Checkpoint.load(from: path)
        #expect(loaded == checkpoint)
        let other = Linear(name: "layer", inputSize: 5, outputSize: 3, seed: Seed(2))
        #expect(other.weight.value != model.weight.value)
        try loaded.restore(into: other)
        #expect(other.weight.value == model.weight.value)
        #expect(other.bias?.value == model.bias?.value)
    }

    @Test func restoreRejectsMissingAndMisshapenParameters() throws {
        let model = Linear(name: "layer", inputSize: 5, outputSize: 3, seed: Seed(1))
        let before = model.weight.value
        let wrongShape = Checkpoint(["layer.weight": Tensor(zeros: [3, 4]), "layer.bias": Tensor(zeros: [3])])
        let error = #expect(throws: LoomError.self) { try wrongShape.restore(into: model, source: "m.safetensors") }
        #expect(
            error?.description
                == "m.safetensors: error: m.safetensors: tensor 'layer.weight' has shape [3, 4], the model expects [3, 5]"
        )
        let missing = Checkpoint(["layer.weight": Tensor(zeros: [3, 5])])
        let missingError = #expect(throws: LoomError.self) { try missing.restore(into: model, source: "m.safetensors") }
        #expect(missingError?.message == "m.safetensors has no tensor 'layer.bias' that the model needs")
        #expect(model.weight.value == before)
    }

    /// A file built from a header text and data bytes.
    static func file(header: String, data: [UInt8]) -> Data {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
        return Data(bytes + Array(header.utf8) + data)
    }

    static let badFiles: [(String, Data, String)] = [
        ("too short", Data([1, 2, 3]), "x.safetensors is truncated: 3 bytes, too short for the 8-byte header length"),
        (
            "header past the end", Data([200, 0, 0, 0, 0, 0, 0, 0, 0x7B]),
            "x.safetensors is truncated: the header claims 200 bytes but the file has 9"
        ),
        ("not JSON", file(header: "{nope", data: []), "x.safetensors: the safetensors header is not valid JSON"),
        (
            "data cut short",
            file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0]),
            "x.safetensors is truncated: tensor 'a' ends at byte 8 of the data, which has 4"
        ),
        (
            "unknown dtype",
            file(
                header: #"{"a":{"dtype":"U64","shape":[1],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)),
            "x.safetensors: tensor 'a' has dtype U64; expected F32, F16, BF16, F64, I64 or I32"
        ),
        (
            "size disagrees with shape",
            file(
                header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)),
            "x.safetensors: tensor 'a' of shape [3] and dtype F32 needs 12 bytes, its data_offsets span 8"
        ),
        (
            "overlapping tensors",
            file(
                header:
                    #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: Array(repeating: 0, count: 8)),
            "x.safetensors: inconsistent data_offsets: tensor 'b' overlaps the tensor before it"
        ),
        (
            "gap between tensors",
            file(
                header:
                    #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                data: Array(repeating: 0, count: 12)),
            "x.safetensors: inconsistent data_offsets: tensor 'b' leaves a gap before it"
        ),
        (
            "reversed offsets",
            file(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]),
            "x.safetensors: inconsistent data_offsets [4, 0] for tensor 'a'"
        ),
        (
            "overflowing shape",
            file(
                header: #"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#,
                data: [0, 0, 0, 0]),
            "x.safetensors: tensor 'a' has an impossibly large shape [4294967296, 4294967296]"
        ),
        (
            "missing fields", file(header: #"{"a":{"dtype":"F32","shape":[1]}}"#, data: []),
            "x.safetensors: tensor 'a' needs \"dtype\", \"shape\" and two \"data_offsets\""
        ),
        (
            "trailing bytes",
            file(
                header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 6)),
            "x.safetensors: 2 bytes after the last tensor belong to no tensor"
        ),
    ]

    @Test(arguments: badFiles.indices)
    func malformedFilesGiveClearErrors(_ index: Int) {
        let (_, data, message) = Self.badFiles[index]
        let error = #expect(throws: LoomError.self) { try Checkpoint.decode(data, source: "x.safetensors") }
        #expect(error?.kind == .format)
        #expect(error?.message == message)
        #expect(error?.location?.file == "x.safetensors")
    }

    @Test func everyTruncationOfAFileIsAnError() {
        let bytes = [UInt8](Self.small.encoded())
        for length in 0..<bytes.count {
            #expect(throws: LoomError.self, "a file cut to \(length) bytes") {
                try Checkpoint.decode(Data(bytes[0..<length]), source: "cut.safetensors")
            }
        }
    }

    @Test func halfPrecisionAndDoubleLoadAsFloat() throws {
        let header =
            #"{"bf":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},"d":{"dtype":"F64","shape":[1],"data_offsets":[12,20]},"#
            + #""h":{"dtype":"F16","shape":[4],"data_offsets":[4,12]}}"#
        var data: [UInt8] = [0x80, 0x3F, 0x00, 0xC0]  // BF16 1.0, -2.0
        data += [0x00, 0x3C, 0x00, 0xB8, 0x01, 0x00, 0x00, 0x7C]  // F16 1.0, -0.5, smallest subnormal, +inf
        withUnsafeBytes(of: (0.25 as Double).bitPattern.littleEndian) { data += $0 }
        let checkpoint = try Checkpoint.decode(Self.file(header: header, data: data))
        #expect(checkpoint.tensors["bf"]?.scalars == [1, -2])
        #expect(checkpoint.tensors["h"]?.scalars == [1, -0.5, 0x1p-24, .infinity])
        #expect(checkpoint.tensors["d"]?.scalars == [0.25])
    }

    @Test(.enabled(if: Python.isAvailable, "python3 is not installed"))
    func pythonReadsTheFileWithJsonAndStruct() throws {
        let path = Self.temporaryPath("python.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.small.save(to: path)
        let script = """
            import json, struct, sys
            raw = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            header = json.loads(raw[8:8 + n])
            data = raw[8 + n:]
            out = [header.pop('__metadata__')['format']]
            for name in sorted(header):
                e = header[name]
                b, end = e['data_offsets']
                values = struct.unpack('<%df' % ((end - b) // 4), data[b:end])
                out.append('%s %s %s %s' % (name, e['dtype'], e['shape'], list(values)))
            print('|'.join(out))
            """
        let output = try Python.run(script, arguments: [path])
        #expect(output == "pt|a F32 [1, 1] [0.5]|b F32 [2] [1.0, -2.0]\n")
    }
}

/// Runs short Python scripts to show that other tools read Loom's files.
enum Python {
    static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static var isAvailable: Bool { executable != nil }

    static func run(_ script: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}

@Suite("Resuming training from a checkpoint")
struct ResumeTests {
    /// Runs AdamW steps on the circle classifier from wherever `model` and `optimizer` stand.
    static func train(_ model: MLP, _ optimizer: AdamW, steps: Int) {
        let data = circleDataset(count: 64, seed: Seed(7))
        for _ in 0..<steps {
            let tape = Tape()
            tape.backward(from: model(tape.constant(data.inputs)).crossEntropy(targets: data.labels))
            optimizer.step()
        }
    }

    @Test func resumedTrainingMatchesAnUninterruptedRun() throws {
        let straight = MLP(sizes: [2, 8, 2], seed: Seed(1))
        let straightOptimizer = AdamW(parameters: straight.parameters)
        Self.train(straight, straightOptimizer, steps: 6)

        let path = CheckpointTests.temporaryPath("resume.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = MLP(sizes: [2, 8, 2], seed: Seed(1))
        let firstOptimizer = AdamW(parameters: first.parameters)
        Self.train(first, firstOptimizer, steps: 3)
        try Checkpoint(first.namedValues.merging(firstOptimizer.state) { $1 }, metadata: ["step": "3"]).save(to: path)

        let resumed = MLP(sizes: [2, 8, 2], seed: Seed(99))
        let resumedOptimizer = AdamW(parameters: resumed.parameters)
        let checkpoint = try Checkpoint.load(from: path)
        try checkpoint.restore(into: resumed, source: path)
        try resumedOptimizer.restore(checkpoint.tensors, source: path)
        #expect(resumedOptimizer.stepCount == 3)
        Self.train(resumed, resumedOptimizer, steps: 3)
        #expect(resumed.parameters.map(\.value) == straight.parameters.map(\.value))
    }
}
