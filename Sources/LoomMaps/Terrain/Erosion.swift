import LoomCore

/// Hydraulic erosion by simulated raindrops: each droplet runs downhill, picks up sediment
/// where it speeds up and drops it where it slows or climbs, carving valleys and fans.
///
/// Deterministic: droplets start at positions drawn from the seed, in a fixed order, for a
/// fixed ``droplets`` count and a fixed ``lifetime`` of steps — never a time limit.
public struct ErosionParameters: Hashable, Sendable, Codable {
    /// Number of droplets simulated; 0 turns erosion off. Default: 0. Range: 0...10_000_000.
    /// About one droplet per cell (`262_144` for 512²) gives visible valleys.
    public var droplets: Int = 0
    /// Most steps a droplet takes. Default: 30. Range: 1...1000.
    public var lifetime: Int = 30
    /// How much a droplet keeps its direction instead of following the slope. Default: 0.05. Range: 0...1.
    public var inertia: Float = 0.05
    /// Sediment a droplet can carry per unit of speed, water and drop. Default: 4. Range: > 0.
    public var capacity: Float = 4
    /// Least carrying capacity, so droplets on flat ground still erode a little. Default: 0.01. Range: ≥ 0.
    public var minimumCapacity: Float = 0.01
    /// Share of spare capacity eroded per step. Default: 0.3. Range: 0...1.
    public var erodeRate: Float = 0.3
    /// Share of excess sediment deposited per step. Default: 0.3. Range: 0...1.
    public var depositRate: Float = 0.3
    /// Share of water evaporated per step. Default: 0.01. Range: 0...1.
    public var evaporation: Float = 0.01
    /// Acceleration down a slope. Default: 4. Range: > 0.
    public var gravity: Float = 4
    /// Radius in cells of the brush erosion spreads over. Default: 2. Range: 0...8.
    public var radius: Int = 2

    /// Parameters with every default.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case droplets, lifetime, inertia, capacity, minimumCapacity, erodeRate, depositRate, evaporation, gravity,
            radius
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        droplets = try c.decodeIfPresent(Int.self, forKey: .droplets) ?? droplets
        lifetime = try c.decodeIfPresent(Int.self, forKey: .lifetime) ?? lifetime
        inertia = try c.decodeIfPresent(Float.self, forKey: .inertia) ?? inertia
        capacity = try c.decodeIfPresent(Float.self, forKey: .capacity) ?? capacity
        minimumCapacity = try c.decodeIfPresent(Float.self, forKey: .minimumCapacity) ?? minimumCapacity
        erodeRate = try c.decodeIfPresent(Float.self, forKey: .erodeRate) ?? erodeRate
        depositRate = try c.decodeIfPresent(Float.self, forKey: .depositRate) ?? depositRate
        evaporation = try c.decodeIfPresent(Float.self, forKey: .evaporation) ?? evaporation
        gravity = try c.decodeIfPresent(Float.self, forKey: .gravity) ?? gravity
        radius = try c.decodeIfPresent(Int.self, forKey: .radius) ?? radius
    }

    /// Throws a ``LoomCore/LoomError`` naming the first parameter out of range.
    public func validate() throws {
        try Check.range("erosion.droplets", droplets, 0...10_000_000)
        try Check.range("erosion.lifetime", lifetime, 1...1000)
        try Check.range("erosion.inertia", Double(inertia), 0...1)
        try Check.range("erosion.capacity", Double(capacity), 1e-6...1e6)
        try Check.range("erosion.minimumCapacity", Double(minimumCapacity), 0...1e6)
        try Check.range("erosion.erodeRate", Double(erodeRate), 0...1)
        try Check.range("erosion.depositRate", Double(depositRate), 0...1)
        try Check.range("erosion.evaporation", Double(evaporation), 0...1)
        try Check.range("erosion.gravity", Double(gravity), 1e-6...1e6)
        try Check.range("erosion.radius", radius, 0...8)
    }

    /// Erodes `heights` in place with droplets drawn from `seed`.
    public func erode(_ heights: inout Grid<Float>, seed: Seed) {
        let width = heights.width, height = heights.height
        guard width >= 3, height >= 3 else { return }
        var random = seed.derive("erosion").makeRandom()
        // The brush: offsets within `radius` weighted by closeness, normalised to sum 1.
        var brush: [(dx: Int, dy: Int, weight: Float)] = []
        for dy in -radius...radius {
            for dx in -radius...radius {
                let distance = Float(dx * dx + dy * dy).squareRoot()
                if distance <= Float(radius) { brush.append((dx, dy, Float(radius) + 1 - distance)) }
            }
        }
        let total = brush.reduce(0) { $0 + $1.weight }
        brush = brush.map { ($0.dx, $0.dy, $0.weight / total) }
        heights.withUnsafeMutableBufferPointer { h in
            func sample(_ x: Float, _ y: Float) -> (height: Float, gx: Float, gy: Float) {
                let cx = Int(x), cy = Int(y)
                let u = x - Float(cx), v = y - Float(cy)
                let i = cy * width + cx
                let a = h[i], b = h[i + 1], c = h[i + width], d = h[i + width + 1]
                let gx = (b - a) * (1 - v) + (d - c) * v
                let gy = (c - a) * (1 - u) + (d - b) * u
                return (a * (1 - u) * (1 - v) + b * u * (1 - v) + c * (1 - u) * v + d * u * v, gx, gy)
            }
            for _ in 0..<droplets {
                var x = Float(random.nextDouble()) * Float(width - 2)
                var y = Float(random.nextDouble()) * Float(height - 2)
                var dx: Float = 0, dy: Float = 0
                var speed: Float = 1, water: Float = 1, sediment: Float = 0
                for _ in 0..<lifetime {
                    let cx = Int(x), cy = Int(y)
                    let u = x - Float(cx), v = y - Float(cy)
                    let here = sample(x, y)
                    dx = dx * inertia - here.gx * (1 - inertia)
                    dy = dy * inertia - here.gy * (1 - inertia)
                    let length = (dx * dx + dy * dy).squareRoot()
                    guard length > 1e-12 else { break }
                    dx /= length
                    dy /= length
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, ny >= 0, nx < Float(width - 1), ny < Float(height - 1) else { break }
                    let delta = sample(nx, ny).height - here.height
                    let carry = max(-delta * speed * water * capacity, minimumCapacity)
                    let i = cy * width + cx
                    if sediment > carry || delta > 0 {
                        let amount = delta > 0 ? min(delta, sediment) : (sediment - carry) * depositRate
                        sediment -= amount
                        h[i] += amount * (1 - u) * (1 - v)
                        h[i + 1] += amount * u * (1 - v)
                        h[i + width] += amount * (1 - u) * v
                        h[i + width + 1] += amount * u * v
                    } else {
                        let amount = min((carry - sediment) * erodeRate, -delta)
                        for (bx, by, weight) in brush {
                            let px = cx + bx, py = cy + by
                            guard px >= 0, py >= 0, px < width, py < height else { continue }
                            let j = py * width + px
                            let removed = amount * weight
                            h[j] -= removed
                            sediment += removed
                        }
                    }
                    speed = max(0, speed * speed + delta * gravity).squareRoot()
                    water *= 1 - evaporation
                    x = nx
                    y = ny
                }
            }
        }
    }
}
