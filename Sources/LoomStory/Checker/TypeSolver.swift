/// Type variables joined by unification (union–find), each class bound to at most one type.
struct TypeSolver {
    private var parent: [Int] = []
    private var bound: [StoryType?] = []

    /// A new type variable, optionally bound at once.
    mutating func fresh(_ type: StoryType? = nil) -> Int {
        parent.append(parent.count)
        bound.append(type)
        return parent.count - 1
    }

    mutating func find(_ variable: Int) -> Int {
        var root = variable
        while parent[root] != root { root = parent[root] }
        var node = variable
        while parent[node] != root {
            let next = parent[node]
            parent[node] = root
            node = next
        }
        return root
    }

    mutating func resolved(_ variable: Int) -> StoryType? { bound[find(variable)] }

    /// Joins two variables; returns the two conflicting types when they are bound differently.
    mutating func unify(_ a: Int, _ b: Int) -> (StoryType, StoryType)? {
        let ra = find(a)
        let rb = find(b)
        if ra == rb { return nil }
        switch (bound[ra], bound[rb]) {
        case (let ta?, let tb?) where ta != tb:
            return (ta, tb)
        case (nil, let tb):
            parent[ra] = rb
            bound[rb] = tb
        default:
            parent[rb] = ra
        }
        return nil
    }

    /// Binds a variable to a type; returns the conflicting types when it was bound to another.
    mutating func bind(_ variable: Int, to type: StoryType) -> (StoryType, StoryType)? {
        unify(variable, fresh(type))
    }
}
