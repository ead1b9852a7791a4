/// Work generic over a 2D noise kernel and its octave frames; ``NoiseGenerator/dispatch2D(_:)``
/// picks the concrete types once, so the loops inside are specialised with no per-sample switch.
protocol Visitor2D {
    associatedtype Result
    func visit<K: NoiseKernel2D, F: FrameSource2D>(_ kernel: K, _ frames: F) -> Result where F.L == K.L
}

/// Work generic over a 2D warp kernel and its frames.
protocol WarpVisitor2D {
    associatedtype Result
    func visit<W: WarpKernel2D, F: FrameSource2D>(_ kernel: W, _ frames: F) -> Result where F.L == W.L
}

/// Work generic over a 3D kernel.
protocol Visitor3D {
    associatedtype Result
    func visit<K: NoiseKernel3D>(_ kernel: K) -> Result
}

extension NoiseGenerator {
    func dispatch2D<V: Visitor2D>(_ visitor: V) -> V.Result {
        if isTiled { return dispatch2D(visitor, wrappedFrames) }
        return dispatch2D(visitor, openFrames)
    }

    func dispatchWarp2D<V: WarpVisitor2D>(_ visitor: V) -> V.Result {
        if isTiled { return dispatchWarp2D(visitor, wrappedFrames) }
        return dispatchWarp2D(visitor, openFrames)
    }

    var openFrames: OpenFrames {
        OpenFrames(seed: seed, frequency: clampedFrequency, lacunarity: clampedLacunarity)
    }

    var wrappedFrames: WrappedFrames {
        let valid = { (period: Double?) in period.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } }
        return WrappedFrames(
            seed: seed, frequency: clampedFrequency, lacunarity: clampedLacunarity, periodX: valid(periodX),
            periodY: valid(periodY))
    }

    func cellularSettings<D: CellDistance>(_ distance: D.Type, dimensions: Int) -> CellularSettings {
        CellularSettings(
            jitter: cellularJitter, returnType: cellularReturnType, distance: distance, dimensions: dimensions)
    }

    private func dispatch2D<V: Visitor2D, F: FrameSource2D>(_ visitor: V, _ frames: F) -> V.Result {
        switch noiseType {
        case .openSimplex2: return visitor.visit(Simplex2D<F.L>(), frames)
        case .openSimplex2S: return visitor.visit(SmoothSimplex2D<F.L>(), frames)
        case .perlin: return visitor.visit(Perlin2D<F.L>(), frames)
        case .value: return visitor.visit(Value2D<F.L>(), frames)
        case .valueCubic: return visitor.visit(ValueCubic2D<F.L>(), frames)
        case .cellular:
            switch cellularDistanceFunction {
            case .euclidean:
                let settings = cellularSettings(EuclideanDistance.self, dimensions: 2)
                return visitor.visit(Cellular2D<F.L, EuclideanDistance>(settings: settings), frames)
            case .euclideanSq:
                let settings = cellularSettings(EuclideanSquaredDistance.self, dimensions: 2)
                return visitor.visit(Cellular2D<F.L, EuclideanSquaredDistance>(settings: settings), frames)
            case .manhattan:
                let settings = cellularSettings(ManhattanDistance.self, dimensions: 2)
                return visitor.visit(Cellular2D<F.L, ManhattanDistance>(settings: settings), frames)
            case .hybrid:
                let settings = cellularSettings(HybridDistance.self, dimensions: 2)
                return visitor.visit(Cellular2D<F.L, HybridDistance>(settings: settings), frames)
            }
        }
    }

    private func dispatchWarp2D<V: WarpVisitor2D, F: FrameSource2D>(_ visitor: V, _ frames: F) -> V.Result {
        switch domainWarpType {
        case .openSimplex2: return visitor.visit(SimplexWarp2D<F.L>(reduced: false), frames)
        case .openSimplex2Reduced: return visitor.visit(SimplexWarp2D<F.L>(reduced: true), frames)
        case .basicGrid: return visitor.visit(GridWarp2D<F.L>(), frames)
        }
    }

    func dispatch3D<V: Visitor3D>(_ visitor: V) -> V.Result {
        switch noiseType {
        case .openSimplex2: return visitor.visit(Simplex3D.sharp)
        case .openSimplex2S: return visitor.visit(Simplex3D.smooth)
        case .perlin: return visitor.visit(Perlin3D())
        case .value: return visitor.visit(Value3D())
        case .valueCubic: return visitor.visit(ValueCubic3D())
        case .cellular:
            switch cellularDistanceFunction {
            case .euclidean:
                return visitor.visit(
                    Cellular3D<EuclideanDistance>(settings: cellularSettings(EuclideanDistance.self, dimensions: 3)))
            case .euclideanSq:
                return visitor.visit(
                    Cellular3D<EuclideanSquaredDistance>(
                        settings: cellularSettings(EuclideanSquaredDistance.self, dimensions: 3)))
            case .manhattan:
                return visitor.visit(
                    Cellular3D<ManhattanDistance>(settings: cellularSettings(ManhattanDistance.self, dimensions: 3)))
            case .hybrid:
                return visitor.visit(
                    Cellular3D<HybridDistance>(settings: cellularSettings(HybridDistance.self, dimensions: 3)))
            }
        }
    }
}
