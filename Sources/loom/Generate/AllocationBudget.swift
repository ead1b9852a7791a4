import Foundation
import Loom

/// The most memory one `loom` command may set out to allocate for what its arguments ask for
/// (map cells, output pixels, WFC waves, chunk blocks), checked before anything is allocated.
///
/// Default: 4 GiB. `LOOM_MEMORY_BUDGET` raises or lowers it: a byte count with an optional
/// `K`, `M`, `G` or `T` suffix (powers of 1024), e.g. `LOOM_MEMORY_BUDGET=16G`. Estimates are
/// computed with overflow-checked arithmetic, so no size argument, however large, traps.
struct AllocationBudget {
    /// The variable that sets the budget.
    static let variable = "LOOM_MEMORY_BUDGET"
    /// The budget when the variable is unset: 4 GiB.
    static let defaultBytes = 4 << 30

    /// The budget in bytes.
    var bytes: Int

    /// The budget from `LOOM_MEMORY_BUDGET`, or the default.
    /// - Throws: `.invalidArgument` when the variable is set but is not a byte count.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        guard let text = environment[variable] else { return Self(bytes: defaultBytes) }
        guard let bytes = parse(text) else {
            throw LoomError(.invalidArgument, "\(variable)='\(text)' is not a byte count such as 8G, 512M or 1000000")
        }
        return Self(bytes: bytes)
    }

    /// `"8G"` → 8 GiB; `nil` for anything but a positive count with an optional K/M/G/T suffix.
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30, "T": 40]
        var digits = Substring(trimmed)
        var shift = 0
        if let last = trimmed.last, let found = shifts[last] {
            shift = found
            digits = digits.dropLast()
        }
        guard let count = Int(digits), count > 0 else { return nil }
        return product([count, 1 << shift])
    }

    /// The product of `factors`, or `nil` when it does not fit in an `Int` (or a factor is negative).
    static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (value, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            result = value
        }
        return result
    }

    /// The sum of `terms`, or `nil` when it does not fit in an `Int`.
    static func sum(_ terms: [Int?]) -> Int? {
        var result = 0
        for term in terms {
            guard let term else { return nil }
            let (value, overflow) = result.addingReportingOverflow(term)
            if overflow { return nil }
            result = value
        }
        return result
    }

    /// Refuses `bytes` (nil: past any `Int`) over the budget, naming the option and its value:
    /// `--size 100000x100000 needs about 149 GiB, over the memory budget of 4 GiB; …`.
    func check(_ option: String, _ value: String, needs bytes: Int?, what: String = "") throws {
        if let bytes, bytes <= self.bytes { return }
        let amount = bytes.map { "about \(Self.describe($0))" } ?? "more memory than a 64-bit size can count"
        let detail = what.isEmpty ? "" : " (\(what))"
        throw LoomError(
            .invalidArgument,
            "\(option) \(value) needs \(amount)\(detail), over the memory budget of \(Self.describe(self.bytes)); "
                + "set \(Self.variable) (e.g. \(Self.variable)=\(Self.suggestion(for: bytes))) to raise it")
    }

    /// `"1.5 GiB"`, `"512 MiB"`, `"900 bytes"`.
    static func describe(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let text = value < 10 && value != value.rounded() ? String(format: "%.1f", value) : String(Int(value.rounded()))
        return "\(text) \(units[unit])"
    }

    /// A budget that would allow `bytes`, rounded up to whole GiB.
    private static func suggestion(for bytes: Int?) -> String {
        guard let bytes, bytes < Int.max - (1 << 30) else { return "64G" }
        return "\((bytes + (1 << 30) - 1) >> 30)G"
    }
}

/// What the commands' allocations cost, per cell or pixel: the peak memory of a release build
/// at 2048x2048 (512x512 for WFC), divided by the cells and rounded up with room to spare.
/// Measured: markov 21 bytes a cell; WFC about 930 bytes a cell with 58 patterns. The map
/// generators say their own (`MapGenerator.bytesPerCell`).
enum AllocationCost {
    /// An RGBA image of `width × height` cells, each drawn `scale × scale` pixels, plus its
    /// PNG encoding's working copy.
    static func image(width: Int, height: Int, scale: Int) -> Int? {
        AllocationBudget.product([width, height, scale, scale, 8])
    }

    /// A WFC solver of `cells` wave cells over `patterns` patterns: support counts and the
    /// trail per (cell, pattern), the wave's bit words, and per-cell bookkeeping.
    static func wfcSolver(cells: Int, patterns: Int) -> Int? {
        let words = (patterns + 63) / 64
        guard let perCell = AllocationBudget.sum([AllocationBudget.product([patterns, 16]), words * 8, 128]) else {
            return nil
        }
        return AllocationBudget.product([cells, perCell])
    }
}

extension Size {
    /// `"WIDTHxHEIGHT"` as typed, for error messages.
    var typed: String { "\(width)x\(height)" }
}
