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
}
