extension ChatTemplate {
    /// `messages` written in this format, as llama.cpp's `llama_chat_apply_template` writes
    /// them; with `addingGenerationPrompt`, the opening of the assistant's turn follows, so the
    /// model's continuation is its reply. (The Llama 2 and Mistral formats end every user turn
    /// with `[/INST]`, which already opens the reply.)
    ///
    /// The text spells control tokens (`<|im_start|>`); tokenize it with special parsing on
    /// (``TextTokenizer/encode(_:bos:eos:parsingSpecial:)``), as ``TransformerGenerator/chat(_:template:request:)``
    /// does.
    public func render(_ messages: [ChatMessage], addingGenerationPrompt: Bool = true) -> String {
        var text = ""
        let prompt = addingGenerationPrompt
        switch self {
        case .chatml:
            for m in messages { text += "<|im_start|>\(m.role)\n\(m.content)<|im_end|>\n" }
            if prompt { text += "<|im_start|>assistant\n" }
        case .mistralV7, .mistralV7Tekken:
            let space = self == .mistralV7 ? " " : ""
            for m in messages {
                switch m.role {
                case "system": text += "[SYSTEM_PROMPT]\(space)\(m.content)[/SYSTEM_PROMPT]"
                case "user": text += "[INST]\(space)\(m.content)[/INST]"
                default: text += "\(space)\(m.content)</s>"
                }
            }
        case .mistralV1, .mistralV3, .mistralV3Tekken:
            text = renderMistral(messages)
        case .llama2, .llama2Sys, .llama2SysBOS, .llama2SysStrip:
            text = renderLlama2(messages)
        case .llama3:
            for m in messages {
                text += "<|start_header_id|>\(m.role)<|end_header_id|>\n\n\(Self.trim(m.content))<|eot_id|>"
            }
            if prompt { text += "<|start_header_id|>assistant<|end_header_id|>\n\n" }
        case .phi3:
            for m in messages { text += "<|\(m.role)|>\n\(m.content)<|end|>\n" }
            if prompt { text += "<|assistant|>\n" }
        case .phi4:
            for m in messages { text += "<|im_start|>\(m.role)<|im_sep|>\(m.content)<|im_end|>" }
            if prompt { text += "<|im_start|>assistant<|im_sep|>" }
        case .falcon3:
            for m in messages { text += "<|\(m.role)|>\n\(m.content)\n" }
            if prompt { text += "<|assistant|>\n" }
        case .zephyr:
            for m in messages { text += "<|\(m.role)|>\n\(m.content)<|endoftext|>\n" }
            if prompt { text += "<|assistant|>\n" }
        case .gemma:
            text = renderGemma(messages)
            if prompt { text += "<start_of_turn>model\n" }
        case .monarch:
            for (index, m) in messages.enumerated() {
                text += (index == 0 ? "" : "<s>") + "\(m.role)\n\(m.content)</s>\n"
            }
            if prompt { text += "<s>assistant\n" }
        case .vicuna, .vicunaOrca:
            for m in messages {
                switch m.role {
                case "system": text += self == .vicunaOrca ? "SYSTEM: \(m.content)\n" : "\(m.content)\n\n"
                case "user": text += "USER: \(m.content)\n"
                case "assistant": text += "ASSISTANT: \(m.content)</s>\n"
                default: break
                }
            }
            if prompt { text += "ASSISTANT:" }
        case .deepseek:
            for m in messages {
                switch m.role {
                case "system": text += m.content
                case "user": text += "### Instruction:\n\(m.content)\n"
                case "assistant": text += "### Response:\n\(m.content)\n<|EOT|>\n"
                default: break
                }
            }
            if prompt { text += "### Response:\n" }
        case .commandR:
            let marks = ["system": "<|SYSTEM_TOKEN|>", "user": "<|USER_TOKEN|>", "assistant": "<|CHATBOT_TOKEN|>"]
            for m in messages {
                guard let mark = marks[m.role] else { continue }
                text += "<|START_OF_TURN_TOKEN|>\(mark)\(Self.trim(m.content))<|END_OF_TURN_TOKEN|>"
            }
            if prompt { text += "<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>" }
        case .openchat:
            for m in messages {
                if m.role == "system" {
                    text += "\(m.content)<|end_of_turn|>"
                } else {
                    text +=
                        "GPT4 Correct \(m.role.prefix(1).uppercased() + m.role.dropFirst()): \(m.content)<|end_of_turn|>"
                }
            }
            if prompt { text += "GPT4 Correct Assistant:" }
        }
        return text
    }

    private func renderMistral(_ messages: [ChatMessage]) -> String {
        let leading = self == .mistralV1 ? " " : ""
        let trailing = self == .mistralV3Tekken ? "" : " "
        var text = ""
        var insideTurn = false
        for m in messages {
            if !insideTurn {
                text += "\(leading)[INST]\(trailing)"
                insideTurn = true
            }
            switch m.role {
            case "system": text += "\(m.content)\n\n"
            case "user": text += "\(m.content)\(leading)[/INST]"
            default:
                text += trailing + (self == .mistralV3 ? Self.trim(m.content) : m.content) + "</s>"
                insideTurn = false
            }
        }
        return text
    }

    private func renderLlama2(_ messages: [ChatMessage]) -> String {
        var text = "[INST] "
        var insideTurn = true
        for m in messages {
            let content = self == .llama2SysStrip ? Self.trim(m.content) : m.content
            if !insideTurn {
                insideTurn = true
                text += self == .llama2SysBOS ? "<s>[INST] " : "[INST] "
            }
            switch m.role {
            case "system": text += self == .llama2 ? "\(content)\n" : "<<SYS>>\n\(content)\n<</SYS>>\n\n"
            case "user": text += "\(content) [/INST]"
            default:
                text += "\(content)</s>"
                insideTurn = false
            }
        }
        return text
    }

    private func renderGemma(_ messages: [ChatMessage]) -> String {
        var text = ""
        var system = ""
        for m in messages {
            if m.role == "system" {
                system += Self.trim(m.content)
                continue
            }
            let role = m.role == "assistant" ? "model" : m.role
            text += "<start_of_turn>\(role)\n"
            if !system.isEmpty && role != "model" {
                text += "\(system)\n\n"
                system = ""
            }
            text += "\(Self.trim(m.content))<end_of_turn>\n"
        }
        return text
    }

    /// `text` without ASCII whitespace at either end (C's `isspace`).
    static func trim(_ text: String) -> String {
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, space.contains(bytes[start]) { start += 1 }
        while end > start, space.contains(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
