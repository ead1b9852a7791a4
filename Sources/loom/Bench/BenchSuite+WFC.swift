import Foundation
import Loom

extension BenchSuite {
    /// Every run of the classic WFC samples' `samples.xml`: the success rate over seeds 0–9
    /// and the time per run, cycling through those seeds.
    ///
    /// Names read `solved/10 sample N3s8 48² p a<attempts> b<backtracks>`: `p` periodic output,
    /// `L<k>` a step limit from `samples.xml` (the run stops after `k` observations with a partial
    /// result, which counts as solved, as in the reference implementation), attempts and
    /// backtracks summed over the ten seeds.
    ///
    /// The samples are found in `$LOOM_WFC_SAMPLES`, or in `shared/samples/wfc` beside the
    /// current folder or any of its ancestors (the repository's `../shared`). Setting
    /// `$LOOM_WFC_RUNS` to labels joined by `|` (`Rooms N3s8 48² p|Rooms N3s8 128² p`) makes only
    /// those runs, which spares solving every sample ten times when one figure is wanted.
    static let wfc = BenchSuite(name: "wfc") {
        let folder = try WFCBenchSamples.folder()
        var benchmarks: [Benchmark] = []
        let only = WFCBenchSamples.onlyLabels
        for run in try WFCBenchSamples.runs(folder: folder) where only.map({ $0.contains(run.label) }) ?? true {
            let solve = try run.makeSolve(folder: folder)
            var solved = 0, attempts = 0, backtracks = 0
            for seed in 0..<10 {
                let result = solve(Seed(UInt64(seed)))
                if result.isSuccess { solved += 1 }
                attempts += result.attempts
                backtracks += result.backtracks
            }
            // The solved count leads: the report cuts names at 40 characters.
            let name = "\(solved)/10 \(run.label) a\(attempts) b\(backtracks)"
            let counter = Counter()
            benchmarks.append(
                Benchmark(name: name, unit: "runs/s", work: 1, scale: 1) {
                    let seed = counter.next() % 10
                    blackHole(solve(Seed(UInt64(seed))).isSuccess)
                })
        }
        return benchmarks
    }
}

/// A mutable count shared by a benchmark's iterations.
final class Counter {
    var value = 0
    func next() -> Int {
        value += 1
        return value - 1
    }
}

/// The runs listed in `samples.xml`.
enum WFCBenchSamples {
    struct Run {
        var attributes: [String: String]
        var isTiled: Bool

        var name: String { attributes["name"] ?? "" }
        func int(_ key: String, _ fallback: Int) -> Int { attributes[key].flatMap(Int.init) ?? fallback }
        func bool(_ key: String, _ fallback: Bool) -> Bool {
            attributes[key].map { $0.lowercased() == "true" } ?? fallback
        }

        var size: (Int, Int) {
            let fallback = isTiled ? 24 : 48
            return (int("width", fallback), int("height", fallback))
        }

        var label: String {
            let (w, h) = size
            let side = w == h ? "\(w)²" : "\(w)x\(h)"
            if isTiled { return "\(name)\(attributes["subset"].map { "/\($0)" } ?? "") \(side)" }
            // A step limit (Village's `limit="50"`) stops the run early with a partial result.
            let flags = (bool("periodic", false) ? "p" : "") + (attributes["limit"].map { "L\($0)" } ?? "")
            return "\(name) N\(int("N", 3))s\(int("symmetry", 8)) \(side)\(flags.isEmpty ? "" : " " + flags)"
        }

        /// A function solving this run for a seed.
        func makeSolve(folder: String) throws -> (Seed) -> WFCResult {
            let (width, height) = size
            let options = WFCOptions(periodic: bool("periodic", false), observationLimit: max(0, int("limit", 0)))
            if isTiled {
                let rules = try tiledRules(folder: folder)
                let solver = try WFCSolver(rules: rules, width: width, height: height, options: options)
                return { solver.solve(seed: $0) }
            }
            let rules = try overlappingRules(folder: folder)
            let solver = try rules.solver(width: width, height: height, options: options)
            let constraints = rules.constraints
            return { solver.solve(seed: $0, constraints: constraints) }
        }

        /// The tiled model's rules: the tileset `<folder>/<name>/data.xml`, with the run's `subset`.
        func tiledRules(folder: String) throws -> TiledRules {
            try TiledRules(TilesetDescription.load(from: "\(folder)/\(name)/data.xml"), subset: attributes["subset"])
        }

        /// The overlapping model's rules learned from `<folder>/<name>.png` with the run's `N`,
        /// `symmetry`, `periodicInput` and `ground` (the reference implementation's defaults when absent).
        func overlappingRules(folder: String) throws -> OverlappingRules {
            try OverlappingRules(
                image: RGBAImage.load(from: "\(folder)/\(name).png"),
                options: OverlappingOptions(
                    N: int("N", 3), symmetry: int("symmetry", 8), periodicInput: bool("periodicInput", true),
                    ground: int("ground", 0)))
        }
    }

    /// The run labels `$LOOM_WFC_RUNS` lists, or nil for every run.
    static var onlyLabels: Set<String>? {
        guard let list = ProcessInfo.processInfo.environment["LOOM_WFC_RUNS"], !list.isEmpty else { return nil }
        return Set(list.split(separator: "|").map(String.init))
    }

    static func folder() throws -> String {
        if let path = ProcessInfo.processInfo.environment["LOOM_WFC_SAMPLES"] { return path }
        var url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            let candidate = url.appendingPathComponent("shared/samples/wfc").path
            if FileManager.default.fileExists(atPath: candidate + "/samples.xml") { return candidate }
            if url.pathComponents.count <= 1 { break }
            url.deleteLastPathComponent()
        }
        throw LoomError(
            .io, "the classic WFC samples were not found; set LOOM_WFC_SAMPLES or run beside ../shared/samples/wfc")
    }

    static func runs(folder: String) throws -> [Run] {
        let samples = try LocatedXML.load(from: folder + "/samples.xml")
        let listed = samples.children.compactMap { element -> Run? in
            guard element.name == "overlapping" || element.name == "simpletiled" else { return nil }
            // The reader rejects a start tag that repeats an attribute, so the names are unique.
            let attributes = Dictionary(uniqueKeysWithValues: element.attributes.map { ($0.name, $0.value) })
            return Run(attributes: attributes, isTiled: element.name == "simpletiled")
        }
        // The README's larger reference runs, which samples.xml does not list.
        let extra = [
            Run(
                attributes: ["name": "Rooms", "N": "3", "periodic": "True", "width": "128", "height": "128"],
                isTiled: false),
            Run(
                attributes: ["name": "Simple Knot", "N": "3", "periodic": "True", "width": "128", "height": "128"],
                isTiled: false),
        ]
        return listed + extra
    }
}
