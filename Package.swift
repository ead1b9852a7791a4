// swift-tools-version: 6.0
import PackageDescription

/// Link flags of the `loom` executable on Linux, for start-up time (issue 24): mapping and
/// relocating the Swift runtime's and Foundation's shared libraries was a third of `loom --version`,
/// and relocating a position-independent 100 MB executable half of what remained.
/// - `-static-stdlib` links the Swift runtime and Foundation in;
/// - Foundation's static archives, in one group, since modules compiled against the shared
///   Foundation do not name the archives it needs (CoreFoundation, its own ICU). FoundationXML is
///   not among them: Loom reads XML itself (`LocatedXML`), so no process maps the system's libxml2
///   and the ICU, liblzma and zlib it brings;
/// - `-no-pie`: a fixed-address executable has nothing to relocate at start-up.
///
/// And for peak memory (issue 24): Linux maps an executable's pages 64 KB at a time around each
/// page a process touches, so the few hundred KB of code a command runs, scattered over 20 MB,
/// made 12.8 MB of it resident.
/// - lld lays out the functions that `Sources/LoomMain/loom.order` lists (what start-up, text
///   generation and a world run; `Scripts/order-file` writes it) side by side, first;
/// - `--no-export-dynamic`: nothing looks `loom`'s symbols up at run time, and exporting them
///   made the dynamic loader read a 0.8 MB symbol table at every start;
/// - `-L Sources/LoomMain/StaticLibstdcxx`: its `libstdc++.so` is a linker script that links GCC's
///   static libstdc++ for the runtime's C++, so no process maps and relocates the shared one.
let foundationArchives: [String] = [
    "Foundation", "CoreFoundation", "FoundationInternationalization", "_FoundationICU", "FoundationEssentials",
    "_FoundationCShims", "_FoundationCollections",
]
let loomMainFolder = "\(Context.packageDirectory)/Sources/LoomMain"
let staticLoomFlagGroups: [[String]] = [
    ["-L", "\(loomMainFolder)/StaticLibstdcxx", "-static-stdlib", "-Xclang-linker", "-no-pie"],
    ["-Xlinker", "--start-group"], foundationArchives.flatMap { ["-Xlinker", "-l\($0)"] }, ["-Xlinker", "--end-group"],
    ["-use-ld=lld", "-Xlinker", "--symbol-ordering-file=\(loomMainFolder)/loom.order"],
    ["-Xlinker", "--no-warn-symbol-ordering", "-Xlinker", "--no-export-dynamic"],
]
let staticLoomFlags: [String] = staticLoomFlagGroups.flatMap { $0 }

let package = Package(
    name: "Loom",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Loom", targets: ["Loom"]),
        .library(name: "LoomCore", targets: ["LoomCore"]),
        .library(name: "LoomImage", targets: ["LoomImage"]),
        .library(name: "LoomMaps", targets: ["LoomMaps"]),
        .library(name: "LoomPlayground", targets: ["LoomPlayground"]),
        .library(name: "LoomPreview", targets: ["LoomPreview"]),
        .library(name: "LoomStory", targets: ["LoomStory"]),
        .library(name: "LoomInk", targets: ["LoomInk"]),
        .library(name: "LoomScript", targets: ["LoomScript"]),
        .library(name: "LoomNoise", targets: ["LoomNoise"]),
        .library(name: "LoomLearn", targets: ["LoomLearn"]),
        .library(name: "LoomText", targets: ["LoomText"]),
        .executable(name: "loom", targets: ["LoomMain"]),
        // The C API (`include/loom.h`): `libLoomCShared.so` and `libLoomCStatic.a`, which
        // `Scripts/build-libloom` copies to `libloom.so` and `libloom.a` (the name `loom` is the
        // executable's, and SwiftPM names a library's file after its product).
        .library(name: "LoomCShared", type: .dynamic, targets: ["LoomC"]),
        .library(name: "LoomCStatic", type: .static, targets: ["LoomC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation` (Scripts/docs); a command plugin, linked into nothing.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: System libraries (Debian packages; `Scripts/bootstrap` installs them)
        .systemLibrary(
            name: "CLua", path: "Sources/CLua", pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"], path: "Sources/CLuaShim"),
        // SDL2 (+ SDL2_image, SDL2_ttf), libpng and OpenBLAS are loaded with dlopen when first used, so
        // a command that never draws, reads a PNG or multiplies never maps them: these shims include
        // the headers (libsdl2-dev, libsdl2-image-dev, libsdl2-ttf-dev, libpng-dev) and link nothing.
        .target(
            name: "CLoomLoader", path: "Sources/CLoomLoader",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "CLoomSDL", dependencies: ["CLoomLoader"], path: "Sources/CLoomSDL"),
        .target(name: "CLoomPNG", dependencies: ["CLoomLoader"], path: "Sources/CLoomPNG"),
        .target(name: "CLoomBLAS", dependencies: ["CLoomLoader"], path: "Sources/CLoomBLAS"),
        .target(name: "CLoomKernels", path: "Sources/CLoomKernels"),
        .target(name: "CLoomNoiseKernels", path: "Sources/CLoomNoiseKernels"),

        // MARK: Loom modules (dependencies only point down)
        .target(name: "LoomCore"),
        .target(name: "LoomImage", dependencies: ["CLoomPNG", "CLoomSDL", "LoomCore"]),
        .target(name: "LoomMaps", dependencies: ["LoomCore", "LoomImage", "LoomNoise", "LoomLearn"]),
        .target(name: "LoomPlayground", dependencies: ["CLoomSDL", "LoomCore", "LoomImage"]),
        .target(
            name: "Loom",
            dependencies: [
                "LoomCore",
                "LoomImage",
                "LoomMaps",
                "LoomStory",
                "LoomInk",
                "LoomScript",
                "LoomNoise",
                "LoomLearn",
                "LoomText",
            ]),
        .target(name: "LoomPreview", dependencies: ["Loom", "LoomPlayground"]),
        // The C API: `@c` functions over the facade; its header is `include/loom.h`.
        .target(name: "LoomC", dependencies: ["Loom"]),
        .target(name: "LoomStory", dependencies: ["LoomCore"]),
        .target(name: "LoomInk", dependencies: ["LoomCore"]),
        .target(name: "LoomScript", dependencies: ["CLuaShim", "LoomCore"]),
        .target(name: "LoomNoise", dependencies: ["CLoomNoiseKernels", "LoomCore"]),
        .target(name: "LoomLearn", dependencies: ["CLoomBLAS", "LoomCore"]),
        .target(name: "LoomText", dependencies: ["CLoomKernels", "LoomCore", "LoomLearn"]),
        // The command line is a library, so tests import it; `LoomMain` only starts it, and only the
        // executable carries the static-linking flags (a test bundle must share the runtime's
        // shared libraries with the test frameworks).
        .target(
            name: "LoomCLI",
            dependencies: [
                "Loom",
                "LoomC",
                "LoomInk",
                "LoomPlayground",
                "LoomPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/loom"),
        .executableTarget(
            name: "LoomMain", dependencies: ["LoomCLI"], path: "Sources/LoomMain",
            exclude: ["loom.order", "StaticLibstdcxx"],
            linkerSettings: [.unsafeFlags(staticLoomFlags, .when(platforms: [.linux]))]),

        // MARK: Tests
        // What several test targets share: the current-folder lock, the window closer.
        .target(name: "LoomTestSupport", dependencies: ["CLoomSDL"], path: "Tests/LoomTestSupport"),
        .testTarget(name: "LoomCoreTests", dependencies: ["LoomCore"]),
        .testTarget(
            name: "LoomTests", dependencies: ["Loom", "LoomTestSupport"],
            exclude: ["Fixtures", "Snapshots", "StoryText/Snapshots", "FreeText/evidence.txt"]),
        .testTarget(name: "LoomImageTests", dependencies: ["LoomImage"]),
        .testTarget(name: "LoomMapsTests", dependencies: ["LoomMaps"], exclude: ["Snapshots"]),
        .testTarget(
            name: "LoomPlaygroundTests",
            dependencies: ["CLoomSDL", "LoomPlayground", "LoomCore", "LoomImage", "LoomTestSupport"]),
        .testTarget(
            name: "LoomStoryTests", dependencies: ["LoomStory"],
            exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "LoomInkTests", dependencies: ["LoomInk", "LoomStory", "LoomTestSupport"]),
        .testTarget(
            name: "LoomScriptTests", dependencies: ["LoomScript"], exclude: ["Hostile", "Fixtures"]),
        .testTarget(name: "LoomNoiseTests", dependencies: ["LoomNoise"], exclude: ["Snapshots"]),
        .testTarget(name: "LoomLearnTests", dependencies: ["LoomLearn"]),
        .testTarget(name: "LoomTextTests", dependencies: ["LoomText"], exclude: ["Fixtures"]),
        .testTarget(
            name: "SystemLibraryTests", dependencies: ["CLua", "CLuaShim", "CLoomSDL", "CLoomPNG", "CLoomBLAS"]),
        .testTarget(
            name: "LoomPreviewTests",
            dependencies: ["CLoomSDL", "Loom", "LoomPlayground", "LoomPreview", "LoomTestSupport"]),
        .testTarget(name: "LoomCLITests", dependencies: ["LoomCLI", "LoomPreview"]),
        .testTarget(
            name: "LoomCAPITests", dependencies: ["LoomC", "LoomCore", "LoomMaps", "LoomNoise"], exclude: ["C"]),
    ],
    swiftLanguageModes: [.v6]
)
