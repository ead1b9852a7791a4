import Foundation
import LoomCore

/// Named tensors and text metadata, stored as a safetensors file.
///
/// The format (from Hugging Face's `safetensors`): 8 bytes holding the header's length `N` as
/// a little-endian unsigned 64-bit integer; `N` bytes of UTF-8 JSON mapping each tensor name to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (byte offsets into the
/// data that follows the header) plus an optional `"__metadata__"` object of strings; then the
/// raw little-endian data. Python reads these files with `safetensors.torch.load_file` or, with
/// no dependencies, `json` and `struct`.
///
/// Loom writes F32 tensors ordered by name, a header with names sorted and no spaces, padded
/// with spaces to a multiple of 8 bytes, so the same tensors always give the same bytes. It
/// reads F32, F16, BF16, F64 and the integer types I64 and I32 (converting to F32, as
/// Hugging Face checkpoints store `position_ids`) and rejects truncated files, overlapping
/// or gapped offsets, and unknown dtypes with errors naming the file.
///
/// ```swift
/// try Checkpoint(model.namedValues, metadata: ["step": "1200"]).save(to: "tiles.safetensors")
/// let checkpoint = try Checkpoint.load(from: "tiles.safetensors")
/// try checkpoint.restore(into: model)
/// ```
public struct Checkpoint: Sendable, Equatable {
    /// The tensors by name.
    public var tensors: [String: Tensor]
    /// Free-form string pairs stored under `__metadata__` (model configuration, step, seed).
    public var metadata: [String: String]

    /// A checkpoint of the given tensors and metadata.
    public init(_ tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The checkpoint of a module's parameters.
    public init(module: some Module, metadata: [String: String] = [:]) {
        self.init(module.namedValues, metadata: metadata)
    }

    /// Writes the checkpoint to `path` atomically (a reader never sees half a file).
    public func save(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    /// Reads a checkpoint from `path`.
    public static func load(from path: String) throws -> Checkpoint {
        try decode(AtomicFile.read(path), source: path)
    }

    /// Copies the stored values into `module`'s parameters, by name.
    ///
    /// Every parameter must be present with its exact shape; tensors the module does not have
    /// (such as optimizer state) are ignored. On error no parameter is changed.
    public func restore(into module: some Module, source: String = "<checkpoint>") throws {
        var values: [(Parameter, Tensor)] = []
        for parameter in module.parameters {
            guard let tensor = tensors[parameter.name] else {
                throw Checkpoint.error("\(source) has no tensor '\(parameter.name)' that the model needs", source)
            }
            guard tensor.shape == parameter.value.shape else {
                throw Checkpoint.error(
                    "\(source): tensor '\(parameter.name)' has shape \(tensor.shape), the model expects "
                        + "\(parameter.value.shape)", source)
            }
            values.append((parameter, tensor))
        }
        for (parameter, tensor) in values { parameter.value = tensor }
    }

    static func error(_ message: String, _ source: String) -> LoomError {
        LoomError(.format, message, at: SourceLocation(file: source))
    }
}
