import Foundation
import Loom

/// `loom_status`: the C API's result codes, with the values `include/loom.h` gives them.
enum Status: Int32, CaseIterable {
    case ok = 0
    case invalidArgument = 1
    case parse = 2
    case io = 3
    case notFound = 4
    case bufferTooSmall = 5
    case invalidHandle = 6
    case invalidUTF8 = 7
    case budget = 8
    case runtime = 9
    case library = 10
    case `internal` = 11

    /// The name `loom_status_name` gives, as the header spells the constant.
    var name: String {
        switch self {
        case .ok: "LOOM_OK"
        case .invalidArgument: "LOOM_ERROR_INVALID_ARGUMENT"
        case .parse: "LOOM_ERROR_PARSE"
        case .io: "LOOM_ERROR_IO"
        case .notFound: "LOOM_ERROR_NOT_FOUND"
        case .bufferTooSmall: "LOOM_ERROR_BUFFER_TOO_SMALL"
        case .invalidHandle: "LOOM_ERROR_INVALID_HANDLE"
        case .invalidUTF8: "LOOM_ERROR_INVALID_UTF8"
        case .budget: "LOOM_ERROR_BUDGET"
        case .runtime: "LOOM_ERROR_RUNTIME"
        case .library: "LOOM_ERROR_LIBRARY"
        case .internal: "LOOM_ERROR_INTERNAL"
        }
    }

    /// The status a `LoomError` of `kind` maps to.
    init(_ kind: LoomError.Kind) {
        switch kind {
        case .io: self = .io
        case .syntax, .format, .story: self = .parse
        case .semantic, .invalidArgument: self = .invalidArgument
        case .notFound: self = .notFound
        case .budget: self = .budget
        case .library: self = .library
        default: self = .runtime
        }
    }
}

/// A failure of a C call: its status and the message `loom_error_message` returns.
struct CAPIFailure: Error {
    var status: Status
    var message: String

    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The failure for any error a Swift call threw: a `LoomError` keeps its located text.
    init(_ error: any Error) {
        switch error {
        case let failure as CAPIFailure: self = failure
        case let loom as LoomError: self.init(Status(loom.kind), loom.description)
        default: self.init(.internal, "internal error: \(error)")
        }
    }

    /// A NULL, freed or mistyped handle.
    static func invalidHandle(_ type: String) -> CAPIFailure {
        CAPIFailure(.invalidHandle, "the \(type) handle is NULL, already freed, or not a \(type)")
    }
}

/// The object behind a `loom_error` handle. Its message is kept as a C string for the error's life.
final class ErrorObject {
    let status: Status
    let message: UnsafeMutablePointer<CChar>

    init(_ failure: CAPIFailure) {
        status = failure.status
        message = strdup(failure.message) ?? strdup("out of memory")!
    }

    deinit { free(message) }
}

/// Runs the body of a C entry point: a thrown error becomes the returned status and, when
/// `error` is not NULL, a new `loom_error`; success clears `*error`.
func capiCall(_ error: UnsafeMutablePointer<OpaquePointer?>?, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        error?.pointee = nil
        return Status.ok.rawValue
    } catch let thrown {
        let failure = CAPIFailure(thrown)
        if let error {
            error.pointee = HandleTable.shared.insert(ErrorObject(failure), kind: .error)
        }
        return failure.status.rawValue
    }
}
