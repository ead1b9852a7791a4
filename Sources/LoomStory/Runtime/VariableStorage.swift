/// Where a runner keeps the story's variables. Games may back it with their own save system.
///
/// Names include the `$`. A variable with no stored value has its declared initial value.
public protocol VariableStorage: AnyObject {
    /// The stored value, or `nil` when the variable was never set.
    func value(for name: String) -> StoryValue?
    /// Stores a value.
    func setValue(_ value: StoryValue, for name: String)
    /// Every stored value, for saving.
    func allValues() -> [String: StoryValue]
    /// Replaces every stored value, for loading.
    func replaceAll(with values: [String: StoryValue])
}

/// The default storage: a dictionary in memory.
public final class InMemoryVariableStorage: VariableStorage {
    private var values: [String: StoryValue]

    /// Empty storage, or storage starting with `values`.
    public init(_ values: [String: StoryValue] = [:]) { self.values = values }

    public func value(for name: String) -> StoryValue? { values[name] }
    public func setValue(_ value: StoryValue, for name: String) { values[name] = value }
    public func allValues() -> [String: StoryValue] { values }
    public func replaceAll(with values: [String: StoryValue]) { self.values = values }
}
