import Loom
import LoomC

extension BenchSuite {
    /// The C API's cost per call (issue 22), through the same exported functions a C program
    /// calls (`loom_map_tile`, `loom_map_copy_tiles`), on a 256² cave: one tile read per call, in
    /// a loop over every cell, and one whole layer copied per call. Nanoseconds per call are
    /// 1000 divided by the M calls/s figure.
    static let capi = BenchSuite(name: "capi") {
        let side: Int32 = 256
        var handle: OpaquePointer?
        guard loom_map_generate("caves", nil, 1, side, side, &handle, nil) == 0, let map = handle else {
            throw LoomError(.runtime, "loom_map_generate failed for a 256x256 cave")
        }
        let cells = Int(side) * Int(side)
        var buffer = [UInt16](repeating: 0, count: cells)
        return [
            Benchmark(name: "loom_map_tile 256² (one tile per call)", unit: "M calls/s", work: Double(cells)) {
                var tile: UInt16 = 0
                var sum = 0
                for y in 0..<side {
                    for x in 0..<side {
                        _ = loom_map_tile(map, 0, x, y, &tile, nil)
                        sum &+= Int(tile)
                    }
                }
                blackHole(sum)
            },
            Benchmark(name: "loom_map_copy_tiles 256² layer", unit: "M calls/s", work: 1) {
                _ = buffer.withUnsafeMutableBufferPointer {
                    loom_map_copy_tiles(map, nil, $0.baseAddress, UInt(cells), nil)
                }
                blackHole(buffer[cells / 2])
            },
            Benchmark(name: "loom_map_copy_tiles 256² layer (tiles)", unit: "M tiles/s", work: Double(cells)) {
                _ = buffer.withUnsafeMutableBufferPointer {
                    loom_map_copy_tiles(map, nil, $0.baseAddress, UInt(cells), nil)
                }
                blackHole(buffer[cells / 2])
            },
        ]
    }
}
