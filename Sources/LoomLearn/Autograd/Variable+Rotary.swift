extension Variable {
    /// Rotary position embedding; see ``Tensor/rotary(headSize:theta:positionOffset:)``.
    ///
    /// The gradient is the inverse rotation of the output gradient.
    public func rotary(headSize: Int, theta: Float = 10000, positionOffset: Int = 0) -> Variable {
        let output = value.rotary(headSize: headSize, theta: theta, positionOffset: positionOffset)
        return unary(output) { gradient in
            gradient.rotated(headSize: headSize, theta: theta, positionOffset: positionOffset, inverse: true)
        }
    }
}
