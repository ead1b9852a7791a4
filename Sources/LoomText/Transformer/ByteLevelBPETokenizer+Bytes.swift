extension ByteLevelBPETokenizer {
    /// GPT-2's printable stand-in for each byte: the printable Latin-1 bytes (`!`…`~`,
    /// `¡`…`¬`, `®`…`ÿ`) stand for themselves; the other 68 bytes, in order, for U+0100 onward
    /// (so a space is `Ġ`, U+0120, and a line feed `Ċ`, U+010A).
    public static let byteCharacters: [Unicode.Scalar] = {
        var characters = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                characters[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                characters[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return characters
    }()

    /// The byte each stand-in character stands for.
    static let byteOfCharacter: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (byte, character) in byteCharacters.enumerated() { map[character] = UInt8(byte) }
        return map
    }()

    /// `bytes` in stand-in characters: how the vocabulary writes them.
    public static func standIns(for bytes: some Sequence<UInt8>) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(byteCharacters[Int(byte)]) }
        return String(text)
    }
}
