// swift-tools-version: 6.0
import PackageDescription

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
        .executable(name: "loom", targets: ["LoomCLI"]),
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
        .systemLibrary(
            name: "CSDL2", path: "Sources/CSDL2", pkgConfig: "sdl2",
            providers: [.apt(["libsdl2-dev", "libsdl2-image-dev", "libsdl2-ttf-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"], path: "Sources/CLuaShim"),
        .target(name: "CLoomKernels", path: "Sources/CLoomKernels"),
        .target(name: "CLoomNoiseKernels", path: "Sources/CLoomNoiseKernels"),

        // MARK: Loom modules (dependencies only point down)
        .target(name: "LoomCore"),
        .target(name: "LoomImage", dependencies: ["CSDL2", "LoomCore"]),
        .target(name: "LoomMaps", dependencies: ["LoomCore", "LoomImage", "LoomNoise", "LoomLearn"]),
        .target(name: "LoomPlayground", dependencies: ["CSDL2", "LoomCore", "LoomImage"]),
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
        .target(name: "LoomStory", dependencies: ["LoomCore"]),
        .target(name: "LoomInk", dependencies: ["LoomCore"]),
        .target(name: "LoomScript", dependencies: ["CLuaShim", "LoomCore"]),
        .target(name: "LoomNoise", dependencies: ["CLoomNoiseKernels", "LoomCore"]),
        .target(name: "LoomLearn", dependencies: ["COpenBLAS", "LoomCore"]),
        .target(name: "LoomText", dependencies: ["CLoomKernels", "LoomCore", "LoomLearn"]),
        .executableTarget(
            name: "LoomCLI",
            dependencies: [
                "Loom",
                "LoomInk",
                "LoomPlayground",
                "LoomPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/loom"),

        // MARK: Tests
        .testTarget(name: "LoomCoreTests", dependencies: ["LoomCore"]),
        .testTarget(
            name: "LoomTests", dependencies: ["Loom"],
            exclude: ["Fixtures", "Snapshots", "StoryText/Snapshots", "FreeText/evidence.txt"]),
        .testTarget(name: "LoomImageTests", dependencies: ["LoomImage"]),
        .testTarget(name: "LoomMapsTests", dependencies: ["LoomMaps"], exclude: ["Snapshots"]),
        .testTarget(name: "LoomPlaygroundTests", dependencies: ["LoomPlayground", "LoomCore", "LoomImage"]),
        .testTarget(
            name: "LoomStoryTests", dependencies: ["LoomStory"],
            exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "LoomInkTests", dependencies: ["LoomInk", "LoomStory"]),
        .testTarget(
            name: "LoomScriptTests", dependencies: ["LoomScript"], exclude: ["Hostile", "Fixtures"]),
        .testTarget(name: "LoomNoiseTests", dependencies: ["LoomNoise"], exclude: ["Snapshots"]),
        .testTarget(name: "LoomLearnTests", dependencies: ["LoomLearn"]),
        .testTarget(name: "LoomTextTests", dependencies: ["LoomText"], exclude: ["Fixtures"]),
        .testTarget(
            name: "SystemLibraryTests", dependencies: ["CLua", "CLuaShim", "CSDL2", "COpenBLAS"]),
        .testTarget(name: "LoomPreviewTests", dependencies: ["Loom", "LoomPlayground", "LoomPreview"]),
        .testTarget(name: "LoomCLITests", dependencies: ["LoomCLI", "LoomPreview"]),
    ],
    swiftLanguageModes: [.v6]
)
