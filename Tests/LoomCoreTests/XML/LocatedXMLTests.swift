import Foundation
import LoomCore
import Testing

@Suite struct LocatedXMLTests {
    /// The element as one line: name@line:column, attributes, text and children.
    static func outline(_ element: LocatedXML) -> String {
        var parts = ["\(element.name)@\(element.location.line):\(element.location.column)"]
        parts += element.attributes.map {
            "\($0.name)=\($0.value.debugDescription)@\($0.location.line):\($0.location.column)"
        }
        if let at = element.textLocation {
            parts.append("text=\(element.text.debugDescription)@\(at.line):\(at.column)")
        }
        if !element.children.isEmpty { parts.append("[" + element.children.map(outline).joined(separator: ", ") + "]") }
        return parts.joined(separator: " ")
    }

    static func outline(_ text: String) throws -> String {
        outline(try LocatedXML.parse(text.utf8, file: "t.xml"))
    }

    @Test func elementsAttributesAndLocations() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!-- the tiles -->
            <set size="10" unique='True'>
              <tiles>
                <tile name="corner" symmetry="L"/>
                <tile
                    name="cross" weight = "2.5" />
              </tiles>
            </set>
            <?done?>

            """
        let set = try LocatedXML.parse(text.utf8, file: "data.xml")
        #expect(set.name == "set")
        #expect(set.location == SourceLocation(file: "data.xml", line: 3, column: 1))
        #expect(set.attributes.map(\.name) == ["size", "unique"])
        #expect(set.attribute("unique")?.value == "True")
        #expect(set.attribute("unique")?.location == SourceLocation(file: "data.xml", line: 3, column: 16))
        #expect(set.attribute("missing") == nil)
        let tiles = try #require(set.children.first)
        #expect(set.children.count == 1 && tiles.children.count == 2)
        let cross = tiles.children[1]
        #expect(cross.location == SourceLocation(file: "data.xml", line: 6, column: 5))
        #expect(cross.attributes.map(\.value) == ["cross", "2.5"])
        #expect(cross.attribute("weight")?.location == SourceLocation(file: "data.xml", line: 7, column: 22))
        // Whitespace between elements is text, but no text a format would have to reject.
        #expect(set.textLocation == nil && tiles.textLocation == nil && tiles.text == "\n    \n    \n  ")
    }

    @Test func referencesCDATACommentsAndInstructionsInText() throws {
        let text = """
            <a x="a&amp;b&lt;&gt;&quot;&apos;&#65;&#x42;&#xe9;">
              <b/>t&#233;xt<![CDATA[<raw> & ]]]><!-- skipped --><?pi data?>
            </a>
            """
        #expect(
            try Self.outline(text)
                == #"a@1:1 x="a&b<>\"\'ABé"@1:4 text="\n  téxt<raw> & ]\n"@2:7 [b@2:3]"#)
    }

    @Test func lineBreaksAreNormalised() throws {
        // In text \r\n and \r become \n; in attribute values line breaks and tabs become spaces,
        // while a tab written as a reference stays a tab.
        #expect(try Self.outline("<a>l1\r\nl2\rl3</a>") == #"a@1:1 text="l1\nl2\nl3"@1:4"#)
        #expect(try Self.outline("<a v=\"x\ty\nz\r\nw&#9;\"/>") == #"a@1:1 v="x y z w\t"@1:4"#)
        // Lines end at \r\n, \r or \n alike; columns count scalars, not bytes.
        #expect(try Self.outline("<a>\r\n<b/>\r<c/>\n<dé é='1'/></a>") == #"a@1:1 [b@2:1, c@3:1, dé@4:1 é="1"@4:5]"#)
    }

    @Test func textLocationSkipsLeadingWhitespace() throws {
        #expect(try Self.outline("<a>\n  <b/>\n  x </a>") == #"a@1:1 text="\n  \n  x "@3:3 [b@2:3]"#)
        #expect(try Self.outline("<a>&#32;<b/>&amp;</a>") == #"a@1:1 text=" &"@1:13 [b@1:9]"#)
        #expect(try Self.outline("<a> <![CDATA[ \n ]]> </a>") == "a@1:1")
    }

    @Test func namesFollowXML() throws {
        #expect(try Self.outline("<é.x-1 ñ=\"ü\"/>") == #"é.x-1@1:1 ñ="ü"@1:8"#)
        #expect(try Self.outline("<a:b xmlns:a=\"u\" _z='1'/>") == #"a:b@1:1 xmlns:a="u"@1:6 _z="1"@1:18"#)
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let element = try LocatedXML.parse([0xEF, 0xBB, 0xBF] + Array("<a\n b='1'/>".utf8), file: "t.xml")
        #expect(Self.outline(element) == #"a@1:1 b="1"@2:2"#)
    }

    @Test func dataAndFilesParseAlike() throws {
        let text = "<samples><overlapping name=\"Chess\" N=\"2\"/></samples>\n"
        let path = NSTemporaryDirectory() + "loom-xml-\(ProcessInfo.processInfo.processIdentifier).xml"
        try AtomicFile.write(Data(text.utf8), to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try LocatedXML.load(from: path)
        #expect(loaded.children.first?.location.file == path)
        #expect(Self.outline(loaded) == Self.outline(try LocatedXML.parse(Data(text.utf8), file: path)))
        #expect(Self.outline(loaded) == #"samples@1:1 [overlapping@1:10 name="Chess"@1:23 N="2"@1:36]"#)
        let missing = #expect(throws: LoomError.self) { try LocatedXML.load(from: path + ".missing") }
        #expect(missing?.kind == .io)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "<a>", count: 100_000)
        let error = #expect(throws: LoomError.self) { try LocatedXML.parse(deep.utf8, file: "deep.xml") }
        #expect(error?.description == "deep.xml:1:1537: error: elements nest deeper than 512 levels")
        let nested = String(repeating: "<a>", count: 20) + String(repeating: "</a>", count: 20)
        var element = try LocatedXML.parse(nested.utf8, maximumDepth: 20)
        var depth = 1
        while let child = element.children.first {
            element = child
            depth += 1
        }
        #expect(depth == 20)
        #expect(throws: LoomError.self) { try LocatedXML.parse(nested.utf8, maximumDepth: 19) }
    }
}
