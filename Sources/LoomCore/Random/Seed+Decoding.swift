extension Seed {
    /// The seed under `key` as a settings file or a script gives it: an integer (its bits; a
    /// negative one by its two's complement, as ``init(_:)-(Int)``) or text read as
    /// ``init(parsing:)`` (`"0x2a"`, `"-5"`, `"isles"`).
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the key when the value is neither.
    public init<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws {
        if let value = try? container.decode(UInt64.self, forKey: key) {
            self.init(value)
        } else if let value = try? container.decode(Int64.self, forKey: key) {
            self.init(Int(value))
        } else if let text = try? container.decode(String.self, forKey: key) {
            self.init(parsing: text)
        } else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "expected an integer or a string for '\(key.stringValue)'"
            )
        }
    }
}
