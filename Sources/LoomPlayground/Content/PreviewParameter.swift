import Foundation

/// A generator setting that the parameter panel edits; a change regenerates the map.
///
/// Numbers move in `step`s within `range`; a choice holds the index of one of its `choices`.
public struct PreviewParameter: Hashable, Sendable, Codable {
    /// What kind of value the parameter holds.
    public enum Kind: Hashable, Sendable, Codable {
        /// A number in `range`, changed in steps of `step` (greater than 0).
        case number(range: ClosedRange<Double>, step: Double)
        /// One of the named choices; the value is its index.
        case choice([String])
    }

    /// The name shown in the panel and the key in ``PreviewParameterValues``.
    public var name: String
    /// Number or choice.
    public var kind: Kind
    /// The starting value, clamped into range.
    public var defaultValue: Double

    /// A numeric parameter.
    public static func number(
        _ name: String, default value: Double, range: ClosedRange<Double>, step: Double = 1
    ) -> PreviewParameter {
        PreviewParameter(name: name, kind: .number(range: range, step: step > 0 ? step : 1), defaultValue: value)
    }

    /// A parameter choosing one of `choices`; `default` is an index.
    public static func choice(_ name: String, _ choices: [String], default index: Int = 0) -> PreviewParameter {
        PreviewParameter(name: name, kind: .choice(choices), defaultValue: Double(index))
    }

    /// The lowest and highest value.
    public var range: ClosedRange<Double> {
        switch kind {
        case .number(let range, _): range
        case .choice(let choices): 0...Double(max(0, choices.count - 1))
        }
    }

    /// How far one key press moves the value.
    public var step: Double {
        switch kind {
        case .number(_, let step): step
        case .choice: 1
        }
    }

    /// `value` clamped into ``range`` and snapped to a whole number of steps from its start.
    public func clamp(_ value: Double) -> Double {
        let bounded = min(max(value, range.lowerBound), range.upperBound)
        let steps = ((bounded - range.lowerBound) / step).rounded()
        return min(range.lowerBound + steps * step, range.upperBound)
    }

    /// The value as the panel shows it: the choice's name or the number with as many decimals
    /// as the step needs.
    public func format(_ value: Double) -> String {
        switch kind {
        case .choice(let choices):
            let index = Int(value)
            return choices.indices.contains(index) ? choices[index] : "?"
        case .number(_, let step):
            if step >= 1, step.rounded() == step { return String(Int(value.rounded())) }
            let decimals = max(1, min(4, Int((-log10(step)).rounded(.up))))
            return String(format: "%.\(decimals)f", value)
        }
    }
}

/// The current value of every parameter, by name. Missing names read as their default.
public struct PreviewParameterValues: Hashable, Sendable, Codable {
    /// Values by parameter name.
    public var values: [String: Double]

    /// Values from a dictionary.
    public init(_ values: [String: Double] = [:]) { self.values = values }

    /// Every parameter at its default.
    public init(defaults parameters: [PreviewParameter]) {
        var values: [String: Double] = [:]
        for parameter in parameters { values[parameter.name] = parameter.clamp(parameter.defaultValue) }
        self.values = values
    }

    /// The value named `name`, or `fallback` when absent.
    public subscript(_ name: String, default fallback: Double = 0) -> Double {
        values[name] ?? fallback
    }

    /// The value of `parameter`, or its default when absent.
    public func value(of parameter: PreviewParameter) -> Double {
        values[parameter.name] ?? parameter.clamp(parameter.defaultValue)
    }
}
