import Foundation
import Testing

@testable import LoomStory

@Suite struct StoryGraphTests {
    @Test func harbourGraphHasJumpsDetoursOptionsAndGroups() throws {
        let graph = StoryGraph(story: try StoryTesting.fixture("Harbour.yarn"))
        #expect(graph.nodes.map(\.name) == ["Start", "Weather", "Street", "Tavern", "Tavern.1", "Tavern.2"])
        #expect(graph.nodes[0].options == ["Buy a map", "Haggle", "Ask about ships", "Leave"])
        let edges = graph.edges.map {
            "\($0.from) -\($0.kind.rawValue)-> \($0.to)\($0.option.map { " [\($0)]" } ?? "")"
        }
        #expect(
            edges == [
                "Start -detour-> Weather", "Start -jump-> Street [Haggle]", "Start -jump-> Street",
                "Street -jump-> Tavern", "Tavern -member-> Tavern.1", "Tavern -member-> Tavern.2",
            ])
        let dot = graph.dot()
        #expect(dot.contains("\"Start\" -> \"Street\" [label=\"Haggle\"];"))
        #expect(dot.contains("\"Start\" -> \"Weather\" [style=dashed];"))
        let decoded = try JSONDecoder().decode(StoryGraph.self, from: Data(try graph.json().utf8))
        #expect(decoded == graph)
    }

    @Test func everyOptionOfTheExampleLeadsSomewhere() throws {
        let graph = StoryGraph(story: try StoryTesting.fixture("Harbour.yarn"))
        let names = Set(graph.nodes.map(\.name))
        #expect(graph.edges.allSatisfy { names.contains($0.to) })
    }

    @Test func generatedBranchPointsAreShown() throws {
        let story = try StoryTesting.compile(
            GeneratedOptionsTests.tavern.replacingOccurrences(
                of: "2 passage $plan $bold $tries", with: "2 about"))
        let graph = StoryGraph(story: story)
        let start = try #require(graph.nodes.first { $0.name == "Start" })
        #expect(start.generatedOptions == [#"generate_options "what the player might do in the tavern" 2 about"#])
        let generated = graph.edges.filter { $0.kind == .generated }.map {
            "\($0.from) -> \($0.to): \($0.option ?? "")"
        }
        #expect(
            generated == [
                "Start -> Dice: generated: what the player might do in the tavern",
                "Start -> Sleep: generated: what the player might do in the tavern",
            ])
        let dot = graph.dot()
        #expect(dot.contains("+ 2 generated (about)"))
        #expect(
            dot.contains(
                #""Start" -> "Dice" [style=dashed, color=blue, label="generated: what the player might do in the tavern"];"#
            ))
        let passage = StoryGraph(story: try StoryTesting.compile(GeneratedOptionsTests.tavern))
        #expect(passage.edges.allSatisfy { $0.kind != .generated })
        #expect(passage.dot().contains("+ 2 generated (passage)"))
    }
}
