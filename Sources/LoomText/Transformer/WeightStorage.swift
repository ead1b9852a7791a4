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

    fileprivate init(
        base: UnsafeMutableRawPointer, count: Int, release: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void
    ) {
        self.base = UnsafeRawPointer(base)
        self.count = count
        self.release = release
    }

    deinit { release(UnsafeMutableRawPointer(mutating: base), count) }

    /// Maps `path` read-only. Throws an `.io` error naming the path when it cannot be opened.
    static func map(path: String) throws -> WeightStorage {
        let (descriptor, size) = try openForReading(path)
        defer { close(descriptor) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw LoomError(.io, "\(path): cannot map (\(String(cString: strerror(errno))))")
        }
        return WeightStorage(base: address, count: size) { pointer, length in _ = munmap(pointer, length) }
    }

    /// Reads `path` whole into fresh memory that Linux backs with 2 MB pages where it can (on
    /// other systems: ``map(path:)``). Throws as ``map(path:)`` does, and an `.io` error naming the
    /// path when a read fails.
    ///
    /// For weights the forward pass streams in full for every token (float32 llama2.c
    /// checkpoints): with 4 KB pages each 4 KB of weights costs an address translation, which
    /// the hardware prefetcher stops at and which, in a virtual machine, is a two-level walk;
    /// 2 MB pages take that away (measured on the stories15M and stories42M shapes: 6-10% more
    /// tokens a second). Resident memory is the file's size, as for a mapping whose every page
    /// is read: the part past the last whole 2 MB stays in 4 KB pages.
    static func readIntoLargePages(path: String) throws -> WeightStorage {
        #if os(Linux)
            let (descriptor, size) = try openForReading(path)
            defer { close(descriptor) }
            guard let region = LargePageRegion(byteCount: size) else {
                throw LoomError(.io, "\(path): cannot allocate \(size) bytes (\(String(cString: strerror(errno))))")
            }
            var done = 0
            while done < size {
                let count = pread(descriptor, region.base + done, size - done, off_t(done))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    let reason = count < 0 ? String(cString: strerror(errno)) : "the file ended early"
                    region.release()
                    throw LoomError(.io, "\(path): cannot read byte \(done) of \(size) (\(reason))")
                }
                done += count
            }
            return region.storage(count: size)
        #else
            return try map(path: path)
        #endif
    }

    /// `path` opened read-only, and its size. Throws an `.io` error naming the path when it cannot
    /// be opened or examined, a `.format` error when it is empty.
    private static func openForReading(_ path: String) throws -> (descriptor: Int32, size: Int) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw LoomError(.io, "\(path): cannot open (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw LoomError(.io, "\(path): cannot stat (\(reason))")
        }
        guard info.st_size > 0 else {
            close(descriptor)
            throw LoomError(.format, "\(path): the file is empty")
        }
        return (descriptor, Int(info.st_size))
    }

    /// Storage holding a copy of `bytes`, aligned for floats.
    static func copying(_ bytes: UnsafeRawBufferPointer) -> WeightStorage {
        let storage = allocate(byteCount: bytes.count) { target in
            if let source = bytes.baseAddress { target.copyMemory(from: source, byteCount: bytes.count) }
        }
        return storage
    }

    /// Fresh storage of `byteCount` bytes filled by `fill`, aligned for floats (in 2 MB pages
    /// where Linux has them, as ``readIntoLargePages(path:)`` reads files).
    static func allocate(byteCount: Int, fill: (UnsafeMutableRawPointer) throws -> Void) rethrows -> WeightStorage {
        #if os(Linux)
            if byteCount >= LargePageRegion.pageSize, let region = LargePageRegion(byteCount: byteCount) {
                do { try fill(region.base) } catch {
                    region.release()
                    throw error
                }
                return region.storage(count: byteCount)
            }
        #endif
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

#if os(Linux)
    /// Anonymous memory for weights whose whole 2 MB parts are advised for 2 MB pages (the rest
    /// stays in 4 KB pages, so no more is resident than is written), 2 MB-aligned.
    private struct LargePageRegion {
        static let pageSize = 2 << 20
        let base: UnsafeMutableRawPointer
        /// The mapped length: the byte count rounded up to 2 MB.
        let length: Int

        /// Maps `byteCount` bytes (zeroed); `nil` when the system refuses, with `errno` set.
        init?(byteCount: Int) {
            let page = Self.pageSize
            length = (max(byteCount, 1) + page - 1) / page * page
            // Map a large page more than needed, then trim it to a 2 MB-aligned range, so the
            // kernel can give every 2 MB of it one page.
            guard let reserved = mmap(nil, length + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                reserved != MAP_FAILED
            else { return nil }
            let skip = (page - Int(bitPattern: reserved) % page) % page
            if skip > 0 { munmap(reserved, skip) }
            munmap(reserved + skip + length, page - skip)
            base = reserved + skip
            let whole = byteCount / page * page
            if whole > 0 { _ = madvise(base, whole, MADV_HUGEPAGE) }
            if length > whole { _ = madvise(base + whole, length - whole, MADV_NOHUGEPAGE) }
        }

        func release() { munmap(base, length) }

        /// The filled region as read-only storage of its first `count` bytes, unmapped with it.
        func storage(count: Int) -> WeightStorage {
            _ = mprotect(base, length, PROT_READ)
            let length = length
            return WeightStorage(base: base, count: count) { pointer, _ in _ = munmap(pointer, length) }
        }
    }
#endif
