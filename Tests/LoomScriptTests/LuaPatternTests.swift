import Testing

@testable import LoomScript

/// The budgeted pattern matcher behaves as Lua 5.4's string library does.
@Suite struct LuaPatternTests {
    static let cases: [(String, String)] = [
        ("('hello world'):find('wor')", "7 9"),
        ("('hello world'):find('o', 6)", "8 8"),
        ("('hello'):find('l+')", "3 4"),
        ("('hello'):find('')", "1 0"),
        ("('hello'):find('', 10)", "nil"),
        ("('hello'):find('', 6)", "6 5"),
        ("('a.b'):find('.', 1, true)", "2 2"),
        ("('hello'):find('l', -2)", "4 4"),
        ("('key = value'):match('(%w+)%s*=%s*(%w+)')", "key value"),
        ("('  trim me  '):match('^%s*(.-)%s*$')", "trim me"),
        ("('x = 10'):match('()=()')", "3 4"),
        ("('THE (quick) fox'):find('%((%a+)%)')", "5 11 quick"),
        ("('f(a(b)c)d'):match('%b()')", "(a(b)c)"),
        ("('THE quick'):match('%f[%a]%a+', 4)", "quick"),
        ("('hello hello'):match('(h%a+) %1')", "hello"),
        ("('[x]'):find('[]]')", "3 3"),
        ("('a-b'):find('[a-]', 2)", "2 2"),
        ("('x^y'):find('%^')", "2 2"),
        ("('abc'):match('^(a)(b)(c)$')", "a b c"),
        ("('2024-01-05'):match('(%d+)-(%d+)-(%d+)')", "2024 01 05"),
        ("('aaa'):match('a-b')", "nil"),
        ("('aaab'):match('a-b')", "aaab"),
        ("('  x'):find('%S')", "3 3"),
        ("('hello'):match('.-(l+)(.*)')", "ll o"),
        ("('abc'):match('^b')", "nil"),
        ("('ABC def'):match('%u+')", "ABC"),
        ("('x1y22'):match('[^%a]+')", "1"),
        ("('hello world'):gsub('o', '0')", "hell0 w0rld 2"),
        ("('hello world'):gsub('(%w+)', '<%1>')", "<hello> <world> 2"),
        ("('abc'):gsub('', '-')", "-a-b-c- 4"),
        ("('hello world'):gsub('%w+', {hello = 'HI'})", "HI world 2"),
        ("('abc'):gsub('%w', function(c) return c:upper() .. '.' end)", "A.B.C. 3"),
        ("('abc'):gsub('b', '%%')", "a%c 1"),
        ("('abc abc'):gsub('abc', 'x', 1)", "x abc 1"),
        ("('abc'):gsub('^a', 'z')", "zbc 1"),
        ("('a b'):gsub('%w', '%0%0')", "aa bb 2"),
        ("('abc'):gsub('()', '%1')", "1a2b3c4 4"),
        ("pack(('a=1, b=2'):gmatch('(%w+)=(%w+)')())", "a 1"),
        ("collect(('a=1, b=2'):gmatch('%w+=%w+'))", "a=1,b=2"),
        ("collect(('abc'):gmatch('%a*'))", "abc"),
        ("collect(('one two  three'):gmatch('%a+'))", "one,two,three"),
        ("collect(('abc'):gmatch('.', 2))", "b,c"),
        ("pcall(string.find, 'x', '[a')", "false malformed pattern (missing ']')"),
        ("pcall(string.find, 'x', '%')", "false malformed pattern (ends with '%')"),
        ("pcall(string.gsub, 'x', 'x', '%2')", "false invalid capture index %2"),
        ("pcall(string.gsub, 'x', 'x', '%z')", "false invalid use of '%' in replacement string"),
        ("pcall(string.match, 'x', '(x')", "false unfinished capture"),
        ("pcall(string.match, 'x', 'x)')", "false invalid pattern capture"),
    ]

    @Test(arguments: cases)
    func patternResult(expression: String, expected: String) throws {
        let vm = try LuaVM()
        let script = """
            function pack(...)
              local t = {}
              for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end
              return table.concat(t, ' ')
            end
            function collect(iterator)
              local t = {}
              for value in iterator do t[#t + 1] = value end
              return table.concat(t, ',')
            end
            return pack(\(expression))
            """
        #expect(try vm.run(script, name: "patterns.lua") == [.string(expected)])
    }

    @Test func patternWorkCountsAgainstTheBudget() throws {
        var options = LuaOptions()
        options.instructionBudget = 10_000_000
        let vm = try LuaVM(options: options)
        let before = vm.instructionsExecuted
        try vm.run("return string.rep('a', 2000):find('.-b')")
        // About n²/2 = 2 million steps, every one counted.
        #expect(vm.instructionsExecuted - before > 1_000_000)
    }
}
