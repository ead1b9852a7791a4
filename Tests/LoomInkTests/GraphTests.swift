import LoomCore
import Testing

@testable import LoomInk

@Suite("ink graph")
struct GraphTests {
    static let source = """
        -> hall
        === hall ===
        A hall.
        * [Go up] -> stairs
        * [Rest] -> nook
        = nook
        A nook. {shout()}
        -> stairs ->
        -> END
        === stairs ===
        Stairs.
        <- voices
        ->->
        === voices ===
        * [Listen] -> END
        * {true} Wait[.] here. -> hall
        === function shout ===
        ~ return "!"
        """

    @Test func knotsStitchesDivertsAndChoicesBecomeADotGraph() throws {
        let graph = InkGraph(story: try InkCompiler.compile(Self.source, file: "graph.ink"))
        #expect(graph.nodes.map(\.name) == ["(start)", "hall", "hall.nook", "stairs", "voices", "shout"])
        #expect(graph.nodes.map(\.isFunction) == [false, false, false, false, false, true])
        #expect(graph.nodes[1].choices == ["Go up", "Rest"])
        #expect(graph.nodes[4].choices == ["Listen", "Wait."])
        #expect(
            graph.dot() == """
                digraph story {
                    node [shape=box, fontname="Helvetica"];
                    "(start)" [label="(start)"];
                    "hall" [label="hall\\n2 choices"];
                    "hall.nook" [label="hall.nook"];
                    "stairs" [label="stairs"];
                    "voices" [label="voices\\n2 choices"];
                    "shout" [label="shout", shape=ellipse];
                    "(start)" -> "hall";
                    "hall" -> "stairs" [label="Go up"];
                    "hall" -> "hall.nook" [label="Rest"];
                    "hall.nook" -> "shout" [style=dotted];
                    "hall.nook" -> "stairs" [style=dashed];
                    "stairs" -> "voices" [style=bold];
                    "voices" -> "hall" [label="Wait."];
                }

                """)
    }

    @Test func aDivertToAVariablesTargetLeadsToAQuestionMark() throws {
        let source = "VAR next = -> b\n-> a\n=== a ===\nA.\n-> next\n=== b ===\nB.\n-> END\n"
        let graph = InkGraph(story: try InkCompiler.compile(source, file: "graph.ink"))
        #expect(graph.edges.map { "\($0.from) -> \($0.to)" } == ["(start) -> a", "a -> ?"])
        #expect(graph.dot().contains("    \"?\" [shape=diamond];\n"))
    }
}
