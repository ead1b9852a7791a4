import LoomCore
import Testing

@Suite struct LocatedXMLErrorTests {
    static func message(_ text: String) -> String {
        message(Array(text.utf8))
    }

    static func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try LocatedXML.parse(bytes, file: "t.xml")
            return "parsed"
        } catch let error as LoomError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    static let tagCases: [(String, String)] = [
        ("", "t.xml:1:1: error: expected the root element, found the end of the file"),
        (" \n ", "t.xml:2:2: error: expected the root element, found the end of the file"),
        ("x<a/>", "t.xml:1:1: error: expected the root element, found 'x'"),
        ("<1a/>", "t.xml:1:2: error: expected an element name after '<', found '1'"),
        ("<a>", "t.xml:1:4: error: expected </a> to close the <a> that starts at 1:1, found the end of the file"),
        ("<a></b>", "t.xml:1:4: error: expected </a> to close the <a> that starts at 1:1, found </b>"),
        ("<a>\n  <b>\n</a>", "t.xml:3:1: error: expected </b> to close the <b> that starts at 2:3, found </a>"),
        ("<a></a x>", "t.xml:1:8: error: expected '>' to end the end tag </a>, found 'x'"),
        ("<a></ a>", "t.xml:1:6: error: expected an element name after '</', found a space"),
        ("<a/>x", "t.xml:1:5: error: expected only comments and whitespace after the root element <a>, found 'x'"),
        (
            "<a/>\n<b/>",
            "t.xml:2:1: error: expected the end of the file after the root element <a> (a document has one root "
                + "element), found another element <b>"
        ),
        (
            "<a>< b/></a>",
            "t.xml:1:5: error: expected an element name after '<', found a space (write a literal '<' as &lt;)"
        ),
        (
            "<a",
            "t.xml:1:3: error: expected '>' or '/>' to close the start tag of <a> that starts at 1:1, found the end of the file"
        ),
        ("<a/ >", "t.xml:1:4: error: expected '>' after '/' in the start tag of <a>, found a space"),
        (
            "<set>\n  <tiles>\n    <tile name=\"a\" symmetry=\"X\"\n</set>",
            "t.xml:4:1: error: expected an attribute name, '>' or '/>' in the start tag of <tile> that starts at 3:5, "
                + "found '<'"
        ),
    ]

    static let attributeCases: [(String, String)] = [
        ("<a x=\"1\"y=\"2\"/>", "t.xml:1:9: error: expected whitespace, '>' or '/>' after the value of 'x', found 'y'"),
        ("<a\"x\"/>", "t.xml:1:3: error: expected whitespace, '>' or '/>' after the element name <a>, found '\"'"),
        ("<a x/>", "t.xml:1:5: error: expected '=' after the attribute name 'x', found '/'"),
        ("<a x=1/>", "t.xml:1:6: error: expected a quoted value (\"…\" or '…') for the attribute 'x', found '1'"),
        (
            "<a x=\"1/>",
            "t.xml:1:10: error: expected '\"' to close the value of the attribute 'x' that starts at 1:6, found the end of the file"
        ),
        (
            "<a x='1/>",
            "t.xml:1:10: error: expected \"'\" to close the value of the attribute 'x' that starts at 1:6, found the end of the file"
        ),
        (
            "<a x=\"1/>\n<b/></a>",
            "t.xml:2:1: error: found '<' inside the value of the attribute 'x' that starts at 1:6 (write a literal '<' as &lt;)"
        ),
        (
            "<a x=\"1\"\n   x=\"2\"/>",
            "t.xml:2:4: error: duplicate attribute 'x' in the start tag of <a>; it first appears at 1:4\n"
                + "t.xml:1:4: note: 'x' first appears here"
        ),
    ]

    static let referenceCases: [(String, String)] = [
        (
            "<a>&nbsp;</a>",
            "t.xml:1:4: error: unknown entity '&nbsp;'; expected &amp;, &lt;, &gt;, &quot;, &apos; or a character "
                + "reference (&#N; or &#xH;)"
        ),
        (
            "<a x='&nbsp;'/>",
            "t.xml:1:7: error: unknown entity '&nbsp;'; expected &amp;, &lt;, &gt;, &quot;, &apos; or a character reference (&#N; or &#xH;)"
        ),
        (
            "<a>& b</a>",
            "t.xml:1:5: error: expected an entity name or '#' after '&', found a space (write a literal '&' as &amp;)"
        ),
        ("<a>&amp b</a>", "t.xml:1:8: error: expected ';' to end the reference '&amp', found a space"),
        ("<a>&#65 </a>", "t.xml:1:8: error: expected ';' to end the reference '&#65', found a space"),
        ("<a>&#0;</a>", "t.xml:1:4: error: the reference '&#0;' names U+0000, which XML does not allow"),
        ("<a>&#xD800;</a>", "t.xml:1:4: error: the reference '&#xD800;' names U+D800, which XML does not allow"),
        (
            "<a>&#\(String(repeating: "9", count: 30));</a>",
            "t.xml:1:4: error: the reference '&#\(String(repeating: "9", count: 22))…' names a code point above U+10FFFF, which XML does not allow"
        ),
        ("<a>&#;</a>", "t.xml:1:6: error: expected a decimal digit or 'x' after '&#', found ';'"),
        ("<a>&#xZ;</a>", "t.xml:1:7: error: expected a hexadecimal digit after '&#x', found 'Z'"),
        ("<a>]]></a>", "t.xml:1:4: error: found ']]>' in text, which XML does not allow (write it as ]]&gt;)"),
    ]

    static let markupCases: [(String, String)] = [
        (
            "<a><!-- a -- b --></a>",
            "t.xml:1:11: error: found '--' inside the comment that starts at 1:4, which XML does not allow"
        ),
        (
            "<a><!-- a",
            "t.xml:1:10: error: expected '-->' to close the comment that starts at 1:4, found the end of the file"
        ),
        (
            "<a><!-- a --",
            "t.xml:1:13: error: expected '-->' to close the comment that starts at 1:4, found the end of the file"
        ),
        (
            "<a><![CDATA[abc</a>",
            "t.xml:1:20: error: expected ']]>' to close the CDATA section that starts at 1:4, found the end of the file"
        ),
        (
            "<a><!DOCTYPE x></a>",
            "t.xml:1:6: error: expected a comment ('<!--') or a CDATA section ('<![CDATA[') after '<!', found 'D'"
        ),
        (
            "<!DOCTYPE a><a/>",
            "t.xml:1:1: error: document type declarations (<!DOCTYPE …>) are not supported; expected the root element"
        ),
        (
            "<a><?pi</a>",
            "t.xml:1:8: error: expected whitespace or '?>' after the processing instruction target 'pi', found '<'"
        ),
        ("<a><? pi?></a>", "t.xml:1:6: error: expected a processing instruction target after '<?', found a space"),
        (
            "<a><?pi x",
            "t.xml:1:10: error: expected '?>' to close the processing instruction that starts at 1:4, found the end of the file"
        ),
        (
            "<a><?xml version=\"1.0\"?></a>",
            "t.xml:1:4: error: the XML declaration (<?xml …?>) is only allowed at the very start of the file"
        ),
        (
            " <?xml version=\"1.0\"?><a/>",
            "t.xml:1:2: error: the XML declaration (<?xml …?>) is only allowed at the very start of the file"
        ),
    ]

    static let declarationCases: [(String, String)] = [
        ("<?xml version=\"2.0\"?><a/>", "t.xml:1:7: error: expected XML version 1.x, found '2.0'"),
        (
            "<?xml encoding=\"UTF-8\"?><a/>",
            "t.xml:1:7: error: expected 'version' first in the XML declaration, found 'encoding'"
        ),
        ("<?xml?><a/>", "t.xml:1:6: error: expected 'version' in the XML declaration that starts at 1:1, found '?>'"),
        (
            "<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>",
            "t.xml:1:20: error: expected whitespace or '?>' in the XML declaration that starts at 1:1, found 'e'"
        ),
        (
            "<?xml version=\"1.0\" foo=\"bar\"?><a/>",
            "t.xml:1:21: error: expected 'encoding', 'standalone' or '?>' in the XML declaration, found 'foo'"
        ),
        (
            "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>",
            "t.xml:1:38: error: expected '?>' in the XML declaration, found 'encoding'"
        ),
        (
            "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
            "t.xml:1:21: error: expected 'yes' or 'no' for standalone in the XML declaration, found 'maybe'"
        ),
        (
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
            "t.xml:1:21: error: the XML declaration names the encoding 'ISO-8859-1'; expected UTF-8, the only encoding "
                + "Loom reads XML in (convert the file and declare encoding=\"UTF-8\")"
        ),
    ]

    @Test(arguments: tagCases + attributeCases + referenceCases + markupCases + declarationCases)
    func malformedXMLIsLocated(_ text: String, _ expected: String) {
        #expect(Self.message(text) == expected)
    }

    @Test func wellFormedDeclarationsAreAccepted() {
        for declaration in [
            "<?xml version=\"1.0\"?>", "<?xml version='1.1' encoding='utf-8'?>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\" ?>",
        ] {
            #expect(Self.message(declaration + "\n<a/>") == "parsed", "\(declaration)")
        }
    }

    @Test func bytesThatAreNotUTF8TextAreLocated() {
        let notUTF8 = "error: the file is not valid UTF-8 (expected UTF-8 text, as XML declares by default)"
        // An invalid byte, a truncated sequence, an overlong form; columns count characters.
        #expect(Self.message(Array("<a>\n<b n\u{E9}".utf8) + [0xFF] + Array("/></a>".utf8)) == "t.xml:2:6: " + notUTF8)
        #expect(Self.message(Array("<a>\u{1F600}".utf8) + [0xE2, 0x82]) == "t.xml:1:5: " + notUTF8)
        #expect(Self.message([0xC0, 0x80]) == "t.xml:1:1: " + notUTF8)
        #expect(
            Self.message(Array("<a>\n x".utf8) + [0x01] + Array("</a>".utf8))
                == "t.xml:2:3: error: found the control character U+0001, which XML does not allow")
        #expect(Self.message("<a>\u{FFFE}</a>") == "t.xml:1:4: error: found U+FFFE, which XML does not allow")
        let utf16 =
            "t.xml:1:1: error: the file is UTF-16 or UTF-32 text; expected UTF-8, the only encoding Loom reads XML in"
        #expect(Self.message([0xFF, 0xFE, 0x3C, 0x00]) == utf16)
        #expect(Self.message([0x00, 0x3C, 0x00, 0x61]) == utf16)
    }

    @Test func errorKinds() throws {
        let syntax = #expect(throws: LoomError.self) { try LocatedXML.parse("<a>".utf8) }
        #expect(syntax?.kind == .syntax && syntax?.location?.file == "<xml>")
        let encoding = #expect(throws: LoomError.self) {
            try LocatedXML.parse("<?xml version='1.0' encoding='latin1'?><a/>".utf8)
        }
        #expect(encoding?.kind == .format)
        let bytes = #expect(throws: LoomError.self) { try LocatedXML.parse([0x3C, 0x61, 0xFF]) }
        #expect(bytes?.kind == .format)
    }
}
