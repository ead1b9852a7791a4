import Foundation
import LoomCore

/// What one generation asked for: a seed and parameter values, numbered in request order.
struct GenerationRequest: Sendable {
    var id: Int
    var seed: Seed
    var values: PreviewParameterValues
}

/// A finished generation: the map or the error, and how long it took on the clock.
struct GenerationResult {
    var request: GenerationRequest
    var outcome: Result<PreviewMap, any Error>
    var seconds: Double

    /// Runs one request on the calling thread.
    static func make(_ request: GenerationRequest, content: any PreviewContent) -> GenerationResult {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = Result { try content.generate(seed: request.seed, parameters: request.values) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return GenerationResult(request: request, outcome: outcome, seconds: seconds)
    }
}

/// Runs generations on one background thread so the window never waits for them.
///
/// Only the newest request waits to run: a request made while another waits replaces it,
/// and a result older than one already taken is dropped, so the map shown always moves
/// forward to what was asked last.
final class GenerationWorker: @unchecked Sendable {
    private let content: any PreviewContent
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: GenerationRequest?
    private var finished: GenerationResult?
    private var isRunning = false
    private var isStopped = false
    private var started = false

    init(content: any PreviewContent) {
        self.content = content
    }

    /// Queues `request`, replacing any request that has not started yet.
    func submit(_ request: GenerationRequest) {
        condition.lock()
        pending = request
        if !started {
            started = true
            let thread = Thread { [self] in loop() }
            thread.name = "loom.playground.generate"
            thread.start()
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The newest finished result not taken yet, without waiting.
    func take() -> GenerationResult? {
        condition.lock()
        defer { condition.unlock() }
        let result = finished
        finished = nil
        return result
    }

    /// Whether a request waits or runs.
    var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return pending != nil || isRunning
    }

    /// Blocks until no request waits or runs.
    func waitUntilIdle() {
        condition.lock()
        while pending != nil || isRunning { condition.wait() }
        condition.unlock()
    }

    /// Ends the thread after the generation in progress; pending requests are dropped.
    func stop() {
        condition.lock()
        isStopped = true
        pending = nil
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while pending == nil && !isStopped { condition.wait() }
            if isStopped {
                condition.unlock()
                return
            }
            let request = pending!
            pending = nil
            isRunning = true
            condition.unlock()

            let result = GenerationResult.make(request, content: content)

            condition.lock()
            isRunning = false
            if finished.map({ $0.request.id < request.id }) ?? true { finished = result }
            condition.broadcast()
            condition.unlock()
        }
    }
}
