import LoomCore
import Testing

@testable import LoomStory

/// The standard library, each function as Yarn Spinner documents it.
@Suite struct StandardLibraryTests {
    /// The text of a one-line story `{expression}`.
    func value(_ expression: String, seed: UInt64 = 0) throws -> String {
        let story = try StoryTesting.compile("title: Start\n---\n{\(expression)}\n===\n")
        let runner = StoryRunner(story: story, seed: Seed(seed))
        try runner.setNode("Start")
        _ = try runner.continue()
        guard case .line(let line) = try runner.continue() else { return "<no line>" }
        return line.text
    }

    @Test(arguments: [
        ("round(2.5)", "2"), ("round(3.5)", "4"), ("round(-1.2)", "-1"), ("round_places(3.14159, 2)", "3.14"),
        ("floor(2.7)", "2"), ("floor(-2.2)", "-3"), ("ceil(2.1)", "3"), ("inc(2)", "3"), ("inc(2.3)", "3"),
        ("dec(2)", "1"), ("dec(2.7)", "2"), ("decimal(3.75)", "0.75"), ("int(-3.9)", "-3"), ("int(3.9)", "3"),
        ("string(12) + \"!\"", "12!"), ("number(\"4.5\") * 2", "9"), ("bool(1)", "True"), ("bool(0)", "False"),
        ("min(3, -1)", "-1"), ("max(3, -1)", "3"), ("format(\"{0:F2}\", 3.14159)", "3.14"),
        ("format(\"{0:N0} gold\", 1234567)", "1,234,567 gold"), ("format(\"Day {0}\", 3)", "Day 3"),
        ("format_invariant(1.5)", "1.5"), ("1 / 4", "0.25"), ("10 % 4", "2"), ("\"a\" + \"b\"", "ab"),
        ("visited(\"Start\")", "False"), ("visited_count(\"Start\")", "0"), ("has_any_content(\"Start\")", "True"),
        ("has_any_content(\"Nope\")", "False"),
    ])
    func function(expression: String, expected: String) throws {
        #expect(try value(expression) == expected)
    }

    @Test func randomFunctionsStayInRangeAndFollowTheSeed() throws {
        for seed in 0..<20 as Range<UInt64> {
            let dice = Double(try value("dice(6)", seed: seed))!
            #expect((1...6).contains(dice) && dice == dice.rounded())
            let range = Double(try value("random_range(3, 5)", seed: seed))!
            #expect((3...5).contains(range) && range == range.rounded())
            let float = Double(try value("random_range_float(1, 2)", seed: seed))!
            #expect(float >= 1 && float < 2)
            let unit = Double(try value("random()", seed: seed))!
            #expect(unit >= 0 && unit < 1)
        }
        #expect(try value("random()", seed: 5) == value("random()", seed: 5))
        let spread = Set(try (0..<40 as Range<UInt64>).map { try value("dice(6)", seed: $0) })
        #expect(spread.count == 6)
    }

    @Test func numbersPrintAsYarnPrintsThem() {
        #expect(StoryValue.number(3).description == "3")
        #expect(StoryValue.number(-0.5).description == "-0.5")
        #expect(StoryValue.number(1e20).description == "1E+20")
        #expect(StoryValue.bool(true).description == "True")
    }
}
