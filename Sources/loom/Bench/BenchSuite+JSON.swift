import Foundation
import Loom

extension BenchSuite {
    /// JSON reading in MB/s of input: LoomCore's located reader and decoder beside Foundation's
    /// `JSONSerialization` and `JSONDecoder` on the same bytes. Part of the `core` suite.
    static func jsonBenchmarks() throws -> [Benchmark] {
        let records = Self.recordsJSON(count: 24_000)
        let map = try Self.mapJSON(side: 1024)
        let mapMB = String(format: "%.1f", Double(map.count) / 1e6)
        let recordsMB = String(format: "%.1f", Double(records.count) / 1e6)
        return [
            Benchmark(
                name: "json records \(recordsMB) MB: LocatedJSON", unit: "MB/s", work: Double(records.count)
            ) {
                blackHole(try? LocatedJSON.parse(records))
            },
            Benchmark(name: "json records: JSONSerialization", unit: "MB/s", work: Double(records.count)) {
                blackHole(try? JSONSerialization.jsonObject(with: records))
            },
            Benchmark(name: "json map 1024² \(mapMB) MB: LocatedJSON", unit: "MB/s", work: Double(map.count)) {
                blackHole(try? LocatedJSON.parse(map))
            },
            Benchmark(name: "json map: JSONSerialization", unit: "MB/s", work: Double(map.count)) {
                blackHole(try? JSONSerialization.jsonObject(with: map))
            },
            Benchmark(name: "json map decode: LocatedJSONDecoder", unit: "MB/s", work: Double(map.count)) {
                blackHole(try? LocatedJSONDecoder().decode(TileMap.self, from: map))
            },
            Benchmark(name: "json map decode: JSONDecoder", unit: "MB/s", work: Double(map.count)) {
                blackHole(try? JSONDecoder().decode(TileMap.self, from: map))
            },
        ]
    }

    /// Content-like records: names with the odd escape and accent, numbers, flags, nesting.
    static func recordsJSON(count: Int) -> Data {
        var random = Seed(17).makeRandom()
        var text = "[\n"
        for index in 0..<count {
            let weight = random.nextDouble() * 10
            let x = random.nextInt(in: -500...500)
            let y = random.nextInt(in: -500...500)
            text += "  {\"name\": \"tile \(index) \\\"é\\\"\", \"id\": \(index), \"weight\": \(weight), "
            text += "\"walkable\": \(random.nextBool(probability: 0.5)), \"position\": [\(x), \(y)], "
            text += "\"tags\": [\"stone\", \"deep\"], \"note\": null}"
            text += index + 1 < count ? ",\n" : "\n"
        }
        return Data((text + "]\n").utf8)
    }

    /// A map's JSON export: one tile layer of `side`² cells and its tileset.
    static func mapJSON(side: Int) throws -> Data {
        var random = Seed(23).makeRandom()
        var map = TileMap(width: side, height: side)
        map.setTiles(Grid(width: side, height: side) { _, _ in UInt16(random.nextInt(below: 12)) }, named: "ground")
        return try map.jsonData()
    }
}
