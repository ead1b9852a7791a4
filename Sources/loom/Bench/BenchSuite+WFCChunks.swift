import Foundation
import Loom

extension BenchSuite {
    /// Endless WFC: for every distinct rule set of `samples.xml`, a 4×4 block of 24×24-cell
    /// chunks for seeds 0–2, made as before margins and repairs existed, with margins only, with
    /// margins and kind-4 repairs, and with the rules' invariants kept too (the default),
    /// counting the chunks that fail (of 48) and checking every adjacency across chunk borders.
    /// `LOOM_WFCCHUNKS=Knots,Chess` limits the table to rule sets whose names contain one of
    /// the comma-separated texts. Layered
    /// samples (with a ground) are also made as a strip of four 24-wide, full-height chunks, and
    /// every rule set in the framed layout.
    ///
    /// The table is printed while the suite is built; each benchmark then times one block
    /// (seed cycling 0–2, repairs on). Names read `after/48 (before) sample`.
    static let wfcchunks = BenchSuite(name: "wfcchunks") {
        let folder = try WFCBenchSamples.folder()
        var benchmarks: [Benchmark] = []
        var seen = Set<String>()
        print(
            "chunk failures of 48 (4×4 blocks of 24² chunks, seeds 0-2): plain → margins → margins and repairs → invariants kept; bad = illegal adjacencies"
        )
        let only = ProcessInfo.processInfo.environment["LOOM_WFCCHUNKS"]?.split(separator: ",").map(String.init)
        for run in try WFCBenchSamples.runs(folder: folder) {
            let key = run.chunkKey
            guard !seen.contains(key), only.map({ $0.contains(where: key.contains) }) ?? true else { continue }
            seen.insert(key)
            let make = try run.makeChunks(folder: folder)
            var before = 0, middle = 0, repaired = 0, after = 0, bad = 0, reasons: [String: Int] = [:]
            for seed in 0..<3 {
                let off = try make(Seed(UInt64(seed)), .grid, 0, 0, false)
                let margins = try make(Seed(UInt64(seed)), .grid, 0, nil, false)
                let repairs = try make(Seed(UInt64(seed)), .grid, nil, nil, false)
                let on = try make(Seed(UInt64(seed)), .grid, nil, nil, true)
                before += off.failures
                middle += margins.failures
                repaired += repairs.failures
                after += on.failures
                bad += off.illegal + margins.illegal + repairs.illegal + on.illegal
                for reason in on.reasons { reasons[reason, default: 0] += 1 }
            }
            var line =
                "\(key.padding(toLength: 28, withPad: " ", startingAt: 0)) \(before) → \(middle) → \(repaired) → \(after)  bad \(bad)"
            // Framed: no failure is possible once a frame exists; some rules have none at 24².
            var framed = 0, framedBad = 0, copies = 0, frameless = false
            for seed in 0..<3 {
                guard let block = try? make(Seed(UInt64(seed)), .framed, nil, nil, true) else {
                    frameless = true
                    continue
                }
                framed += block.failures
                framedBad += block.illegal
                copies += block.copies
            }
            line += frameless ? "  framed: no frame" : "  framed \(framed) (frame copies \(copies)) bad \(framedBad)"
            if run.int("ground", 0) != 0 {
                var strip = 0, stripBad = 0
                for seed in 0..<3 {
                    let block = try make(Seed(UInt64(seed)), .strip, nil, nil, true)
                    strip += block.failures
                    stripBad += block.illegal
                }
                line += "  strip \(strip)/12 bad \(stripBad)"
            }
            if let common = reasons.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
                line += "  (\(common.key.prefix(90)))"
            }
            print(line)
            let counter = Counter()
            benchmarks.append(
                Benchmark(name: "\(after)/48 (\(before)) \(key)", unit: "blocks/s", work: 1, scale: 1) {
                    let seed = counter.next() % 3
                    blackHole((try? make(Seed(UInt64(seed)), .grid, nil, nil, true))?.failures ?? -1)
                })
        }
        return benchmarks
    }
}

/// What one block of chunks came to.
private struct ChunkBlock {
    var failures: Int
    var illegal: Int
    var reasons: [String]
    /// Framed chunks whose search found nothing, so they hold the frame's own filling.
    var copies = 0
}

extension WFCBenchSamples.Run {
    /// The rule set, without the output size, periodicity or limit (which chunks do not use).
    fileprivate var chunkKey: String {
        if isTiled { return "\(name)\(attributes["subset"].map { "/\($0)" } ?? "")" }
        let ground = int("ground", 0)
        return "\(name) N\(int("N", 3))s\(int("symmetry", 8))\(ground != 0 ? " g\(ground)" : "")"
    }

    /// A function making this rule set's block for a seed, layout and repair band.
    fileprivate func makeChunks(
        folder: String
    ) throws -> (Seed, WFCChunkLayout, Int?, Int?, Bool) throws -> ChunkBlock {
        if isTiled {
            let rules = try tiledRules(folder: folder)
            return { seed, layout, band, margin, keeps in
                try Self.block(
                    rules: rules, ground: nil, seed: seed, layout: layout, band: band, margin: margin, keeps: keeps)
            }
        }
        let rules = try overlappingRules(folder: folder)
        return { seed, layout, band, margin, keeps in
            try Self.block(
                rules: rules, ground: layout == .strip ? rules.groundPattern : nil, seed: seed, layout: layout,
                band: band, margin: margin, keeps: keeps)
        }
    }

    private static func block(
        rules: some WFCRules, ground: Int?, seed: Seed, layout: WFCChunkLayout, band: Int?, margin: Int?, keeps: Bool
    ) throws -> ChunkBlock {
        let chunks = try WFCChunks(
            rules: rules, chunkWidth: 24, chunkHeight: layout == .strip ? 48 : 24, seed: seed, layout: layout,
            ground: ground, repairBand: band, margin: margin, keepsInvariants: keeps)
        let region = chunks.region(in: Rect(x: 0, y: 0, width: 4, height: layout == .strip ? 1 : 4))
        let grid = region.patterns
        var illegal = 0
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y] >= 0 {
                if x + 1 < grid.width, grid[x + 1, y] >= 0, !rules.propagator.allows(grid[x, y], grid[x + 1, y], .right)
                {
                    illegal += 1
                }
                if y + 1 < grid.height, grid[x, y + 1] >= 0, !rules.propagator.allows(grid[x, y], grid[x, y + 1], .down)
                {
                    illegal += 1
                }
            }
        }
        var block = ChunkBlock(
            failures: region.failures.count, illegal: illegal, reasons: region.failures.map(\.reason))
        if let frame = chunks.frame {
            for cy in 0..<4 {
                for cx in 0..<4 where grid.cropped(to: Rect(x: cx * 24, y: cy * 24, width: 24, height: 24)) == frame {
                    block.copies += 1
                }
            }
        }
        return block
    }
}
