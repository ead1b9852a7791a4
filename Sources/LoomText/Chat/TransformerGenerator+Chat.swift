import LoomCore

extension TransformerGenerator {
    /// The assistant's reply to `messages`: the chat written in `template`, tokenized with
    /// control tokens parsed (BOS and EOS as the model's file asks), then sampled under
    /// `request`'s seed, temperature, top-k and limits (its prompt is ignored) until an
    /// end-of-turn token (`<|im_end|>`, `<|eot_id|>`, …) or the token limit.
    ///
    /// The word-start rule is off for a chat: the reply is the model's own.
    ///
    /// ```swift
    /// let template = try ChatTemplate.forModel(file)
    /// let reply = try generator.chat(
    ///     [.user("Name three colours.")], template: template,
    ///     request: TextRequest(prompt: "", seed: Seed(1), maxTokens: 64, stop: TextStop(atSentenceEnd: false)))
    /// ```
    public func chat(_ messages: [ChatMessage], template: ChatTemplate, request: TextRequest) throws -> TextResult {
        var stream = try makeChatStream(messages, template: template, request: request)
        var chatRequest = request
        chatRequest.prompt = template.render(messages)
        return try TextResult.collect(from: &stream, request: chatRequest)
    }

    /// A stream of the assistant's reply to `messages`; see ``chat(_:template:request:)``.
    public func makeChatStream(
        _ messages: [ChatMessage], template: ChatTemplate, request: TextRequest
    ) throws -> any TextTokenStream {
        var generator = self
        generator.sampling.parsesSpecialTokens = true
        generator.sampling.startsNewWord = false
        var chatRequest = request
        chatRequest.prompt = template.render(messages)
        return try generator.makeStream(for: chatRequest)
    }
}
