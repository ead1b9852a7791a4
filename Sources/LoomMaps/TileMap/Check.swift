import LoomCore

/// Parameter checks shared by the generators, with one wording for every range error.
enum Check {
    static func range<T: Comparable>(_ name: String, _ value: T, _ allowed: ClosedRange<T>) throws {
        guard allowed.contains(value) else {
            let upper = allowed.upperBound == (Int.max as? T) ? "" : "\(allowed.upperBound)"
            throw LoomError(
                .invalidArgument, "\(name) is \(value), expected a value in \(allowed.lowerBound)...\(upper)")
        }
    }

    static func range(_ name: String, _ value: Double, _ allowed: ClosedRange<Double>) throws {
        guard value.isFinite, allowed.contains(value) else {
            throw LoomError(
                .invalidArgument,
                "\(name) is \(value), expected a value in \(allowed.lowerBound)...\(allowed.upperBound)")
        }
    }

    static func that(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        guard condition else { throw LoomError(.invalidArgument, message()) }
    }
}
