extension StringProtocol {
    /// The text without leading and trailing white space (every Unicode white-space scalar:
    /// spaces, tabs, line breaks, no-break spaces). The one trim that generated text, prompts
    /// and typed player text go through.
    ///
    /// ```swift
    /// let line = "  \tThe storm is coming.\n".trimmedOfWhitespace  // "The storm is coming."
    /// ```
    public var trimmedOfWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
