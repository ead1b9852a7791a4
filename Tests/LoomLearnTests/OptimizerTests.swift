import LoomCore
import Testing

@testable import LoomLearn

@Suite("Optimizers, clipping and schedules")
struct OptimizerTests {
    @Test func scheduleWarmsUpThenFollowsACosine() {
        let schedule = LearningRateSchedule(peak: 1, minimum: 0.1, warmupSteps: 10, totalSteps: 110)
        #expect(schedule.rate(at: 0) == 0.1)
        #expect(schedule.rate(at: 4) == 0.5)
        #expect(schedule.rate(at: 9) == 1)
        #expect(schedule.rate(at: 10) == 1)
        #expect(abs(schedule.rate(at: 60) - 0.55) < 1e-6)
        #expect(schedule.rate(at: 110) == 0.1)
        #expect(schedule.rate(at: 5000) == 0.1)
        let rates = (10...110).map { schedule.rate(at: $0) }
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func clippingScalesTheGlobalNorm() {
        let a = Parameter(name: "a", value: Tensor([0, 0]))
        let b = Parameter(name: "b", value: Tensor([0]))
        a.gradient = Tensor([3, 0])
        b.gradient = Tensor([4])
        #expect(clipGradientNorm([a, b], maxNorm: 10) == 5)
        #expect(a.gradient.scalars == [3, 0])
        #expect(clipGradientNorm([a, b], maxNorm: 1) == 5)
        #expect(abs(a.gradient.scalars[0] - 0.6) < 1e-6 && abs(b.gradient.scalars[0] - 0.8) < 1e-6)
    }

    @Test func sgdWithMomentumByHand() {
        let p = Parameter(name: "p", value: Tensor([1]))
        let optimizer = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9)
        p.gradient = Tensor([0.5])
        optimizer.step()
        #expect(abs(p.value.scalars[0] - 0.95) < 1e-6)
        #expect(p.gradient.scalars == [0])
        p.gradient = Tensor([0.5])
        optimizer.step()
        #expect(abs(p.value.scalars[0] - 0.855) < 1e-6)
    }

    @Test func adamWDecouplesWeightDecay() {
        let p = Parameter(name: "p", value: Tensor([1, -1]))
        var configuration = AdamW.Configuration()
        configuration.learningRate = 0.1
        let optimizer = AdamW(parameters: [p], configuration: configuration)
        p.gradient = Tensor([0.5, 0])
        optimizer.step()
        // First step: m̂ = g, v̂ = g², so the move is η·sign(g); decay multiplies by 1 − η·λ.
        #expect(abs(p.value.scalars[0] - 0.899) < 1e-6)
        #expect(abs(p.value.scalars[1] - -0.999) < 1e-6)
    }

    @Test func adamWCanSpareVectorsFromDecay() {
        let matrix = Parameter(name: "w", value: Tensor(repeating: 1, shape: [1, 1]))
        let vector = Parameter(name: "b", value: Tensor([1]))
        var configuration = AdamW.Configuration()
        configuration.learningRate = 0.1
        configuration.weightDecay = 0.5
        configuration.decaysOnlyMatrices = true
        AdamW(parameters: [matrix, vector], configuration: configuration).step()
        #expect(matrix.value.scalars == [0.95])
        #expect(vector.value.scalars == [1])
    }

    @Test func adamWStateRestoresExactly() throws {
        func run(steps: Int, restartAfter: Int?) throws -> Tensor {
            let p = Parameter(name: "w", value: Tensor([1, 2, 3]))
            var optimizer = AdamW(parameters: [p])
            for step in 0..<steps {
                if step == restartAfter {
                    let saved = optimizer.state
                    optimizer = AdamW(parameters: [p])
                    try optimizer.restore(saved)
                }
                p.gradient = p.value * Float(step + 1)
                optimizer.step()
            }
            return p.value
        }
        #expect(try run(steps: 6, restartAfter: 3) == run(steps: 6, restartAfter: nil))
        let p = Parameter(name: "w", value: Tensor([1, 2, 3]))
        let error = #expect(throws: LoomError.self) {
            try AdamW(parameters: [p]).restore(["adamw.step": Tensor([1])], source: "run.safetensors")
        }
        #expect(error?.message == "run.safetensors has no tensor 'adamw.m.w'")
    }

    @Test func initialisationIsSeededByName() {
        let a = Linear(name: "fc", inputSize: 64, outputSize: 32, seed: Seed(5))
        let b = Linear(name: "fc", inputSize: 64, outputSize: 32, seed: Seed(5))
        let c = Linear(name: "other", inputSize: 64, outputSize: 32, seed: Seed(5))
        #expect(a.weight.value == b.weight.value)
        #expect(a.weight.value != c.weight.value)
        let bound = (1 / Float(64)).squareRoot()
        #expect(a.weight.value.scalars.allSatisfy { abs($0) <= bound })
        let normal = Initializer.kaimingNormal(fanIn: 50).tensor(shape: [20_000], seed: Seed(1))
        let variance = normal.scalars.map { $0 * $0 }.reduce(0, +) / 20_000
        #expect(abs(variance - 2.0 / 50) < 0.002)
        let xavier = Initializer.xavierUniform(fanIn: 10, fanOut: 14).tensor(shape: [1000], seed: Seed(1))
        #expect(xavier.scalars.allSatisfy { abs($0) <= 0.5 })
    }
}
