import Foundation
import LoomCore

/// Compiles ink source into a story in ink's JSON runtime format.
///
/// The compiler reads the language of inkle's "Writing with ink": knots, stitches and
/// functions, the weave of choices and gathers, diverts, tunnels and threads, inline and
/// multi-line logic, `VAR`, `CONST`, `LIST`, `EXTERNAL` and `INCLUDE`. Every error is
/// reported at once, each located (`story.ink:12:5: error: …`).
///
/// ```swift
/// let story = try InkCompiler.compile("VAR name = \"Wren\"\nHello, {name}!\n", file: "hello.ink")
/// try AtomicFile.write(story.json(), to: "hello.json")
/// ```
public enum InkCompiler {
    /// Compiles ink source text. `include` reads the file an `INCLUDE` names (relative paths
    /// as written); by default, includes are an error.
    /// - Throws: `LoomError` (`.syntax`) listing every error with its location.
    public static func compile(
        _ text: String, file: String = "story.ink",
        include: @escaping (String) throws -> String = { path in
            throw LoomError(.io, "INCLUDE is not available for source given as text ('\(path)')")
        }
    ) throws -> InkStory {
        let syntax = InkStorySyntax()
        var diagnostics: [Diagnostic] = []
        var included: Set<String> = [file]
        var includeDepth = 0
        func parse(_ text: String, file: String) {
            var parser = InkParser(text: text, file: file)
            parser.includeHandler = { path, location, story in
                guard !included.contains(path) else {
                    diagnostics.append(Diagnostic(.error, "'\(path)' is included more than once", at: location))
                    return
                }
                guard includeDepth < 32 else {
                    diagnostics.append(Diagnostic(.error, "INCLUDEs nest more than 32 deep", at: location))
                    return
                }
                included.insert(path)
                do {
                    let source = try include(path)
                    includeDepth += 1
                    parse(source, file: path)
                    includeDepth -= 1
                } catch {
                    diagnostics.append(Diagnostic(.error, "cannot include '\(path)': \(error)", at: location))
                }
            }
            parser.parseStory(into: syntax)
            diagnostics += parser.diagnostics
        }
        if text.hasPrefix("\u{FEFF}") { parse(String(text.dropFirst()), file: file) } else { parse(text, file: file) }
        let codegen = InkCodegen(syntax: syntax)
        let root = codegen.generate()
        codegen.resolvePaths()
        diagnostics += codegen.diagnostics
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw LoomError(
                .syntax,
                diagnostics: diagnostics.sorted { a, b in
                    let x = a.location ?? SourceLocation(file: "")
                    let y = b.location ?? SourceLocation(file: "")
                    return (x.file, x.line, x.column) < (y.file, y.line, y.column)
                })
        }
        return try InkStory(root: root, lists: codegen.lists, file: file)
    }

    /// Compiles the ink file at `path`, reading its `INCLUDE`s relative to its folder.
    /// - Throws: `LoomError` (`.io`) when a file cannot be read, (`.syntax`) for errors.
    public static func compile(file path: String) throws -> InkStory {
        let text = try AtomicFile.readText(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try compile(text, file: path) { included in
            try AtomicFile.readText(folder.appendingPathComponent(included).path)
        }
    }
}
