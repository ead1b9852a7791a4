extension LineGuard {
    /// Openings with which an instruct model answers the user instead of writing the line.
    static let chatOpenings = [
        "sure", "certainly", "of course", "absolutely", "here is", "here's", "here are", "okay", "ok,", "as an ai",
        "i'm sorry", "i am sorry", "i cannot", "i can't", "i apologize", "great question", "note:", "answer:",
        "line:", "output:", "response:", "question:", "option:", "options:", "task:", "example:", "player:",
    ]

    /// Phrases and marks that never belong in a story line.
    static let chatMarks = [
        "as an ai", "language model", "as a narrator", "the user", "assistant:", "<|", "|>", "###", "```", "**",
        "[inst]", "[/inst]", "<s>", "</s>", "system:", "user:", "http", "www.", "#", "@", "{", "}", "\\n",
        "the story so far", "this story", "the story really", "next line", "the player", "the narrator",
    ]

    /// The artefact `text` shows, if any.
    static func chatArtefact(in text: String) -> String? {
        let lowered = text.lowercased()
        var opening = Substring(lowered)
        while let first = opening.first, "\"'\u{201C}\u{2018}(*".contains(first) { opening.removeFirst() }
        if let found = chatOpenings.first(where: { opening.hasPrefix($0) }) { return found }
        return chatMarks.first { lowered.contains($0) }
    }

    /// Why `text` is not one or more whole sentences, if it is not.
    static func incompleteness(of text: String) -> String? {
        guard let first = text.first else { return "empty" }
        guard first.isUppercase || first.isNumber || "\"'\u{201C}\u{2018}\u{2014}".contains(first) else {
            return "starts with '\(first)'"
        }
        var body = Substring(text)
        while let last = body.last, "\"'\u{201D}\u{2019})".contains(last) { body.removeLast() }
        if body.hasSuffix("...") || body.hasSuffix("\u{2026}") { return "cut off with an ellipsis" }
        guard let end = body.last, ".!?".contains(end) else { return "ends without . ! or ?" }
        let straightQuotes = text.filter { $0 == "\"" }.count
        let opened = text.filter { $0 == "\u{201C}" }.count
        let closed = text.filter { $0 == "\u{201D}" }.count
        if straightQuotes % 2 != 0 || opened != closed { return "an unclosed quote" }
        if text.filter({ $0 == "(" }).count != text.filter({ $0 == ")" }).count { return "an unclosed bracket" }
        return nil
    }

    /// Why `text` is not a whole phrase (an option's text, a thing the player does), if it is
    /// not: it starts without a capital, is cut off with an ellipsis, ends on `,` `;` `:` `-` or
    /// `?` (a question to the player is not a choice), or leaves a quote or bracket open.
    static func phraseIncompleteness(of text: String) -> String? {
        guard let first = text.first else { return "empty" }
        guard first.isUppercase || first.isNumber || "\"'\u{201C}\u{2018}".contains(first) else {
            return "starts with '\(first)'"
        }
        if text.hasSuffix("...") || text.hasSuffix("\u{2026}") { return "cut off with an ellipsis" }
        if let last = text.last, ",;:-?\u{2014}".contains(last) { return "ends with '\(last)'" }
        if text.filter({ $0 == "\"" }).count % 2 != 0 { return "an unclosed quote" }
        if text.filter({ $0 == "(" }).count != text.filter({ $0 == ")" }).count { return "an unclosed bracket" }
        // A phrase cut at its length limit stops on a word that needs another after it:
        // "Run along the shore in the direction of the starboard bow of".
        if let last = words(of: text).last, danglingWords.contains(last) { return "ends on '\(last)'" }
        return nil
    }

    /// Words an English phrase cannot end on: articles, possessives, conjunctions and
    /// prepositions that need an object.
    static let danglingWords: Set<String> = [
        "the", "a", "an", "of", "to", "and", "or", "nor", "but", "with", "for", "from", "into", "onto", "as", "at",
        "than", "its", "their", "our", "your", "my",
    ]

    /// Common English function words; a sentence of five words or more has at least one.
    static let englishFunctionWords: Set<String> = [
        "the", "a", "an", "of", "to", "in", "on", "at", "and", "or", "but", "is", "are", "was", "were", "be",
        "it", "its", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "my", "with",
        "by", "for", "from", "into", "as", "that", "this", "these", "those", "there", "here", "not", "no",
        "has", "have", "had", "will", "would", "can", "could", "what", "who", "where", "when", "all",
    ]

    /// Function words of French, Spanish, Italian and German that are not English words, and
    /// elisions (`l'`, `d'`, `qu'`): a small model slips into these.
    static let foreignFunctionWords: Set<String> = [
        "le", "les", "des", "une", "du", "et", "dans", "avec", "cette", "ces", "qui", "sont", "mais", "nous",
        "vous", "ils", "elle", "pas", "aux", "ceux", "est", "sur", "leur", "el", "los", "las", "del", "y",
        "una", "por", "para", "muy", "pero", "esta", "il", "della", "gli", "che", "non", "sono", "der", "und",
        "ist", "nicht", "ein", "eine", "ich", "wir", "auf", "mit", "den", "dem", "zu", "von", "un", "de",
    ]

    /// Why `text` does not read as English, if it does not: letters outside the Latin script,
    /// two or more foreign function words (or one that outnumbers the English ones), or a
    /// sentence of five words or more without one English function word.
    static func notEnglish(_ text: String, words: [String]) -> String? {
        var letters = 0
        var latin = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            // Basic Latin, Latin-1 and Latin Extended-A/B (accented names stay English).
            if scalar.value < 0x250 { latin += 1 }
        }
        if letters > 0, Double(latin) / Double(letters) < 0.95 {
            return "\(letters - latin) of \(letters) letters are not Latin"
        }
        let elisions = ["l'", "d'", "qu'", "j'"]
        let foreign = words.filter { word in
            foreignFunctionWords.contains(word) || elisions.contains { word.hasPrefix($0) }
        }
        let english = words.filter(englishFunctionWords.contains).count
        if foreign.count >= 2 || (foreign.count == 1 && english == 0 && words.count >= 3) {
            return "foreign words: \(foreign.joined(separator: ", "))"
        }
        if words.count >= 5, !words.contains(where: englishFunctionWords.contains) {
            return "no English function word in \(words.count) words"
        }
        return nil
    }
}
