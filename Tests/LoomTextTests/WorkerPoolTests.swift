import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("Worker pool and broken models")
struct WorkerPoolTests {
    @Test("every task of every job runs exactly once, on 1 to 4 threads", arguments: [1, 2, 3, 4])
    func tasksRunOnce(threads: Int) {
        let pool = WorkerPool(threads: threads)
        #expect(pool.threads == threads)
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        defer { slots.deallocate() }
        // Jobs of varied sizes back to back: a worker still finishing one job must never run a
        // task of the next with the old job's context.
        for job in 0..<3000 {
            let tasks = 1 + job % 64
            slots.update(repeating: -1, count: 64)
            pool.run(tasks: tasks) { task in slots[task] = job * 1000 + task }
            let written = (0..<64).map { slots[$0] }
            let expected = (0..<64).map { $0 < tasks ? job * 1000 + $0 : -1 }
            if written != expected {
                Issue.record("job \(job) (\(tasks) tasks): \(written.prefix(tasks + 1))")
                return
            }
        }
    }

    @Test("a state's thread count can change between calls; the logits stay the same bytes")
    func threadCountChanges() throws {
        let model = try TransformerFixtures.model("tiny-gqa")
        var one = TransformerState(model, threads: 1)
        var changing = TransformerState(model, threads: 3)
        for (position, token) in [1, 270, 7, 299, 2, 5].enumerated() {
            changing.threads = [3, 1, 2][position % 3]
            #expect(
                try one.forward(token: token, position: position) == changing.forward(token: token, position: position))
        }
    }

    @Test("a NaN in the weights is an error naming the file and position, not silent garbage")
    func nonFiniteLogits() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TransformerFixtures.path("tiny-gqa.bin"))))
        // Token 5's embedding row (after the 28-byte header, 32 floats a row) becomes NaN.
        let nan = Float.nan.bitPattern
        for i in 0..<32 {
            let offset = 28 + (5 * 32 + i) * 4
            for k in 0..<4 { bytes[offset + k] = UInt8((nan >> (8 * UInt32(k))) & 0xFF) }
        }
        let model = try Transformer.llama2c(bytes: bytes, name: "broken.bin")
        var state = TransformerState(model)
        _ = try state.forward(token: 1, position: 0)
        let error = try #require(throws: LoomError.self) { try state.forward(token: 5, position: 1) }
        #expect(error.message.hasPrefix("broken.bin: the logit of token 0 at position 1 is nan, not a finite number"))
        var teacher = TransformerState(model)
        let forced = try #require(throws: LoomError.self) {
            try teacher.logitsForEach(tokens: [1, 2, 5], startingAt: 0)
        }
        #expect(forced.message.contains("broken.bin: the logit of token 0 at position 2 is nan"))
    }
}
