import LoomNoise

// Missing keys keep their defaults, so partial JSON (and `loom generate terrain --set`) works;
// partial noise objects keep the terrain's noise defaults for the settings they leave out.
extension TerrainParameters {
    private enum CodingKeys: String, CodingKey {
        case width, height, shape, elevation, domainWarp, warp, continents, islandFalloff, moisture, seaLevel
        case shallowDepth, beachHeight, equatorY, polarDistance, altitudeCooling, biomes, rivers, riverThreshold
        case lakeDepth, minimumRiverLength, erosion, chunkMargin, drainageSpacing, drainageReach
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        func read<V: Decodable>(_ key: CodingKeys, _ value: inout V) throws {
            if let decoded = try c.decodeIfPresent(V.self, forKey: key) { value = decoded }
        }
        try read(.width, &width)
        try read(.height, &height)
        try read(.shape, &shape)
        elevation = try c.decodeOverlay(.elevation, onto: elevation) ?? elevation
        try read(.domainWarp, &domainWarp)
        warp = try c.decodeOverlay(.warp, onto: warp) ?? warp
        continents = try c.decodeOverlay(.continents, onto: continents) ?? continents
        try read(.islandFalloff, &islandFalloff)
        moisture = try c.decodeOverlay(.moisture, onto: moisture) ?? moisture
        try read(.seaLevel, &seaLevel)
        try read(.shallowDepth, &shallowDepth)
        try read(.beachHeight, &beachHeight)
        try read(.equatorY, &equatorY)
        try read(.polarDistance, &polarDistance)
        try read(.altitudeCooling, &altitudeCooling)
        try read(.biomes, &biomes)
        try read(.rivers, &rivers)
        try read(.riverThreshold, &riverThreshold)
        try read(.lakeDepth, &lakeDepth)
        try read(.minimumRiverLength, &minimumRiverLength)
        try read(.erosion, &erosion)
        try read(.chunkMargin, &chunkMargin)
        try read(.drainageSpacing, &drainageSpacing)
        try read(.drainageReach, &drainageReach)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(shape, forKey: .shape)
        try c.encode(elevation, forKey: .elevation)
        try c.encode(domainWarp, forKey: .domainWarp)
        try c.encode(warp, forKey: .warp)
        try c.encode(continents, forKey: .continents)
        try c.encode(islandFalloff, forKey: .islandFalloff)
        try c.encode(moisture, forKey: .moisture)
        try c.encode(seaLevel, forKey: .seaLevel)
        try c.encode(shallowDepth, forKey: .shallowDepth)
        try c.encode(beachHeight, forKey: .beachHeight)
        try c.encode(equatorY, forKey: .equatorY)
        try c.encode(polarDistance, forKey: .polarDistance)
        try c.encode(altitudeCooling, forKey: .altitudeCooling)
        try c.encode(biomes, forKey: .biomes)
        try c.encode(rivers, forKey: .rivers)
        try c.encode(riverThreshold, forKey: .riverThreshold)
        try c.encode(lakeDepth, forKey: .lakeDepth)
        try c.encode(minimumRiverLength, forKey: .minimumRiverLength)
        try c.encode(erosion, forKey: .erosion)
        try c.encode(chunkMargin, forKey: .chunkMargin)
        try c.encode(drainageSpacing, forKey: .drainageSpacing)
        try c.encode(drainageReach, forKey: .drainageReach)
    }
}
