import Foundation

/// A learning rate that rises linearly during a warm-up, then falls along a half cosine to a
/// floor at the last step, and stays there.
///
/// ```swift
/// let schedule = LearningRateSchedule(peak: 3e-4, warmupSteps: 100, totalSteps: 5000)
/// optimizer.learningRate = schedule.rate(at: step)
/// ```
public struct LearningRateSchedule: Sendable, Codable, Hashable {
    /// The rate reached at the end of the warm-up. Default 0.001.
    public var peak: Float = 1e-3
    /// The rate at and after ``totalSteps``. Default 0 (often set to peak / 10).
    public var minimum: Float = 0
    /// Steps of linear warm-up from `peak / warmupSteps` to `peak`. Default 0 (none).
    public var warmupSteps: Int = 0
    /// The step at which the cosine decay reaches ``minimum``. Default 1000.
    public var totalSteps: Int = 1000

    /// A schedule with the given figures.
    public init(peak: Float = 1e-3, minimum: Float = 0, warmupSteps: Int = 0, totalSteps: Int = 1000) {
        self.peak = peak
        self.minimum = minimum
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    /// The rate for a 0-based step.
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        if step >= totalSteps { return minimum }
        let span = max(1, totalSteps - warmupSteps)
        let progress = Double(step - warmupSteps) / Double(span)
        return minimum + (peak - minimum) * Float(0.5 * (1 + cos(Double.pi * progress)))
    }
}
