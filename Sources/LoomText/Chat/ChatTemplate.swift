import LoomCore

/// One message of a chat: who says it (`system`, `user`, `assistant`) and what.
public struct ChatMessage: Sendable, Codable, Hashable {
    /// The speaker: `system`, `user` or `assistant` (templates write other roles as given).
    public var role: String
    /// The text of the message.
    public var content: String

    /// A message from `role`.
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    /// Instructions for the whole chat.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: "system", content: content) }
    /// What the person says.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }
    /// What the model said.
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: "assistant", content: content) }
}

/// How an instruction-tuned model wants its chat written: the prompt formats llama.cpp knows
/// without a Jinja engine, named as llama.cpp names them (`--chat-template chatml`).
///
/// ``detect(_:)`` recognises a model's `tokenizer.chat_template` by the marks it contains, as
/// llama.cpp's `llm_chat_detect_template` does; ``render(_:addingGenerationPrompt:)`` writes a
/// list of messages in the format, with the opening of the assistant's turn appended.
///
/// ```swift
/// let template = try ChatTemplate.forModel(file)          // .chatml for SmolLM2
/// let prompt = template.render([.system("Be brief."), .user("Name a colour.")])
/// // "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nName a colour.<|im_end|>\n<|im_start|>assistant\n"
/// ```
public enum ChatTemplate: String, Sendable, Codable, CaseIterable {
    /// `<|im_start|>role\n…<|im_end|>\n` (SmolLM2, Qwen 2.5, Qwen 3).
    case chatml
    /// Llama 2 without a system prompt: `[INST] … [/INST]`.
    case llama2
    /// Llama 2 with `<<SYS>>` system prompts.
    case llama2Sys = "llama2-sys"
    /// Llama 2 with system prompts and `<s>` before each later turn.
    case llama2SysBOS = "llama2-sys-bos"
    /// Llama 2 with system prompts, messages trimmed (TinyLlama's Llama 2 variants).
    case llama2SysStrip = "llama2-sys-strip"
    /// Mistral v1: ` [INST] … [/INST]`.
    case mistralV1 = "mistral-v1"
    /// Mistral v3: `[INST] … [/INST]`, assistant messages trimmed.
    case mistralV3 = "mistral-v3"
    /// Mistral v3 Tekken: `[INST]…[/INST]` without spaces.
    case mistralV3Tekken = "mistral-v3-tekken"
    /// Mistral v7: `[SYSTEM_PROMPT] …[/SYSTEM_PROMPT][INST] …[/INST]`.
    case mistralV7 = "mistral-v7"
    /// Mistral v7 Tekken: v7 without the spaces.
    case mistralV7Tekken = "mistral-v7-tekken"
    /// Llama 3.x: `<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`.
    case llama3
    /// Phi-3: `<|role|>\n…<|end|>\n`.
    case phi3
    /// Phi-4: `<|im_start|>role<|im_sep|>…<|im_end|>`.
    case phi4
    /// Falcon 3: `<|role|>\n…\n`.
    case falcon3
    /// Zephyr (and TinyLlama chat): `<|role|>\n…<|endoftext|>\n`.
    case zephyr
    /// Gemma: `<start_of_turn>user\n…<end_of_turn>\n`, the system prompt folded into the first user turn.
    case gemma
    /// Monarch: `role\n…</s>\n` with `<s>` before each later turn.
    case monarch
    /// Vicuna: `USER: …\nASSISTANT: …</s>\n`.
    case vicuna
    /// Vicuna with `SYSTEM: ` before the system prompt (Orca).
    case vicunaOrca = "vicuna-orca"
    /// DeepSeek Coder: `### Instruction:\n…\n### Response:\n`.
    case deepseek
    /// Command R: `<|START_OF_TURN_TOKEN|><|USER_TOKEN|>…<|END_OF_TURN_TOKEN|>`.
    case commandR = "command-r"
    /// OpenChat: `GPT4 Correct User: …<|end_of_turn|>`.
    case openchat

    /// The template named `name` (llama.cpp's spelling: `chatml`, `llama3`, `mistral-v7`, …).
    public init?(name: String) { self.init(rawValue: name) }

    /// The names ``init(name:)`` accepts, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The format a Jinja chat template (`tokenizer.chat_template`) writes, recognised by the
    /// marks it contains in llama.cpp's order, or `nil` when Loom does not know it. A template
    /// that is exactly a name (`chatml`) is that format.
    public static func detect(_ source: String) -> ChatTemplate? {
        if let named = ChatTemplate(name: source) { return named }
        func has(_ mark: String) -> Bool { source.contains(mark) }
        if has("<|im_start|>") {
            if has("<|im_sep|>") { return .phi4 }
            return has("<end_of_utterance>") ? nil : .chatml
        }
        if source.hasPrefix("mistral") || has("[INST]") {
            if has("[SYSTEM_PROMPT]") { return .mistralV7 }
            if has("' [INST] ' + system_message") || has("[AVAILABLE_TOOLS]") {
                if has(" [INST]") { return .mistralV1 }
                if has("\"[INST]\"") { return .mistralV3Tekken }
                return .mistralV3
            }
            if has("content.strip()") { return .llama2SysStrip }
            if has("bos_token + '[INST]") { return .llama2SysBOS }
            return has("<<SYS>>") ? .llama2Sys : .llama2
        }
        if has("<|assistant|>") && has("<|end|>") { return .phi3 }
        if has("[gMASK]<sop>") { return nil }
        if has("<|assistant|>") && has("<|user|>") {
            return !has("<|tool_declare|>") && has("</s>") ? .falcon3 : nil
        }
        if has("<|{{ item['role'] }}|>") && has("<|begin_of_image|>") { return nil }
        if has("<|user|>") && has("<|endoftext|>") { return .zephyr }
        if has("bos_token + message['role']") { return .monarch }
        if has("<start_of_turn>") { return .gemma }
        if has("'\\n\\nAssistant: ' + eos_token") { return nil }
        if has("GPT4 Correct ") { return .openchat }
        if has("USER: ") && has("ASSISTANT: ") { return has("SYSTEM: ") ? .vicunaOrca : .vicuna }
        if has("### Instruction:") && has("<|EOT|>") { return .deepseek }
        if has("<|START_OF_TURN_TOKEN|>") && has("<|USER_TOKEN|>") { return .commandR }
        if has("<|start_header_id|>") && has("<|end_header_id|>") { return .llama3 }
        return nil
    }

    /// The template a GGUF model wants: `override` (a name) when given, else the one
    /// ``detect(_:)`` finds in `tokenizer.chat_template`. Throws `.invalidArgument` for an
    /// unknown override, and `.format` naming the `--chat-template` override when the file has
    /// no template or one Loom does not recognise.
    public static func forModel(_ file: GGUFFile, override: String? = nil) throws -> ChatTemplate {
        if let override {
            guard let template = ChatTemplate(name: override) else {
                throw LoomError(.invalidArgument, "unknown chat template '\(override)'; Loom knows \(names)")
            }
            return template
        }
        guard let source = file.metadata["tokenizer.chat_template"]?.string else {
            throw LoomError(
                .format,
                "\(file.name): tokenizer.chat_template is missing; name the model's chat format with "
                    + "--chat-template NAME (e.g. --chat-template chatml; Loom knows \(names))")
        }
        guard let template = detect(source) else {
            throw LoomError(
                .format,
                "\(file.name): tokenizer.chat_template is not a chat format Loom recognises; name it with "
                    + "--chat-template NAME (e.g. --chat-template chatml; Loom knows \(names))")
        }
        return template
    }
}
