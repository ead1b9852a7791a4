import LoomCore
import LoomStory
import LoomText

extension World {
    /// Whether the story itself needs the sentence model: `world.lua` chose `most_similar`
    /// saliency, a line calls `similarity(a, b)`, or an instruct model writes its text (its
    /// candidates are ranked, and `<<generate_options … about>>` routes, by similarity). Typed
    /// choices need it too, but only when a player types, so they load it on demand.
    public var storyNeedsSentenceModel: Bool {
        definition.saliency == .mostSimilar || text.chatWriter != nil
            || story.yarn?.code.contains {
                if case .callBuiltin(.similarity, _) = $0 { return true }
                return false
            } == true
    }

    /// The one warning a world gets when its story needs the sentence model and it cannot be
    /// found (``ModelSearchPath`` with the world's folder first); `nil` otherwise.
    func sentenceModelWarning() -> Diagnostic? {
        guard storyNeedsSentenceModel, locked({ $0.textEmbedder }) == nil,
            ModelSearchPath(first: [folder]).find(SentenceEmbedder.defaultModelName) == nil
        else { return nil }
        return Diagnostic(
            .warning,
            "the story uses most_similar saliency, similarity() or a chat model's text, which need the sentence "
                + "model \(SentenceEmbedder.defaultModelName); it is absent (run Scripts/fetch-models), so "
                + "most_similar picks by complexity, similarity() stops the story with an error, generated lines "
                + "keep their first good candidate and options routed by topic get passages")
    }

    /// The sentence model a new session starts with: ``textEmbedder`` when set; otherwise, when
    /// the story needs one, the shipped model, loaded once (an absent model was already warned
    /// about when the world loaded, and is not looked for again).
    func sessionTextEmbedder() -> (any TextEmbedder)? {
        let needs = storyNeedsSentenceModel
        let absent = needs && ModelSearchPath(first: [folder]).find(SentenceEmbedder.defaultModelName) == nil
        return locked { shared in
            if let embedder = shared.textEmbedder { return embedder }
            guard needs, !shared.sentenceModelAttempted else { return nil }
            shared.sentenceModelAttempted = true
            do {
                shared.textEmbedder = try loadTextEmbedder()
            } catch let error as LoomError {
                // An absent model was warned about when the world loaded.
                if !absent { shared.warnings.append(Diagnostic(.warning, error.message)) }
            } catch {
                shared.warnings.append(Diagnostic(.warning, "\(error)"))
            }
            return shared.textEmbedder
        }
    }
}
