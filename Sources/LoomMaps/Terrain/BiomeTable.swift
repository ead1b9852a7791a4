import LoomCore

/// A Whittaker-style table that picks a land biome from temperature and moisture.
///
/// Temperature and moisture are in `0...1` (cold to hot, dry to wet). The row is the first
/// temperature band whose upper limit is at or above the cell's temperature, the column the
/// first moisture band likewise; `biomes[row][column]` names a tile of the tileset.
///
/// ```swift
/// var table = BiomeTable.standard
/// table.biomes[0] = ["snow", "snow", "snow", "snow"]  // no tundra
/// ```
public struct BiomeTable: Hashable, Sendable, Codable {
    /// Upper limits of the temperature bands, ascending; the last should be 1.
    public var temperatureLimits: [Float]
    /// Upper limits of the moisture bands, ascending; the last should be 1.
    public var moistureLimits: [Float]
    /// Tile names, one row per temperature band, one column per moisture band.
    public var biomes: [[String]]

    /// A table of `temperatureLimits.count` rows by `moistureLimits.count` columns of tile names.
    public init(temperatureLimits: [Float], moistureLimits: [Float], biomes: [[String]]) {
        self.temperatureLimits = temperatureLimits
        self.moistureLimits = moistureLimits
        self.biomes = biomes
    }

    /// Four temperature bands (polar, boreal, temperate, tropical) by four moisture bands.
    public static let standard = BiomeTable(
        temperatureLimits: [0.2, 0.4, 0.65, 1],
        moistureLimits: [0.25, 0.5, 0.75, 1],
        biomes: [
            ["scorched", "tundra", "tundra", "snow"],
            ["desert", "shrubland", "taiga", "taiga"],
            ["desert", "grassland", "temperate-forest", "temperate-rainforest"],
            ["desert", "savanna", "tropical-seasonal-forest", "tropical-rainforest"],
        ])

    /// The table resolved to tile ids of `tileset`, or an error naming what is wrong.
    func resolve(in tileset: Tileset) throws -> ResolvedBiomes {
        try Check.that(!temperatureLimits.isEmpty && !moistureLimits.isEmpty, "the biome table has no bands")
        try Check.that(
            zip(temperatureLimits, temperatureLimits.dropFirst()).allSatisfy { $0 < $1 }
                && zip(moistureLimits, moistureLimits.dropFirst()).allSatisfy { $0 < $1 },
            "the biome table's limits must be ascending")
        try Check.that(
            biomes.count == temperatureLimits.count && biomes.allSatisfy { $0.count == moistureLimits.count },
            "the biome table needs \(temperatureLimits.count) rows of \(moistureLimits.count) names "
                + "(one per temperature band, one per moisture band)")
        let ids = try biomes.map { row in try row.map { try tileset.id(named: $0) } }
        return ResolvedBiomes(temperatureLimits: temperatureLimits, moistureLimits: moistureLimits, ids: ids)
    }
}

/// A biome table with tile ids, for the per-cell lookup.
struct ResolvedBiomes: Sendable {
    let temperatureLimits: [Float]
    let moistureLimits: [Float]
    let ids: [[UInt16]]

    @inline(__always)
    func biome(temperature: Float, moisture: Float) -> UInt16 {
        var row = temperatureLimits.count - 1
        for (band, limit) in temperatureLimits.enumerated() where temperature <= limit {
            row = band
            break
        }
        var column = moistureLimits.count - 1
        for (band, limit) in moistureLimits.enumerated() where moisture <= limit {
            column = band
            break
        }
        return ids[row][column]
    }
}
