import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in
/// the same folder, which is then renamed over the destination. A failure leaves the old file
/// (if any) as it was.
public enum AtomicFile {
    /// Writes `data` to `path` atomically. Throws a ``LoomError`` of kind `.io` naming the path.
    ///
    /// Temporary files of this naming (`.NAME.tmp-PID`) that a killed writer left beside the
    /// destination are removed first, when their process is gone.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        removeStaleTemporaries(of: url.lastPathComponent, in: folder)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: temporary, options: [])
        } catch {
            throw LoomError(.io, "cannot write \(path): \(Self.reason(error))", at: SourceLocation(file: path))
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw LoomError(.io, "cannot write \(path): \(reason)", at: SourceLocation(file: path))
        }
    }

    /// Throws an `.invalidArgument` error when `output` is the same file as one of `inputs`
    /// (through symlinks and `..` too), so a command never writes over what it reads:
    /// `loom train tiles X.png --out X.png` would replace the example with the model.
    public static func refuseOverwriting(_ output: String, inputs: [String]) throws {
        let target = URL(fileURLWithPath: output).resolvingSymlinksInPath().standardizedFileURL.path
        for input in inputs
        where URL(fileURLWithPath: input).resolvingSymlinksInPath().standardizedFileURL.path == target {
            throw LoomError(
                .invalidArgument, "the output \(output) is also an input (\(input)); write to another file",
                at: SourceLocation(file: output))
        }
    }

    /// Removes `.NAME.tmp-PID` files in `folder` whose process no longer runs.
    static func removeStaleTemporaries(of name: String, in folder: URL) {
        let prefix = ".\(name).tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(entry))
            }
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Reads a whole file, throwing a ``LoomError`` of kind `.io` that names the path.
    public static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a folder" : "it cannot be read"
            throw LoomError(.io, "cannot read \(path): \(reason)", at: SourceLocation(file: path))
        }
        return data
    }

    /// Reads a whole UTF-8 text file; invalid UTF-8 is an error naming the path.
    public static func readText(_ path: String) throws -> String {
        let data = try read(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoomError(.format, "\(path) is not UTF-8 text", at: SourceLocation(file: path))
        }
        return text
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
