import Foundation
import Loom

/// Strings of static storage for C: made once, never freed, never written (hence `unsafe`).
private enum StaticStrings {
    nonisolated(unsafe) static let version = UnsafePointer(strdup(LoomRelease.version)!)
    nonisolated(unsafe) static let names: [Int32: UnsafePointer<CChar>] = Dictionary(
        uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, UnsafePointer(strdup($0.name)!)) })
    nonisolated(unsafe) static let unknown = UnsafePointer(strdup("LOOM_ERROR_UNKNOWN")!)
    nonisolated(unsafe) static let invalidError = UnsafePointer(
        strdup("the loom_error handle is NULL or already freed")!)
}

/// The C API's binary interface version; `LOOM_ABI_VERSION` in `include/loom.h`.
public let loomABIVersion: Int32 = 2

/// `const char *loom_version(void)`: the release, e.g. "0.1.0".
@c(loom_version)
public func loom_version() -> UnsafePointer<CChar> { StaticStrings.version }

/// `int32_t loom_abi_version(void)`.
@c(loom_abi_version)
public func loom_abi_version() -> Int32 { loomABIVersion }

/// `const char *loom_status_name(loom_status)`.
@c(loom_status_name)
public func loom_status_name(_ status: Int32) -> UnsafePointer<CChar> {
    StaticStrings.names[status] ?? StaticStrings.unknown
}

/// `const char *loom_error_message(const loom_error *)`: borrowed until the error is freed.
@c(loom_error_message)
public func loom_error_message(_ error: OpaquePointer?) -> UnsafePointer<CChar> {
    guard let object = HandleTable.shared.object(error, kind: .error) as? ErrorObject else {
        return StaticStrings.invalidError
    }
    return UnsafePointer(object.message)
}

/// `loom_status loom_error_status(const loom_error *)`.
@c(loom_error_status)
public func loom_error_status(_ error: OpaquePointer?) -> Int32 {
    guard let object = HandleTable.shared.object(error, kind: .error) as? ErrorObject else {
        return Status.invalidHandle.rawValue
    }
    return object.status.rawValue
}

/// `loom_status loom_error_free(loom_error *)`: NULL is a no-op.
@c(loom_error_free)
public func loom_error_free(_ error: OpaquePointer?) -> Int32 {
    HandleTable.shared.free(error, kind: .error)
}

/// `void loom_string_free(char *)`: frees a string the library returned; NULL is a no-op.
@c(loom_string_free)
public func loom_string_free(_ string: UnsafeMutablePointer<CChar>?) { free(string) }
