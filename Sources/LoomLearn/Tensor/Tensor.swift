/// An n-dimensional array of `Float` values: a shape and contiguous row-major storage.
///
/// Storage is a Swift array, so copies share memory until one of them is written
/// (copy-on-write). The last axis varies fastest: element `[i, j]` of a `[rows, columns]`
/// tensor lives at `i * columns + j`. A tensor of rank 0 (`shape == []`) holds one scalar.
///
/// Shape mismatches are programming errors and stop with a precondition that names both
/// shapes, as out-of-range array indices do; malformed files are reported with thrown errors.
///
/// ```swift
/// let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let b = Tensor(shape: [3], scalars: [10, 20, 30])
/// let c = a + b              // broadcasts b over the rows of a
/// let d = a.matmul(a, transposeB: true)  // [2, 2]
/// ```
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
    /// The size of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The values in row-major order; `scalars.count == shape.reduce(1, *)`.
    public private(set) var scalars: [Float]

    /// A tensor with the given shape and values (row-major). The counts must agree.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(
            scalars.count == Tensor.count(of: shape),
            "shape \(shape) needs \(Tensor.count(of: shape)) scalars, found \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: Tensor.count(of: shape)))
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// A tensor whose storage `initialize` must fill completely (it starts uninitialised),
    /// which saves zeroing memory that is about to be overwritten.
    init(shape: [Int], initializingWith initialize: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = Tensor.count(of: shape)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialize(buffer)
            initialized = count
        }
    }

    /// A rank-0 tensor holding one value.
    public init(_ scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// A rank-1 tensor of the given values.
    public init(_ values: [Float]) { self.init(shape: [values.count], scalars: values) }

    /// A tensor whose element at flat index `i` is `body(i)`.
    public init(shape: [Int], computing body: (Int) -> Float) {
        let count = Tensor.count(of: shape)
        self.init(shape: shape, scalars: (0..<count).map(body))
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The one value of a single-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor with shape \(shape)")
        return scalars[0]
    }

    /// Row-major strides: how far apart neighbours along each axis lie in ``scalars``.
    public var strides: [Int] { Tensor.strides(of: shape) }

    /// The element at a multi-dimensional index (one index per axis).
    public subscript(_ indices: Int...) -> Float {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    private func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "\(indices.count) indices for a tensor of rank \(rank)")
        var flat = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "index \(index) out of range for axis \(axis) of \(shape)")
            flat = flat * shape[axis] + index
        }
        return flat
    }

    /// Calls `body` with the values as a contiguous buffer.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the values as a contiguous mutable buffer (copying first if shared).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// The same values seen with another shape of equal element count. One dimension may be
    /// `-1`, meaning "whatever makes the counts agree".
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let hole = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[hole] = count / known
        }
        precondition(Tensor.count(of: resolved) == count, "cannot reshape \(shape) to \(newShape)")
        var copy = self
        copy.shape = resolved
        return copy
    }

    /// The shape and the first 16 values.
    public var description: String {
        let shown = scalars.prefix(16).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 16 ? ", …" : "")])"
    }

    /// The element count of a shape.
    public static func count(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides for a shape.
    public static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }
}
