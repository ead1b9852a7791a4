import Foundation

/// Checks on what C passes in: strings, out-pointers, buffers, handles.
enum Arguments {
    /// A required NUL-terminated UTF-8 string, copied.
    static func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws -> String {
        guard let pointer else { throw CAPIFailure(.invalidArgument, "\(name) is NULL") }
        guard let text = String(validatingCString: pointer) else {
            throw CAPIFailure(.invalidUTF8, "\(name) is not valid UTF-8")
        }
        return text
    }

    /// An optional string: NULL is `nil`.
    static func optionalString(_ pointer: UnsafePointer<CChar>?, _ name: String) throws -> String? {
        guard pointer != nil else { return nil }
        return try string(pointer, name)
    }

    /// A required out-pointer.
    static func out<T>(_ pointer: UnsafeMutablePointer<T>?, _ name: String) throws -> UnsafeMutablePointer<T> {
        guard let pointer else { throw CAPIFailure(.invalidArgument, "\(name) is NULL") }
        return pointer
    }

    /// A caller's buffer of `capacity` elements that must hold `needed`.
    static func buffer<T>(
        _ pointer: UnsafeMutablePointer<T>?, capacity: Int, needed: Int, what: String
    ) throws -> UnsafeMutableBufferPointer<T> {
        guard let pointer else { throw CAPIFailure(.invalidArgument, "buffer is NULL") }
        guard capacity >= needed else {
            throw CAPIFailure(
                .bufferTooSmall, "the buffer holds \(capacity) elements; \(what) needs \(needed)")
        }
        return UnsafeMutableBufferPointer(start: pointer, count: needed)
    }

    /// Hands a string to C as a new `malloc`ed copy the caller frees with `loom_string_free`.
    static func give(_ text: String, to out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws {
        guard let copy = strdup(text) else { throw CAPIFailure(.internal, "out of memory copying a string") }
        out.pointee = copy
    }
}
