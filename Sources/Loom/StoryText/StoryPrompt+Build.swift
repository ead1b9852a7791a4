import LoomCore
import LoomStory
import LoomText

extension StoryPrompt {
    /// Builds the prompt for `instruction` under `settings`.
    ///
    /// - Parameters:
    ///   - instruction: what the model is asked to write, placed last.
    ///   - settings: the world's prompt settings: which facts, how many lines of history.
    ///   - facts: the generated world's facts (``GeneratedWorld/facts``).
    ///   - variable: a story variable's value by name (with its `$`), or `nil`.
    ///   - history: the story's lines so far, oldest first (speakers included).
    public static func build(
        instruction: String, settings: StoryPromptSettings, facts: [String: StoryValue],
        variable: (String) -> StoryValue?, history: [String]
    ) -> StoryPrompt {
        let fixed = settings.facts.filter { !$0.contains("{$") }.compactMap {
            fill($0, facts: facts, variable: variable)
        }
        let situation = settings.facts.filter { $0.contains("{$") }.compactMap {
            fill($0, facts: facts, variable: variable)
        }
        let lines = history.suffix(settings.recentLines).map {
            asSentence(settings.speakers ? $0 : withoutSpeaker($0))
        }
        return StoryPrompt(facts: fixed, situation: situation, lines: Array(lines), instruction: instruction)
            .fitted(characters: settings.characterBudget)
    }

    /// `template` with `{fact}` and `{$variable}` filled, or `nil` when one is missing or
    /// empty. `{{` and `}}` stand for braces.
    static func fill(_ template: String, facts: [String: StoryValue], variable: (String) -> StoryValue?) -> String? {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            output += rest[..<open]
            let after = rest.index(after: open)
            if after < rest.endIndex, rest[after] == rest[open] {
                output.append(rest[open])
                rest = rest[rest.index(after: after)...]
                continue
            }
            guard rest[open] == "{", let close = rest[after...].firstIndex(of: "}") else {
                output.append(rest[open])
                rest = rest[after...]
                continue
            }
            let name = rest[after..<close].trimmedOfWhitespace
            let value = name.hasPrefix("$") ? variable(name) : facts[name]
            guard let text = value?.description, !text.isEmpty else { return nil }
            output += text
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }
}
