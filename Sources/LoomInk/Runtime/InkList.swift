/// One item of an ink `LIST`: the list it comes from and its name (`colours.red`).
public struct InkListItem: Hashable, Sendable, CustomStringConvertible {
    /// The name of the `LIST` that defines the item.
    public var origin: String
    /// The item's own name.
    public var name: String

    /// An item from its parts.
    public init(origin: String, name: String) {
        self.origin = origin
        self.name = name
    }

    /// `origin.name`.
    public var description: String { "\(origin).\(name)" }
}

/// An ink list value: a set of items, each with its whole-number value, that remembers which
/// `LIST` definitions it draws from (so `LIST_ALL` of an empty list still knows its origin).
///
/// Items keep the order they were added in (ink's `LIST_RANDOM` picks by that order); printing
/// sorts them by value, as ink does.
public struct InkList: Hashable, Sendable, CustomStringConvertible {
    /// The items and their values, in insertion order.
    public private(set) var items: [(item: InkListItem, value: Int)] = []
    /// The names of the definitions the list draws from, when known.
    public var originNames: [String] = []

    /// An empty list.
    public init() {}

    /// A list of one item.
    public init(single item: InkListItem, value: Int) {
        items = [(item, value)]
        originNames = [item.origin]
    }

    /// Whether the list has no items.
    public var isEmpty: Bool { items.isEmpty }
    /// How many items the list has.
    public var count: Int { items.count }

    /// Whether `item` is in the list.
    public func contains(_ item: InkListItem) -> Bool { items.contains { $0.item == item } }

    /// Adds an item (no effect when present) and notes its origin.
    public mutating func insert(_ item: InkListItem, value: Int) {
        if !contains(item) { items.append((item, value)) }
        if !originNames.contains(item.origin) { originNames.append(item.origin) }
    }

    /// Removes an item when present.
    public mutating func remove(_ item: InkListItem) {
        items.removeAll { $0.item == item }
    }

    /// The items sorted as ink prints them: by value, then by origin name.
    public var ordered: [(item: InkListItem, value: Int)] {
        items.sorted { a, b in a.value == b.value ? a.item.origin < b.item.origin : a.value < b.value }
    }

    /// The item names sorted by value, separated by `, `.
    public var description: String { ordered.map(\.item.name).joined(separator: ", ") }

    /// The item with the greatest value (the first such in insertion order).
    var maxItem: (item: InkListItem, value: Int)? {
        var best: (item: InkListItem, value: Int)?
        for entry in items where best == nil || entry.value > best!.value { best = entry }
        return best
    }

    /// The item with the least value (the first such in insertion order).
    var minItem: (item: InkListItem, value: Int)? {
        var best: (item: InkListItem, value: Int)?
        for entry in items where best == nil || entry.value < best!.value { best = entry }
        return best
    }

    /// Every item of both lists.
    func union(_ other: InkList) -> InkList {
        var result = self
        for entry in other.items { result.insert(entry.item, value: entry.value) }
        for origin in other.originNames where !result.originNames.contains(origin) {
            result.originNames.append(origin)
        }
        return result
    }

    /// The items in both lists.
    func intersection(_ other: InkList) -> InkList {
        var result = InkList()
        result.originNames = originNames
        for entry in items where other.contains(entry.item) { result.items.append(entry) }
        return result
    }

    /// The items of this list that are not in `other`.
    func subtracting(_ other: InkList) -> InkList {
        var result = self
        result.items.removeAll { other.contains($0.item) }
        return result
    }

    /// Whether every item of `other` is in this list (false when either is empty, as in ink).
    func containsAll(_ other: InkList) -> Bool {
        if other.isEmpty || isEmpty { return false }
        return other.items.allSatisfy { contains($0.item) }
    }

    /// The items whose values lie in `lower...upper`, in value order.
    func subrange(_ lower: Int, _ upper: Int) -> InkList {
        var result = InkList()
        result.originNames = originNames
        for entry in ordered where entry.value >= lower && entry.value <= upper {
            result.items.append(entry)
        }
        return result
    }

    /// Whether this list's items and `other`'s are the same set.
    public static func == (lhs: InkList, rhs: InkList) -> Bool {
        lhs.items.count == rhs.items.count && lhs.items.allSatisfy { rhs.contains($0.item) }
    }

    /// Hashes the set of items, independent of their order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(items.count)
        for entry in ordered { hasher.combine(entry.item) }
    }
}

/// One `LIST` definition: its name and its items with their values.
public struct InkListDefinition: Hashable, Sendable {
    /// The list's name.
    public var name: String
    /// The items in definition order.
    public var items: [(name: String, value: Int)]

    /// A definition from its parts.
    public init(name: String, items: [(name: String, value: Int)]) {
        self.name = name
        self.items = items
    }

    /// The item whose value is `value`.
    func item(withValue value: Int) -> InkListItem? {
        items.first { $0.value == value }.map { InkListItem(origin: name, name: $0.name) }
    }

    /// The value of the item called `itemName`.
    func value(of itemName: String) -> Int? { items.first { $0.name == itemName }?.value }

    public static func == (lhs: InkListDefinition, rhs: InkListDefinition) -> Bool {
        lhs.name == rhs.name && lhs.items.map(\.name) == rhs.items.map(\.name)
            && lhs.items.map(\.value) == rhs.items.map(\.value)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// All the `LIST` definitions of a story.
public struct InkListDefinitions: Sendable {
    /// The definitions by name, and their order.
    public private(set) var definitions: [String: InkListDefinition] = [:]
    /// Definition names in file order.
    public private(set) var order: [String] = []

    /// No definitions.
    public init() {}

    /// Adds a definition.
    public mutating func add(_ definition: InkListDefinition) {
        if definitions[definition.name] == nil { order.append(definition.name) }
        definitions[definition.name] = definition
    }

    /// Every item of the named origins, in value order per origin.
    func all(of originNames: [String]) -> InkList {
        var result = InkList()
        for origin in originNames {
            guard let definition = definitions[origin] else { continue }
            for entry in definition.items {
                result.insert(InkListItem(origin: origin, name: entry.name), value: entry.value)
            }
            if !result.originNames.contains(origin) { result.originNames.append(origin) }
        }
        return result
    }

    /// The single-item list for a bare item name (`red`) or a qualified one (`colours.red`).
    func list(forItemNamed name: String) -> InkList? {
        if let dot = name.firstIndex(of: ".") {
            let origin = String(name[..<dot])
            let item = String(name[name.index(after: dot)...])
            guard let value = definitions[origin]?.value(of: item) else { return nil }
            return InkList(single: InkListItem(origin: origin, name: item), value: value)
        }
        for origin in order {
            if let value = definitions[origin]?.value(of: name) {
                return InkList(single: InkListItem(origin: origin, name: name), value: value)
            }
        }
        return nil
    }
}
