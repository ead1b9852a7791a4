extension JSONParser {
    /// Parses a number at the cursor: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    ///
    /// Integer literals within 64 bits of magnitude stay exact. Other numbers take Clinger's
    /// fast path (a significand below 2^53 times a power of ten up to 10^22 is one correctly
    /// rounded operation) and otherwise the standard library's correctly rounded parser.
    mutating func parseNumber() throws -> JSONNumber {
        let start = index
        let startLocation = location
        var negative = false
        if current == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard !atEnd, Self.isDigit(current) else {
            throw error("expected a digit after '-', found \(describeCurrent())")
        }
        var significand: UInt64 = 0
        var overflow = false
        if current == UInt8(ascii: "0") {
            index += 1
            if !atEnd, Self.isDigit(current) {
                throw LoomError(
                    .syntax, "numbers must not start with '0' followed by more digits (JSON has no octal)",
                    at: startLocation)
            }
        } else {
            while !atEnd, Self.isDigit(current) {
                accumulate(current, into: &significand, overflow: &overflow)
                index += 1
            }
        }
        var isInteger = true
        var fractionDigits = 0
        if !atEnd, current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard !atEnd, Self.isDigit(current) else {
                throw error("expected a digit after the decimal point, found \(describeCurrent())")
            }
            while !atEnd, Self.isDigit(current) {
                accumulate(current, into: &significand, overflow: &overflow)
                fractionDigits += 1
                index += 1
            }
        }
        var exponent = 0
        if !atEnd, current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if !atEnd, current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                exponentNegative = current == UInt8(ascii: "-")
                index += 1
            }
            guard !atEnd, Self.isDigit(current) else {
                throw error("expected a digit in the exponent, found \(describeCurrent())")
            }
            while !atEnd, Self.isDigit(current) {
                // Beyond a few thousand the value is 0 or infinite anyway; clamping avoids overflow.
                exponent = min(exponent * 10 + Int(current - UInt8(ascii: "0")), 100_000)
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        if isInteger && !overflow {
            return JSONNumber(.integer(negative: negative, magnitude: significand))
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        var value: Double
        let scale = exponent - fractionDigits
        if !overflow, significand <= 1 << 53, (-22...22).contains(scale) {
            value = Double(significand)
            value = scale < 0 ? value / Self.powersOfTen[-scale] : value * Self.powersOfTen[scale]
            if negative { value = -value }
        } else {
            guard let parsed = Double(literal) else {
                throw LoomError(.syntax, "'\(literal)' is not a number", at: startLocation)
            }
            value = parsed
        }
        guard value.isFinite else {
            throw LoomError(
                .syntax, "the number \(literal) is too large for a 64-bit floating-point value", at: startLocation)
        }
        return JSONNumber(.float(value, literal: literal))
    }

    /// Adds a digit to the significand, marking it inexact once it no longer fits 64 bits.
    @inline(__always)
    private func accumulate(_ byte: UInt8, into significand: inout UInt64, overflow: inout Bool) {
        guard !overflow else { return }
        let (shifted, carry) = significand.multipliedReportingOverflow(by: 10)
        let (sum, carry2) = shifted.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
        if carry || carry2 {
            overflow = true
        } else {
            significand = sum
        }
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
