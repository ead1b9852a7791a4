import Foundation
import Testing

@testable import LoomText

/// Every quantised tensor type decodes exactly as the `gguf` Python package (the format's
/// reference reader) decodes the same random blocks; see `Scripts/reference_dequantise.py`.
@Suite struct GGUFQuantTests {
    struct Case: Decodable {
        var type: String
        var bytes: String
        var values: [Float]
    }

    static func cases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Transformer/quant-blocks.json")
        return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }

    @Test("Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K and Q6_K decode as the reference reader does")
    func blocksDecodeAsTheReference() throws {
        let cases = try Self.cases()
        #expect(cases.count == 8)
        for item in cases {
            let type = try #require(GGUFTensorType.allCases.first { $0.description == item.type })
            var bytes: [UInt8] = []
            var hex = item.bytes.utf8.makeIterator()
            while let high = hex.next(), let low = hex.next() {
                bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
            }
            #expect(bytes.count == type.byteCount(elements: item.values.count))
            var decoded = [Float](repeating: .nan, count: item.values.count)
            bytes.withUnsafeBytes { source in
                decoded.withUnsafeMutableBufferPointer { out in
                    type.dequantise(source.baseAddress!, count: item.values.count, into: out.baseAddress!)
                }
            }
            let worst = zip(decoded, item.values).map { abs($0 - $1) / max(1e-6, abs($1)) }.max() ?? .nan
            #expect(worst < 1e-5, "\(item.type): worst relative error \(worst)")
        }
    }

    @Test func rowsMustHoldWholeBlocks() throws {
        #expect(GGUFTensorType.q4_K.byteCount(elements: 512) == 288)
        #expect(GGUFTensorType.q6_K.blockSize == 256 && GGUFTensorType.q5_0.blockSize == 32)
    }
}
