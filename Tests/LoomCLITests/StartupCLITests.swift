import Foundation
import Testing

/// What `loom` maps at start-up (issue 24): SDL2, libpng and OpenBLAS are opened only by the
/// command that needs them, and a missing one is an error naming it and its package. The loader's
/// own log (`LD_DEBUG=files`, glibc) lists every library a process opens.
@Suite struct StartupCLITests {
    /// The libraries `loom` opened, by file name, from glibc's loader log on standard error.
    static func openedLibraries(_ log: String) -> Set<String> {
        var names = Set<String>()
        for line in log.split(separator: "\n") {
            guard let range = line.range(of: "file=") else { continue }
            let path = line[range.upperBound...].prefix { $0 != " " && $0 != "\t" }
            names.insert(String(path.split(separator: "/").last ?? path))
        }
        return names
    }

    static func opens(_ libraries: Set<String>, _ prefix: String) -> Bool {
        libraries.contains { $0.hasPrefix(prefix) }
    }

    @Test func versionOpensNeitherSDLNorLibpngNorOpenBLASNorASharedSwiftRuntime() throws {
        #if os(Linux)
            let result = try LoomProcess.run(["--version"], environment: ["LD_DEBUG": "files"])
            #expect(result.status == 0)
            #expect(result.output == "0.1.0\n")
            let opened = Self.openedLibraries(result.error)
            #expect(Self.opens(opened, "libc.so"), "the loader log was not read: \(result.error.prefix(500))")
            for absent in ["libSDL2", "libpng", "libopenblas", "libswiftCore", "libFoundation"] {
                #expect(!Self.opens(opened, absent), "loom --version opened \(absent): \(opened.sorted())")
            }
        #endif
    }

    /// Loom reads XML itself (`LocatedXML`), so no command maps libxml2 and the ICU, liblzma and
    /// zlib it brings (zlib still comes with libpng, for a command that reads or writes a PNG);
    /// and the runtime's C++ is linked in from GCC's static libstdc++, so none maps libstdc++.so.
    @Test func aTilesetIsReadWithoutAnXMLLibrary() throws {
        #if os(Linux)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-startup-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let tileset = folder.appendingPathComponent("data.xml").path
            try """
            <?xml version="1.0" encoding="UTF-8"?>
            <set>
              <tiles><tile name="a"/><tile name="b" symmetry="I"/></tiles>
              <neighbors><neighbor left="a" right="a"/><neighbor left="a" right="b"/></neighbors>
            </set>
            """.write(toFile: tileset, atomically: true, encoding: .utf8)
            for (tile, seed) in [("a", "1"), ("b", "2")] {
                let image = folder.appendingPathComponent("\(tile).png").path
                #expect(try LoomProcess.run(["noise", "--size", "4x4", "--seed", seed, "--out", image]).status == 0)
            }
            let version = Self.openedLibraries(
                try LoomProcess.run(["--version"], environment: ["LD_DEBUG": "files"]).error)
            for absent in ["libxml2", "libicuuc", "libicudata", "liblzma", "libz.", "libstdc++"] {
                #expect(!Self.opens(version, absent), "loom --version opened \(absent): \(version.sorted())")
            }
            let out = folder.appendingPathComponent("map.txt").path
            let result = try LoomProcess.run(
                ["generate", "wfc", "--tileset", tileset, "--size", "6x4", "--seed", "1", "--out", out],
                environment: ["LD_DEBUG": "files"])
            #expect(result.status == 0, "\(result.error.suffix(500))")
            #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 4)
            let opened = Self.openedLibraries(result.error)
            #expect(Self.opens(opened, "libc.so"), "the loader log was not read: \(result.error.prefix(500))")
            for absent in ["libxml2", "libicuuc", "libicudata", "liblzma"] {
                #expect(!Self.opens(opened, absent), "loom generate wfc opened \(absent): \(opened.sorted())")
            }
        #endif
    }

    @Test func aPNGCommandOpensLibpngButNotSDL() throws {
        #if os(Linux)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-startup-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let out = folder.appendingPathComponent("noise.png").path
            let result = try LoomProcess.run(
                ["noise", "--size", "16x8", "--seed", "3", "--out", out], environment: ["LD_DEBUG": "files"])
            #expect(result.status == 0, "\(result.error.suffix(500))")
            let opened = Self.openedLibraries(result.error)
            #expect(Self.opens(opened, "libpng16"))
            #expect(!Self.opens(opened, "libSDL2"), "\(opened.sorted())")
            #expect(!Self.opens(opened, "libopenblas"), "\(opened.sorted())")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #endif
    }

    @Test func aMissingLibraryIsAnErrorNamingItAndItsPackage() throws {
        #if os(Linux)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-startup-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let out = folder.appendingPathComponent("noise.png").path
            let result = try LoomProcess.run(
                ["noise", "--size", "16x8", "--out", out],
                environment: ["LOOM_LIBPNG_LIBRARY": "/nonexistent/libpng16.so.16"])
            #expect(result.status == 1)
            #expect(
                result.error.contains(
                    "\(out): error: cannot load libpng (/nonexistent/libpng16.so.16, for reading and writing PNG files): "
                ), "\(result.error)")
            #expect(result.error.contains("install it with `sudo apt-get install libpng16-16`"))
            #expect(!FileManager.default.fileExists(atPath: out))
        #endif
    }
}
