import Foundation
import Loom

/// The sentence model typed choices use, loaded on first use and shared by every story and
/// session (embedding is thread-safe). A failed load is not kept: a later call tries again, so
/// a game can fetch the model while it runs.
enum SentenceModel {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: SentenceEmbedder?

    /// The shipped model (all-MiniLM-L6-v2) from Loom's model search path. Absent: a
    /// `LOOM_ERROR_NOT_FOUND` saying how to fetch it and that option numbers still work.
    static func shared() throws -> SentenceEmbedder {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        do {
            let embedder = try SentenceEmbedder.loadForFreeText()
            loaded = embedder
            return embedder
        } catch let error as LoomError where error.kind == .io {
            throw CAPIFailure(.notFound, error.description)
        }
    }
}

/// What a typed choice gives C: whether an option was chosen, which (0-based; the closest
/// available one when none was chosen, -1 when none is available) and its score.
func reportMatch(
    _ match: OptionMatch, matched: UnsafeMutablePointer<Int32>?, index: UnsafeMutablePointer<Int32>?,
    score: UnsafeMutablePointer<Float>?
) {
    matched?.pointee = match.isMatch ? 1 : 0
    index?.pointee = Int32((match.option ?? match.closest)?.index ?? -1)
    score?.pointee = match.score
}

/// One waiting option as `loom_story_choices_json` and `loom_session_options_json` write it.
private struct OptionListing: Encodable {
    var index: Int
    var text: String
    var available: Bool
    var tags: [String]
}

/// The options as a JSON array of `{"index", "text", "available", "tags"}`, in the order the C
/// index counts them.
func optionsJSON(_ choices: [StoryPlayerChoice]) throws -> String {
    try encodeJSON(
        choices.enumerated().map { position, choice in
            OptionListing(index: position, text: choice.text, available: choice.isAvailable, tags: choice.tags)
        })
}

/// `loom_status loom_story_choose_text(loom_story *, const char *text, int32_t *out_matched, int32_t *out_index,
/// float *out_score, loom_error **)`.
@c(loom_story_choose_text)
public func loom_story_choose_text(
    _ story: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ outMatched: UnsafeMutablePointer<Int32>?,
    _ outIndex: UnsafeMutablePointer<Int32>?, _ outScore: UnsafeMutablePointer<Float>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let typed = try Arguments.string(text, "text")
        let match = try StoryObject.with(story) { object -> OptionMatch in
            guard !object.choices.isEmpty else { throw CAPIFailure(.invalidArgument, "no choices are waiting") }
            let match: OptionMatch
            if let runner = object.player as? StoryRunner {
                // Yarn: the runner's own matching, with the compiled story's cached embeddings.
                if runner.textEmbedder == nil { runner.textEmbedder = try SentenceModel.shared() }
                match = try runner.selectOption(matching: typed)
            } else {
                // ink: the same matcher over the choices the runner offers (hints are `#hint:` tags).
                let matcher = OptionMatcher(embedder: try SentenceModel.shared(), cache: object.embeddings)
                match = try matcher.match(typed, among: object.choices.map(StoryOption.init))
                if let option = match.option { try object.player.choose(option.index) }
            }
            if match.isMatch { object.choices = [] }
            return match
        }
        reportMatch(match, matched: outMatched, index: outIndex, score: outScore)
    }
}

/// `loom_status loom_story_choices_json(loom_story *, char **out_json, loom_error **)`.
@c(loom_story_choices_json)
public func loom_story_choices_json(
    _ story: OpaquePointer?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outJSON, "out_json")
        try Arguments.give(try optionsJSON(try StoryObject.with(story) { $0.choices }), to: out)
    }
}

/// `loom_status loom_session_choose_text(loom_session *, const char *text, int32_t *out_matched,
/// int32_t *out_index, float *out_score, loom_error **)`.
@c(loom_session_choose_text)
public func loom_session_choose_text(
    _ session: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ outMatched: UnsafeMutablePointer<Int32>?,
    _ outIndex: UnsafeMutablePointer<Int32>?, _ outScore: UnsafeMutablePointer<Float>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let typed = try Arguments.string(text, "text")
        let match = try SessionObject.with(session) { session -> OptionMatch in
            guard !session.options.isEmpty else { throw CAPIFailure(.invalidArgument, "no options are waiting") }
            if session.textEmbedder == nil { session.textEmbedder = try SentenceModel.shared() }
            return try session.choose(matching: typed)
        }
        reportMatch(match, matched: outMatched, index: outIndex, score: outScore)
    }
}

/// `loom_status loom_session_options_json(loom_session *, char **out_json, loom_error **)`.
@c(loom_session_options_json)
public func loom_session_options_json(
    _ session: OpaquePointer?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outJSON, "out_json")
        try Arguments.give(try optionsJSON(try SessionObject.with(session) { $0.options }), to: out)
    }
}
