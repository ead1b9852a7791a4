/// ink's output-stream rules: how text, newlines and glue combine into lines.
extension InkState {
    /// Adds an object to the output, splitting text at its leading and trailing newlines so
    /// that glue and newline rules see them one by one.
    mutating func pushOutput(_ item: InkOutput) {
        if case .text(let text) = item, let pieces = InkState.splitHeadTailWhitespace(text) {
            for piece in pieces { pushOutputSingle(.text(piece)) }
            return
        }
        pushOutputSingle(item)
    }

    private mutating func pushOutputSingle(_ item: InkOutput) {
        var include = true
        switch item {
        case .glue:
            trimNewlinesFromOutput()
        case .text(let text):
            var functionTrimIndex = -1
            let frame = callStack.currentFrame
            if frame.type == .function { functionTrimIndex = frame.functionStartInOutput }
            var glueTrimIndex = -1
            var i = output.count - 1
            while i >= 0 {
                if case .command(.beginString) = output[i] {
                    if i >= functionTrimIndex { functionTrimIndex = -1 }
                    break
                }
                if case .glue = output[i] {
                    glueTrimIndex = i
                    break
                }
                i -= 1
            }
            let trimIndex: Int
            if glueTrimIndex != -1 && functionTrimIndex != -1 {
                trimIndex = min(functionTrimIndex, glueTrimIndex)
            } else {
                trimIndex = glueTrimIndex != -1 ? glueTrimIndex : functionTrimIndex
            }
            if trimIndex != -1 {
                if text == "\n" {
                    include = false
                } else if InkState.isNonWhitespace(text) {
                    if glueTrimIndex > -1 { removeExistingGlue() }
                    if functionTrimIndex > -1 {
                        let t = callStack.threads.count - 1
                        var f = callStack.threads[t].frames.count - 1
                        while f >= 0, callStack.threads[t].frames[f].type == .function {
                            callStack.threads[t].frames[f].functionStartInOutput = -1
                            f -= 1
                        }
                    }
                }
            } else if text == "\n" {
                if outputEndsInNewline || !outputContainsContent { include = false }
            }
        default: break
        }
        if include { output.append(item) }
    }

    private mutating func trimNewlinesFromOutput() {
        var removeFrom = -1
        var i = output.count - 1
        while i >= 0 {
            if case .text(let text) = output[i] {
                if InkState.isNonWhitespace(text) { break }
                if text == "\n" { removeFrom = i }
            } else if output[i].isCommand {
                break
            }
            i -= 1
        }
        guard removeFrom >= 0 else { return }
        var j = removeFrom
        while j < output.count {
            if case .text = output[j] { output.remove(at: j) } else { j += 1 }
        }
    }

    private mutating func removeExistingGlue() {
        var i = output.count - 1
        while i >= 0 {
            if case .glue = output[i] {
                output.remove(at: i)
            } else if output[i].isCommand {
                break
            }
            i -= 1
        }
    }

    /// Whether the output's last meaningful text is a newline.
    var outputEndsInNewline: Bool {
        for item in output.reversed() {
            if item.isCommand { break }
            if case .text(let text) = item {
                if text == "\n" { return true }
                if InkState.isNonWhitespace(text) { break }
            }
        }
        return false
    }

    /// Whether the output holds any text at all.
    var outputContainsContent: Bool {
        output.contains { if case .text = $0 { true } else { false } }
    }

    /// The output's text (tags left out), whitespace cleaned as ink does.
    var currentText: String {
        var text = ""
        var inTag = false
        for item in output {
            switch item {
            case .text(let piece): if !inTag { text += piece }
            case .command(.beginTag): inTag = true
            case .command(.endTag): inTag = false
            default: break
            }
        }
        return InkState.cleanWhitespace(text)
    }

    /// The tags in the output, in order.
    var currentTags: [String] {
        var tags: [String] = []
        var inTag = false
        var pending = ""
        for item in output {
            switch item {
            case .command(.beginTag):
                if inTag, !pending.isEmpty {
                    tags.append(InkState.cleanWhitespace(pending))
                    pending = ""
                }
                inTag = true
            case .command(.endTag):
                if !pending.isEmpty {
                    tags.append(InkState.cleanWhitespace(pending))
                    pending = ""
                }
                inTag = false
            case .text(let piece):
                if inTag { pending += piece }
            case .tag(let text):
                if !inTag, !text.isEmpty { tags.append(text) }
            default: break
            }
        }
        if !pending.isEmpty { tags.append(InkState.cleanWhitespace(pending)) }
        return tags
    }

    /// Collapses runs of spaces and tabs to one space and drops them at the start and end of
    /// each line.
    static func cleanWhitespace(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var whitespaceStart = -1
        var startOfLine = 0
        for (i, c) in bytes.enumerated() {
            let isInline = c == 0x20 || c == 0x09
            if isInline && whitespaceStart == -1 { whitespaceStart = i }
            if !isInline {
                if c != 0x0A && whitespaceStart > 0 && whitespaceStart != startOfLine { result.append(0x20) }
                whitespaceStart = -1
            }
            if c == 0x0A { startOfLine = i + 1 }
            if !isInline { result.append(c) }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Splits `"  \n text \n "` into its leading newline, inner text and trailing newline, or
    /// `nil` when the text has no newline at either end.
    static func splitHeadTailWhitespace(_ text: String) -> [String]? {
        guard let first = text.utf8.first, let last = text.utf8.last else { return nil }
        let isBlank = { (byte: UInt8) in byte == 0x0A || byte == 0x20 || byte == 0x09 }
        if !isBlank(first) && !isBlank(last) { return nil }
        if !text.utf8.contains(0x0A) { return nil }
        let scalars = Array(text.unicodeScalars)
        var headFirst = -1
        var headLast = -1
        for (i, c) in scalars.enumerated() {
            if c == "\n" {
                if headFirst == -1 { headFirst = i }
                headLast = i
            } else if c == " " || c == "\t" {
                continue
            } else {
                break
            }
        }
        var tailLast = -1
        var tailFirst = -1
        var i = scalars.count - 1
        while i >= 0 {
            let c = scalars[i]
            if c == "\n" {
                if tailLast == -1 { tailLast = i }
                tailFirst = i
            } else if c != " " && c != "\t" {
                break
            }
            i -= 1
        }
        if headFirst == -1 && tailLast == -1 { return nil }
        func piece(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
        var pieces: [String] = []
        var innerStart = 0
        var innerEnd = scalars.count
        if headFirst != -1 {
            if headFirst > 0 { pieces.append(piece(0..<headFirst)) }
            pieces.append("\n")
            innerStart = headLast + 1
        }
        if tailLast != -1 { innerEnd = tailFirst }
        if innerEnd > innerStart { pieces.append(piece(innerStart..<innerEnd)) }
        if tailLast != -1 && tailFirst > headLast {
            pieces.append("\n")
            if tailLast < scalars.count - 1 { pieces.append(piece((tailLast + 1)..<scalars.count)) }
        }
        return pieces
    }
}
