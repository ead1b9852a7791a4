import Foundation
import LoomCore
import Testing

@testable import LoomText

/// Chat formats: the text each writes (snapshots of llama.cpp's rendering), recognition of
/// each family's Jinja template, and SmolLM2's chat tokens against llama.cpp's.
@Suite struct ChatTemplateTests {
    static let chat: [ChatMessage] = [
        .system("Be brief."), .user("Hello"), .assistant("Hi there "), .user("Name a colour."),
    ]

    static let rendered: [(ChatTemplate, String)] = [
        (
            .chatml,
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"
                + "Hi there <|im_end|>\n<|im_start|>user\nName a colour.<|im_end|>\n<|im_start|>assistant\n"
        ),
        (
            .llama3,
            "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>"
                + "\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nName a colour.<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"
        ),
        (.llama2, "[INST] Be brief.\nHello [/INST]Hi there </s>[INST] Name a colour. [/INST]"),
        (.llama2Sys, "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHello [/INST]Hi there </s>[INST] Name a colour. [/INST]"),
        (
            .llama2SysBOS,
            "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHello [/INST]Hi there </s><s>[INST] Name a colour. [/INST]"
        ),
        (
            .llama2SysStrip,
            "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHello [/INST]Hi there</s>[INST] Name a colour. [/INST]"
        ),
        (.mistralV1, " [INST] Be brief.\n\nHello [/INST] Hi there </s> [INST] Name a colour. [/INST]"),
        (.mistralV3, "[INST] Be brief.\n\nHello[/INST] Hi there</s>[INST] Name a colour.[/INST]"),
        (.mistralV3Tekken, "[INST]Be brief.\n\nHello[/INST]Hi there </s>[INST]Name a colour.[/INST]"),
        (
            .mistralV7,
            "[SYSTEM_PROMPT] Be brief.[/SYSTEM_PROMPT][INST] Hello[/INST] Hi there </s>[INST] Name a colour.[/INST]"
        ),
        (
            .mistralV7Tekken,
            "[SYSTEM_PROMPT]Be brief.[/SYSTEM_PROMPT][INST]Hello[/INST]Hi there </s>[INST]Name a colour.[/INST]"
        ),
        (
            .phi3,
            "<|system|>\nBe brief.<|end|>\n<|user|>\nHello<|end|>\n<|assistant|>\nHi there <|end|>\n<|user|>\n"
                + "Name a colour.<|end|>\n<|assistant|>\n"
        ),
        (
            .zephyr,
            "<|system|>\nBe brief.<|endoftext|>\n<|user|>\nHello<|endoftext|>\n<|assistant|>\nHi there <|endoftext|>\n"
                + "<|user|>\nName a colour.<|endoftext|>\n<|assistant|>\n"
        ),
        (
            .gemma,
            "<start_of_turn>user\nBe brief.\n\nHello<end_of_turn>\n<start_of_turn>model\nHi there<end_of_turn>\n"
                + "<start_of_turn>user\nName a colour.<end_of_turn>\n<start_of_turn>model\n"
        ),
        (
            .vicuna,
            "Be brief.\n\nUSER: Hello\nASSISTANT: Hi there </s>\nUSER: Name a colour.\nASSISTANT:"
        ),
        (
            .deepseek,
            "Be brief.### Instruction:\nHello\n### Response:\nHi there \n<|EOT|>\n### Instruction:\nName a colour.\n"
                + "### Response:\n"
        ),
    ]

    @Test("each format writes the chat as llama.cpp does")
    func rendering() {
        for (template, expected) in Self.rendered {
            #expect(template.render(Self.chat) == expected, "\(template)")
        }
        #expect(
            ChatTemplate.chatml.render([.user("Hi")], addingGenerationPrompt: false)
                == "<|im_start|>user\nHi<|im_end|>\n")
    }

    static let snippets: [(String, ChatTemplate?)] = [
        ("{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}", .chatml),
        (
            "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}",
            .llama3
        ),
        ("{{ '[INST] ' + message['content'] + ' [/INST]' }}", .llama2),
        ("{{ bos_token + '[INST] ' + message['content'] + ' [/INST]' }}<<SYS>>", .llama2SysBOS),
        ("{% if system %}<<SYS>>\\n{{ system }}\\n<</SYS>>{% endif %}[INST] {{ content }} [/INST]", .llama2Sys),
        (
            "{% set content = message['content'] %}{{ '[INST] ' + content.strip() + ' [/INST]' }}<<SYS>>",
            .llama2SysStrip
        ),
        ("{{ '[SYSTEM_PROMPT]' + system_message + '[/SYSTEM_PROMPT]' }}[INST]", .mistralV7),
        ("{{'<|' + message['role'] + '|>' + '\\n' + message['content'] + '<|end|>\\n' }}<|assistant|>", .phi3),
        ("{{'<|user|>\\n' + message['content'] + eos_token}}<|endoftext|>", .zephyr),
        ("{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}", .gemma),
        ("{{'<|im_start|>' + message['role'] + '<|im_sep|>'+ message['content'] + '<|im_end|>'}}", .phi4),
        ("{{ 'USER: ' + message['content'] + '\\nASSISTANT: ' }}", .vicuna),
        ("{{ '[gMASK]<sop>' }}", nil),
        ("{{ message['content'] }}", nil),
        ("llama3", .llama3),
    ]

    @Test("templates are recognised by their marks, as llama.cpp does")
    func detection() {
        for (source, expected) in Self.snippets {
            #expect(ChatTemplate.detect(source) == expected, "\(source)")
        }
    }

    @Test("SmolLM2's own template is ChatML", .enabled(if: RealModels.smolLM2 != nil, RealModels.absent))
    func smolLM2Template() throws {
        let file = try #require(RealModels.smolLM2)
        #expect(try ChatTemplate.forModel(file) == .chatml)
        #expect(try ChatTemplate.forModel(file, override: "gemma") == .gemma)
        let error = try #require(throws: LoomError.self) { try ChatTemplate.forModel(file, override: "jinja") }
        #expect(error.message.contains("unknown chat template 'jinja'"))
    }

    @Test("a file without a known template names the --chat-template override")
    func unknownTemplate() throws {
        let entries: [(String, ByteLevelBPETests.Metadata)] = [
            ("tokenizer.chat_template", .string("{{ messages[0]['content'] }}"))
        ]
        let file = try GGUFFile(bytes: ByteLevelBPETests.metadataFile(entries), name: "odd.gguf")
        let error = try #require(throws: LoomError.self) { try ChatTemplate.forModel(file) }
        #expect(error.message.hasPrefix("odd.gguf: tokenizer.chat_template is not a chat format Loom recognises"))
        #expect(error.message.contains("--chat-template chatml"))
    }

    @Test(
        "SmolLM2's chat tokens equal llama.cpp's for the rendered prompt",
        .enabled(if: RealModels.smolLM2 != nil, RealModels.absent))
    func smolLM2ChatTokens() throws {
        let tokenizer = try #require(RealModels.smolLM2Tokenizer)
        let fixture = try #require(SmolLM2TokenizerTests.fixture)
        let chats: [[ChatMessage]] = [
            [.user("Once upon a time,")],
            [.system("You are a terse narrator."), .user("Describe the crypt in one sentence.")],
            [.user("What's 12+30? Answer with digits."), .assistant("42"), .user("And 7*6?")],
        ]
        for messages in chats {
            let prompt = ChatTemplate.chatml.render(messages)
            let expected = try #require(fixture.first { $0.text == prompt && $0.special }, "\(prompt)")
            #expect(tokenizer.encodePrompt(prompt, parsingSpecial: true) == expected.ids)
        }
    }
}
