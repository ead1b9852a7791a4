import LoomCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Read-only bytes that weights point into: a memory-mapped file or an owned buffer.
///
/// Mapping lets a 400 MB model open instantly and be shared by every generator in the
/// process; the pages are read on first use.
final class WeightStorage: @unchecked Sendable {
    /// First byte of the storage.
    let base: UnsafeRawPointer
    /// Number of bytes.
    let count: Int
    private let release: @Sendable (UnsafeMutableRawPointer, Int) -> Void

    private init(
        base: UnsafeMutableRawPointer, count: Int, release: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void
    ) {
        self.base = UnsafeRawPointer(base)
        self.count = count
        self.release = release
    }

    deinit { release(UnsafeMutableRawPointer(mutating: base), count) }

    /// Maps `path` read-only. Throws an `.io` error naming the path when it cannot be opened.
    static func map(path: String) throws -> WeightStorage {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw LoomError(.io, "\(path): cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw LoomError(.io, "\(path): cannot stat (\(String(cString: strerror(errno))))")
        }
        let size = Int(info.st_size)
        guard size > 0 else { throw LoomError(.format, "\(path): the file is empty") }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw LoomError(.io, "\(path): cannot map (\(String(cString: strerror(errno))))")
        }
        return WeightStorage(base: address, count: size) { pointer, length in _ = munmap(pointer, length) }
    }

    /// Storage holding a copy of `bytes`, aligned for floats.
    static func copying(_ bytes: UnsafeRawBufferPointer) -> WeightStorage {
        let storage = allocate(byteCount: bytes.count) { target in
            if let source = bytes.baseAddress { target.copyMemory(from: source, byteCount: bytes.count) }
        }
        return storage
    }

    /// Fresh storage of `byteCount` bytes filled by `fill`, aligned for floats.
    static func allocate(byteCount: Int, fill: (UnsafeMutableRawPointer) throws -> Void) rethrows -> WeightStorage {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        do { try fill(pointer) } catch {
            pointer.deallocate()
            throw error
        }
        return WeightStorage(base: pointer, count: byteCount) { pointer, _ in pointer.deallocate() }
    }

    /// The floats starting `byteOffset` bytes in.
    func floats(at byteOffset: Int) -> UnsafePointer<Float> {
        (base + byteOffset).assumingMemoryBound(to: Float.self)
    }

    /// The little-endian 32-bit integer at `byteOffset`.
    func int32(at byteOffset: Int) -> Int32 {
        Int32(littleEndian: (base + byteOffset).loadUnaligned(as: Int32.self))
    }
}
