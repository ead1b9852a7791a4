import LoomCore

/// The geometry of a 2D convolution's sliding window over one image `[channels, height, width]`
/// producing `[outputHeight, outputWidth]` positions.
struct ConvolutionGeometry {
    var channels: Int
    var height: Int
    var width: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var stride: Int
    var padding: Int
    var outputHeight: Int
    var outputWidth: Int

    /// Rows of the column matrix: one per (channel, kernel row, kernel column).
    var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the column matrix: one per output position.
    var positions: Int { outputHeight * outputWidth }
    /// Floats in one image.
    var imageSize: Int { channels * height * width }

    /// Unfolds one image into its `[patchSize, positions]` column matrix (zeros where the
    /// window hangs over the padding).
    func imageToColumns(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>) {
        var row = 0
        for channel in 0..<channels {
            let plane = image + channel * height * width
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let out = columns + row * positions
                    for oy in 0..<outputHeight {
                        let y = oy * stride - padding + ky
                        let line = out + oy * outputWidth
                        if y < 0 || y >= height {
                            for ox in 0..<outputWidth { line[ox] = 0 }
                            continue
                        }
                        for ox in 0..<outputWidth {
                            let x = ox * stride - padding + kx
                            line[ox] = x >= 0 && x < width ? plane[y * width + x] : 0
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Folds a `[patchSize, positions]` column matrix back into an image, adding overlapping
    /// contributions (the adjoint of ``imageToColumns(_:_:)``). The image is overwritten.
    func columnsToImage(_ columns: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>) {
        image.update(repeating: 0, count: imageSize)
        var row = 0
        for channel in 0..<channels {
            let plane = image + channel * height * width
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let source = columns + row * positions
                    for oy in 0..<outputHeight {
                        let y = oy * stride - padding + ky
                        guard y >= 0 && y < height else { continue }
                        let line = source + oy * outputWidth
                        for ox in 0..<outputWidth {
                            let x = ox * stride - padding + kx
                            if x >= 0 && x < width { plane[y * width + x] += line[ox] }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// `[batch, patchSize, positions]` columns for a batch of images, items in parallel.
    func imagesToColumns(_ images: Tensor, batch: Int) -> Tensor {
        var columns = Tensor(zeros: [batch, patchSize, positions])
        let (patch, imageSize) = (patchSize * positions, self.imageSize)
        images.withUnsafeBufferPointer { source in
            columns.withUnsafeMutableBufferPointer { target in
                let (s, t) = (Pointer(source.baseAddress!), Pointer(target.baseAddress!))
                Parallel.forEachChunk(of: batch, chunkSize: 1, threads: threads(batch: batch)) { items in
                    for item in items { imageToColumns(s.value + item * imageSize, t.value + item * patch) }
                }
            }
        }
        return columns
    }

    /// Images `[batch, channels, height, width]` folded from `[batch, patchSize, positions]`.
    func columnsToImages(_ columns: Tensor, batch: Int) -> Tensor {
        var images = Tensor(zeros: [batch, channels, height, width])
        let (patch, imageSize) = (patchSize * positions, self.imageSize)
        columns.withUnsafeBufferPointer { source in
            images.withUnsafeMutableBufferPointer { target in
                let (s, t) = (Pointer(source.baseAddress!), Pointer(target.baseAddress!))
                Parallel.forEachChunk(of: batch, chunkSize: 1, threads: threads(batch: batch)) { items in
                    for item in items { columnsToImage(s.value + item * patch, t.value + item * imageSize) }
                }
            }
        }
        return images
    }

    /// Threads worth waking for a batch: one unless there is real work (each item writes only
    /// its own memory, so the result never depends on this).
    private func threads(batch: Int) -> Int {
        batch > 1 && batch * patchSize * positions >= 1 << 18 ? Compute.threadCount : 1
    }
}
