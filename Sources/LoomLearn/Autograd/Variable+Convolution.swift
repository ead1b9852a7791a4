extension Variable {
    /// A 2D convolution; see ``Tensor/conv2d(weight:bias:stride:padding:)``.
    public func conv2d(weight: Variable, bias: Variable? = nil, stride: Int = 1, padding: Int = 0) -> Variable {
        let x = value
        let w = weight.value
        let geometry = Tensor.convolutionGeometry(input: x.shape, weight: w.shape, stride: stride, padding: padding)
        let (batch, outChannels) = (x.shape[0], w.shape[0])
        let columns = geometry.imagesToColumns(x, batch: batch)
        let matrix = w.reshaped([outChannels, geometry.patchSize])
        var output = matrix.matmul(columns).reshaped([batch, outChannels, geometry.outputHeight, geometry.outputWidth])
        if let bias { output = output + bias.value.reshaped([outChannels, 1, 1]) }
        let (ix, iw, ib) = (id, weight.id, bias?.id)
        return tape.record(output, inputs: [self, weight] + [bias].compactMap { $0 }) { gradient, tape in
            let g = gradient.reshaped([batch, outChannels, geometry.positions])
            if let ib, tape.needsGradient(ib) { tape.accumulate(g.sum(alongAxes: [0, 2]), into: ib) }
            if tape.needsGradient(iw) {
                let gw = g.matmul(columns, transposeB: true).sum(alongAxes: [0])
                tape.accumulate(gw, into: iw)
            }
            if tape.needsGradient(ix) {
                let gColumns = matrix.matmul(g, transposeA: true)
                tape.accumulate(geometry.columnsToImages(gColumns, batch: batch), into: ix)
            }
        }
    }

    /// A 2D transposed convolution; see
    /// ``Tensor/convTranspose2d(weight:bias:stride:padding:outputPadding:)``.
    public func convTranspose2d(
        weight: Variable, bias: Variable? = nil, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0
    ) -> Variable {
        let x = value
        let w = weight.value
        let geometry = Tensor.transposedGeometry(
            input: x.shape, weight: w.shape, stride: stride, padding: padding, outputPadding: outputPadding)
        let (batch, inChannels, outChannels) = (x.shape[0], x.shape[1], w.shape[1])
        let matrix = w.reshaped([inChannels, geometry.patchSize])
        let flat = x.reshaped([batch, inChannels, geometry.positions])
        var output = geometry.columnsToImages(matrix.matmul(flat, transposeA: true), batch: batch)
        if let bias { output = output + bias.value.reshaped([outChannels, 1, 1]) }
        let (ix, iw, ib) = (id, weight.id, bias?.id)
        return tape.record(output, inputs: [self, weight] + [bias].compactMap { $0 }) { gradient, tape in
            if let ib, tape.needsGradient(ib) { tape.accumulate(gradient.sum(alongAxes: [0, 2, 3]), into: ib) }
            let gColumns = geometry.imagesToColumns(gradient, batch: batch)
            if tape.needsGradient(iw) {
                let gw = flat.matmul(gColumns, transposeB: true).sum(alongAxes: [0])
                tape.accumulate(gw, into: iw)
            }
            if tape.needsGradient(ix) { tape.accumulate(matrix.matmul(gColumns), into: ix) }
        }
    }
}
