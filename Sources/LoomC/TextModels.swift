import Foundation
import Loom

/// `int32_t (*loom_text_callback)(const char *token, size_t length, void *user_data)`: nonzero cancels.
public typealias TextCallback = @convention(c) (UnsafePointer<CChar>?, UInt, UnsafeMutableRawPointer?) -> Int32

/// `loom_status loom_text_model_load(const char *model, const char *tokenizer, loom_text_model **out_model,
/// loom_error **)`.
@c(loom_text_model_load)
public func loom_text_model_load(
    _ model: UnsafePointer<CChar>?, _ tokenizer: UnsafePointer<CChar>?,
    _ outModel: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outModel, "out_model")
        out.pointee = nil
        let name = try Arguments.string(model, "model")
        let tokenizerName = try Arguments.optionalString(tokenizer, "tokenizer")
        let object = try TextModelObject.load(model: name, tokenizer: tokenizerName)
        out.pointee = HandleTable.shared.insert(object, kind: .textModel)
    }
}

/// `loom_status loom_text_model_free(loom_text_model *)`: NULL is a no-op.
@c(loom_text_model_free)
public func loom_text_model_free(_ model: OpaquePointer?) -> Int32 {
    HandleTable.shared.free(model, kind: .textModel)
}

/// `loom_status loom_text_model_generate(loom_text_model *, const char *prompt, uint64_t seed,
/// const char *options_json, loom_text_callback on_token, void *user_data, char **out_text,
/// loom_text_finish *out_finish, loom_error **)`.
@c(loom_text_model_generate)
public func loom_text_model_generate(
    _ model: OpaquePointer?, _ prompt: UnsafePointer<CChar>?, _ seed: UInt64, _ optionsJSON: UnsafePointer<CChar>?,
    _ onToken: TextCallback?, _ userData: UnsafeMutableRawPointer?,
    _ outText: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outFinish: UnsafeMutablePointer<Int32>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        outText?.pointee = nil
        let prompt = try Arguments.string(prompt, "prompt")
        let options = try TextModelOptions.read(try Arguments.optionalString(optionsJSON, "options_json"))
        let (result, cancelled) = try TextModelObject.with(model) { object in
            try object.generate(prompt: prompt, seed: Seed(seed), options: options) { token in
                guard let onToken else { return true }
                return token.withCString { onToken($0, UInt(strlen($0)), userData) } == 0
            }
        }
        outFinish?.pointee = cancelled ? 4 : finishCode(result.finish)
        if let outText { try Arguments.give(result.text, to: outText) }
    }
}

/// `loom_text_finish`'s value for why a text ended.
private func finishCode(_ finish: TextFinish) -> Int32 {
    switch finish {
    case .length: 0
    case .sentenceEnd: 1
    case .stopString: 2
    case .endOfText, .fallback: 3
    }
}
