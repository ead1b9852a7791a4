import LoomCore
import LoomNoise

/// Worlds of land and sea from noise: height, moisture, temperature, biomes, rivers and lakes.
///
/// 1. **Height** is ``elevation`` noise (optionally displaced by ``warp`` when ``domainWarp``
///    is on), shaped by ``shape``: an island that sinks toward the world's edge, continents
///    from a low-frequency ``continents`` noise, or the bare noise.
/// 2. **Moisture** is ``moisture`` noise mapped to `0...1`; **temperature** falls from the
///    equator toward the poles (``equatorY``, ``polarDistance``) and with altitude
///    (``altitudeCooling``).
/// 3. **Biomes** come from ``biomes`` (a Whittaker-style table over temperature and moisture);
///    below ``seaLevel`` is deep or shallow water, just above it beach.
/// 4. **Rivers** (``rivers``): a coarse lattice of drainage nodes, one every
///    ``drainageSpacing`` cells at a seeded point of its block, each draining to its lowest
///    lower neighbour (or out of a hollow to a lower node two blocks away); rain (more where it
///    is wet) is carried ``drainageReach`` steps down. Nodes gathering at least
///    ``riverThreshold`` send a river to their downstream node, bent to meander, wider with more
///    water, carved so it runs downhill; hollows fill into lakes, and rivers end in the sea or
///    a lake. Every river, lake and `flow` value depends only on the world near it, so chunks
///    match the whole map exactly (see <doc:EndlessTerrain>).
/// 5. **Erosion** (``erosion``, off by default) runs droplets over the height before biomes
///    are worked out and rivers carved (their courses come from the un-eroded land).
///
/// The map has tile layers `ground` (biomes, water, rivers and lakes) and `biome` (without
/// rivers and lakes), float layers `height` (river beds carved), `moisture`, `temperature`
/// and (with rivers) `flow`, and a `river` annotation for each main stem's course through the
/// map, upstream to downstream, with its `mouth` (`sea`, `lake`, `river` where it joins a
/// larger one, or `edge`) and `length`. Tiles come from
/// ``Tileset/standard``. The noise generators' own seeds are mixed with the terrain seed, so
/// `generate(seed:)` with another seed gives another world.
///
/// ```swift
/// var world = TerrainParameters(width: 512, height: 512)
/// world.shape = .continents
/// let map = try world.generate(seed: Seed(2024))
/// let chunk = try world.generateChunk(seed: Seed(2024), chunkX: 3, chunkY: -1, chunkSize: 64)
/// ```
public struct TerrainParameters: Hashable, Sendable, Codable {
    /// How height is shaped into land and sea.
    public enum Shape: String, Hashable, Sendable, Codable, CaseIterable {
        /// The noise as it is: land and sea anywhere.
        case none
        /// One island: height sinks with distance from the world's centre.
        case island
        /// Continents and oceans from a low-frequency noise (endless worlds).
        case continents
    }

    /// World width in cells: the size of ``TerrainParameters/generate(seed:threads:)``'s map, and
    /// the extent the island and the latitudes are laid over. Default: 256. Range: 2...16384.
    public var width: Int = 256
    /// World height in cells (see ``width``). Default: 256. Range: 2...16384.
    public var height: Int = 256
    /// Land and sea shaping. Default: `.island`.
    public var shape: Shape = .island
    /// The height noise, sampled at world cell coordinates. Default: OpenSimplex2 fBm, 5
    /// octaves, frequency 0.008.
    public var elevation = NoiseGenerator(noiseType: .openSimplex2, frequency: 0.008, fractalType: .fbm, octaves: 5)
    /// Whether ``warp`` displaces the height noise's sample points. Default: `false`.
    public var domainWarp: Bool = false
    /// The domain warp for height (its `domainWarpAmplitude` is the largest displacement, in cells).
    /// Default: OpenSimplex2 warp, frequency 0.004, amplitude 40.
    public var warp: NoiseGenerator = {
        var noise = NoiseGenerator(noiseType: .openSimplex2, frequency: 0.004)
        noise.domainWarpAmplitude = 40
        return noise
    }()
    /// The continent noise for `.continents`. Default: OpenSimplex2 fBm, 2 octaves, frequency 0.002.
    public var continents = NoiseGenerator(noiseType: .openSimplex2, frequency: 0.002, fractalType: .fbm, octaves: 2)
    /// How fast an island sinks toward the world's edge. Default: 1.2. Range: 0...8.
    public var islandFalloff: Float = 1.2
    /// The moisture noise. Default: OpenSimplex2 fBm, 3 octaves, frequency 0.006.
    public var moisture = NoiseGenerator(noiseType: .openSimplex2, frequency: 0.006, fractalType: .fbm, octaves: 3)
    /// Height of the sea's surface. Default: 0. Range: -1...1.
    public var seaLevel: Float = 0
    /// Water deeper than this below sea level is deep water. Default: 0.08. Range: 0...2.
    public var shallowDepth: Float = 0.08
    /// Land less than this above sea level is beach. Default: 0.025. Range: 0...2.
    public var beachHeight: Float = 0.025
    /// The equator's row as a share of ``height``. Default: 0.5. Range: any finite value.
    public var equatorY: Double = 0.5
    /// Distance from the equator to the pole, as a share of ``height``. Default: 0.5. Range: > 0.
    public var polarDistance: Double = 0.5
    /// Temperature lost from sea level to a height of 1. Default: 0.7. Range: 0...4.
    public var altitudeCooling: Float = 0.7
    /// The land biomes by temperature and moisture. Default: ``BiomeTable/standard``.
    public var biomes: BiomeTable = .standard
    /// Whether to make rivers and lakes. Default: `true`.
    public var rivers: Bool = true
    /// Rain gathered (each cell gives 0.25 plus its moisture) before a cell becomes river.
    /// Default: 120. Range: 1...1e9.
    public var riverThreshold: Float = 120
    /// Hollows a river reaches become lakes when deeper than this (up to the lowest drainage
    /// node around them); a river's final sink always does, at least this deep. Default: 0.01.
    /// Range: 0...2.
    public var lakeDepth: Float = 0.01
    /// Rivers shorter than this many cells get no annotation (their tiles stay). Default: 4. Range: ≥ 1.
    public var minimumRiverLength: Int = 4
    /// Droplet erosion of the height; off while `erosion.droplets` is 0 (the default).
    public var erosion = ErosionParameters()
    /// Cells between drainage nodes: smaller gives finer, more winding river networks and
    /// costs more. Default: 6. Range: 2...32.
    public var drainageSpacing: Int = 6
    /// Steps down the drainage network a node's rain is carried (a breach out of a hollow
    /// counts two). Bounds how far away rain can swell a river, and so how much of the world
    /// around a chunk is read; rivers still run on to their mouth, as long as
    /// `riverThreshold ≤ (drainageReach / 2 + 1) · drainageSpacing² / 4` (153 with the defaults).
    /// Default: 32. Range: 1...512.
    public var drainageReach: Int = 32
    /// Cells added around a chunk for erosion only (erosion is not chunk-exact). Rivers and lakes
    /// need no margin: they are exact by construction (see ``drainageMargin``). Old parameter
    /// files that set it still decode. Default: 48. Range: 0...4096.
    public var chunkMargin: Int = 48

    /// How far beyond a window, in cells, the drainage model reads the world: the reach in
    /// lattice rings plus the rings whose rivers and lakes can touch the window, plus the two
    /// rings a node's direction looks at.
    public var drainageMargin: Int {
        (DrainageLattice.apron(spacing: drainageSpacing) + drainageReach + 2) * drainageSpacing
    }

    /// Parameters with every other default, for a `width × height` world.
    public init(width: Int = 256, height: Int = 256) {
        self.width = width
        self.height = height
    }

    /// Throws a ``LoomCore/LoomError`` naming the first parameter out of range.
    public func validate() throws {
        try Check.range("width", width, 2...16384)
        try Check.range("height", height, 2...16384)
        for (name, noise) in [
            ("elevation", elevation), ("warp", warp), ("continents", continents), ("moisture", moisture),
        ] {
            do {
                try noise.validate()
            } catch let error as LoomError {
                throw LoomError(error.kind, "\(name): \(error.message)")
            }
        }
        try Check.range("islandFalloff", Double(islandFalloff), 0...8)
        try Check.range("seaLevel", Double(seaLevel), -1...1)
        try Check.range("shallowDepth", Double(shallowDepth), 0...2)
        try Check.range("beachHeight", Double(beachHeight), 0...2)
        try Check.range("equatorY", equatorY, -1e6...1e6)
        try Check.range("polarDistance", polarDistance, 1e-6...1e6)
        try Check.range("altitudeCooling", Double(altitudeCooling), 0...4)
        try Check.range("riverThreshold", Double(riverThreshold), 1...1e9)
        try Check.range("lakeDepth", Double(lakeDepth), 0...2)
        try Check.range("minimumRiverLength", minimumRiverLength, 1...Int.max)
        try Check.range("drainageSpacing", drainageSpacing, 2...32)
        try Check.range("drainageReach", drainageReach, 1...512)
        try Check.range("chunkMargin", chunkMargin, 0...4096)
        try erosion.validate()
        _ = try biomes.resolve(in: .standard)
    }
}
