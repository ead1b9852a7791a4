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
        outputPushes &+= 1
        var include = true
        switch item {
        case .glue:
            trimNewlinesFromOutput()
        case .text(let text):
            var functionTrimIndex = -1
            if callStack.current.top.type == .function {
                functionTrimIndex = callStack.current.top.functionStartInOutput
            }
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
                        var f = callStack.depth - 1
                        while f >= 0, callStack.current[frameAt: f].type == .function {
                            callStack.current[frameAt: f].functionStartInOutput = -1
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

    /// Whether the output ends inside a tag: its last tag command begins one.
    var outputEndsInsideTag: Bool {
        for item in output.reversed() {
            if case .command(.beginTag) = item { return true }
            if case .command(.endTag) = item { return false }
        }
        return false
    }

    /// Whether the output holds any text at all.
    var outputContainsContent: Bool {
        output.contains { if case .text = $0 { true } else { false } }
    }

    /// The output's text (tags left out), whitespace cleaned as ink does; written straight
    /// into the string's storage, as it is made at least once per line.
    var currentText: String {
        var capacity = 0
        for item in output {
            if case .text(let piece) = item { capacity += piece.utf8.count }
        }
        if capacity == 0 { return "" }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            forEachTextByte { byte in
                buffer[count] = byte
                count += 1
            }
            return count
        }
    }

    /// Calls `body` with each UTF-8 byte of ``currentText``, without making the text.
    @inline(__always)
    func forEachTextByte(_ body: (UInt8) -> Void) {
        var cleaner = InkWhitespaceCleaner()
        var inTag = false
        for item in output {
            switch item {
            case .text(let piece):
                if !inTag { for byte in piece.utf8 { cleaner.put(byte, body) } }
            case .command(.beginTag): inTag = true
            case .command(.endTag): inTag = false
            default: break
            }
        }
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

    /// How many tags ``currentTags`` holds, without making their text.
    var currentTagCount: Int {
        var count = 0
        var inTag = false
        var pending = false
        for item in output {
            switch item {
            case .command(.beginTag):
                if inTag, pending {
                    count += 1
                    pending = false
                }
                inTag = true
            case .command(.endTag):
                if pending {
                    count += 1
                    pending = false
                }
                inTag = false
            case .text(let piece):
                if inTag, !piece.isEmpty { pending = true }
            case .tag(let text):
                if !inTag, !text.isEmpty { count += 1 }
            default: break
            }
        }
        return pending ? count + 1 : count
    }

    /// Collapses runs of spaces and tabs to one space and drops them at the start and end of
    /// each line.
    static func cleanWhitespace(_ text: String) -> String {
        if text.isEmpty { return "" }
        return String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
            var cleaner = InkWhitespaceCleaner()
            var count = 0
            for byte in text.utf8 {
                cleaner.put(byte) { cleaned in
                    buffer[count] = cleaned
                    count += 1
                }
            }
            return count
        }
    }

    /// Splits `"  \n text \n "` into its leading newline, inner text and trailing newline, or
    /// `nil` when the text has no newline at either end.
    static func splitHeadTailWhitespace(_ text: String) -> [String]? {
        guard let first = text.utf8.first, let last = text.utf8.last, text != "\n" else { return nil }
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

/// ink's whitespace rule, one UTF-8 byte at a time: a run of spaces and tabs becomes one space
/// between words and vanishes at the start and end of a line. Only ASCII bytes are special, so
/// multi-byte characters pass through whole; the output is never longer than the input.
struct InkWhitespaceCleaner {
    private var inRun = false
    private var runAtLineStart = false
    private var atLineStart = true

    /// Takes the next byte of the raw text and passes `emit` the cleaned bytes it releases.
    @inline(__always)
    mutating func put(_ byte: UInt8, _ emit: (UInt8) -> Void) {
        if byte == 0x20 || byte == 0x09 {
            if !inRun {
                inRun = true
                runAtLineStart = atLineStart
            }
            atLineStart = false
            return
        }
        if byte != 0x0A && inRun && !runAtLineStart { emit(0x20) }
        inRun = false
        emit(byte)
        atLineStart = byte == 0x0A
    }
}
