import LoomCore
import Testing

/// `Seed(parsing:)`: the one reading of a typed seed that every command and binding shares.
@Suite struct SeedParsingTests {
    @Test(arguments: [
        ("42", Seed(42)),
        ("0", Seed(0)),
        ("-5", Seed(-5)),
        ("-1", Seed(UInt64.max)),
        ("18446744073709551615", Seed(UInt64.max)),
        ("-9223372036854775808", Seed(Int.min)),
        ("0x2a", Seed(42)),
        ("0X2A", Seed(42)),
        ("-0x2a", Seed(-42)),
        ("0xffffffffffffffff", Seed(UInt64.max)),
    ])
    func numbersAreTheirBits(text: String, seed: Seed) {
        #expect(Seed(parsing: text) == seed)
    }

    @Test(arguments: [
        "isles", "", "-", "0x", "0xg1", "+5", "4 2", "18446744073709551616", "-9223372036854775809", "1e3",
    ])
    func anythingElseIsHashedText(text: String) {
        #expect(Seed(parsing: text) == Seed(text: text))
    }
}
