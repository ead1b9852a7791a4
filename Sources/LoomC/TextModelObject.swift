import Foundation
import Loom

/// The object behind a `loom_text_model` handle: a transformer with its tokenizer and, for an
/// instruct model, the chat template its file names.
///
/// One call at a time runs on a handle: its lock makes a second thread wait. A call made from
/// inside the handle's own token callback would wait for itself, so it is refused instead.
final class TextModelObject {
    let generator: TransformerGenerator
    /// The template a chat is written in when the options name none; `nil` for a model without one.
    let chatTemplate: ChatTemplate?
    private let lock = NSLock()
    /// Guards `owner`, which `lock` cannot (a waiting thread must read it).
    private let ownerLock = NSLock()
    /// The thread inside a call on this handle, if any.
    private var owner: pthread_t?

    init(_ generator: TransformerGenerator, chatTemplate: ChatTemplate?) {
        self.generator = generator
        self.chatTemplate = chatTemplate
    }

    /// Runs `body` on the model a live `loom_text_model` handle names, holding its lock.
    static func with<T>(_ handle: OpaquePointer?, _ body: (TextModelObject) throws -> T) throws -> T {
        guard let object = HandleTable.shared.object(handle, kind: .textModel) as? TextModelObject else {
            throw CAPIFailure.invalidHandle("loom_text_model")
        }
        object.ownerLock.lock()
        let reentered = object.owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        object.ownerLock.unlock()
        guard !reentered else {
            throw CAPIFailure(
                .invalidArgument, "the loom_text_model is busy in this thread (called from its own token callback)")
        }
        object.lock.lock()
        object.setOwner(pthread_self())
        defer {
            object.setOwner(nil)
            object.lock.unlock()
        }
        return try body(object)
    }

    private func setOwner(_ thread: pthread_t?) {
        ownerLock.lock()
        owner = thread
        ownerLock.unlock()
    }

    /// Loads `name` (a path, or a file name on Loom's model search path): a GGUF transformer with
    /// the tokenizer it holds, or a llama2.c checkpoint with `tokenizer` (default: `tokenizer.bin`
    /// beside it). A GGUF `tokenizer` replaces the file's own with a llama2.c `tokenizer.bin`.
    static func load(model name: String, tokenizer: String?) throws -> TextModelObject {
        let search = ModelSearchPath()
        let path = try search.locate(name)
        let tokenizerPath = try tokenizer.map { try search.locate($0) }
        let loaded = try TransformerGenerator.load(
            model: path, tokenizer: tokenizerPath,
            wording: TransformerFileWording(
                model: "loom_text_model_load", tokenizer: "the tokenizer argument of loom_text_model_load"))
        return TextModelObject(loaded.generator, chatTemplate: loaded.chatTemplate)
    }

    /// Generates for `prompt` under `options`, handing each token to `onToken` as it is made;
    /// `onToken` returning `false` ends the text there. Returns the whole text (trimmed, without a
    /// stop string) and whether the callback cancelled it.
    func generate(
        prompt: String, seed: Seed, options: TextModelOptions, onToken: (String) -> Bool
    ) throws -> (result: TextResult, cancelled: Bool) {
        var generator = self.generator
        generator.sampling = options.sampling
        let request = options.request(prompt: prompt, seed: seed)
        let inner: any TextTokenStream
        if options.chat ?? (chatTemplate != nil) {
            let template = try options.chatTemplate.map(Self.template(named:)) ?? chatTemplate
            guard let template else {
                throw CAPIFailure(
                    .invalidArgument,
                    "the model names no chat template; give one as \"chatTemplate\" (\(ChatTemplate.names)) "
                        + "or set \"chat\": false")
            }
            let messages = (options.system.map { [ChatMessage.system($0)] } ?? []) + [.user(prompt)]
            inner = try generator.makeChatStream(messages, template: template, request: request)
        } else {
            inner = try generator.makeStream(for: request)
        }
        return try withoutActuallyEscaping(onToken) { onToken in
            var stream: any TextTokenStream = CallbackTokenStream(inner: inner, onToken: onToken)
            let result = try TextResult.collect(from: &stream, request: request)
            return (result, (stream as? CallbackTokenStream)?.cancelled ?? false)
        }
    }

    static func template(named name: String) throws -> ChatTemplate {
        guard let template = ChatTemplate(name: name) else {
            throw CAPIFailure(.invalidArgument, "unknown chat template '\(name)'; Loom knows \(ChatTemplate.names)")
        }
        return template
    }
}

/// A token stream that shows each token to a callback, which may end the text.
private struct CallbackTokenStream: TextTokenStream {
    var inner: any TextTokenStream
    let onToken: (String) -> Bool
    private(set) var cancelled = false

    init(inner: any TextTokenStream, onToken: @escaping (String) -> Bool) {
        self.inner = inner
        self.onToken = onToken
    }

    mutating func next() throws -> TextToken? {
        guard !cancelled, let token = try inner.next() else { return nil }
        if !onToken(token.text) { cancelled = true }
        return token
    }
}
