/// The standard library every story has, as Yarn Spinner documents it.
///
/// These run inside the runner because several need its state (visit counts, saliency,
/// the seeded random source).
public enum Builtin: String, CaseIterable, Sendable, Codable {
    case visited
    case visitedCount = "visited_count"
    case hasAnyContent = "has_any_content"
    case random
    case randomRange = "random_range"
    case randomRangeFloat = "random_range_float"
    case dice
    case round
    case roundPlaces = "round_places"
    case floor, ceil, inc, dec, decimal, int
    case string, number, bool, min, max, format
    case formatInvariant = "format_invariant"
    /// Loom's addition: the cosine similarity of two texts by the runner's sentence model.
    case similarity

    var parameters: [StoryType] {
        switch self {
        case .visited, .visitedCount, .hasAnyContent: [.string]
        case .random: []
        case .randomRange, .randomRangeFloat, .roundPlaces, .min, .max: [.number, .number]
        case .dice, .round, .floor, .ceil, .inc, .dec, .decimal, .int, .formatInvariant: [.number]
        case .string, .number, .bool: [.any]
        case .format: [.string, .any]
        case .similarity: [.string, .string]
        }
    }

    var returnType: StoryType {
        switch self {
        case .visited, .hasAnyContent, .bool: .bool
        case .string, .format, .formatInvariant: .string
        default: .number
        }
    }
}
