import LoomScript
import LoomStory

/// The story as rules see it (`ctx.story`): read and set variables, count visits, add lines.
/// Variable names may start with `$` or not, in either language (Yarn's have one, ink's none).
final class StoryHandle {
    weak var session: WorldSession?
    init(session: WorldSession) { self.session = session }

    func live() throws -> WorldSession {
        guard let session else { throw LuaError(.runtime, "the story has ended") }
        return session
    }

    static func luaType() -> LuaType<StoryHandle> {
        var type = LuaType<StoryHandle>("Story")
        // story:get("$gold") → the value, or nil
        type.methods["get"] = { handle, call in
            let name = try call.string(2)
            guard let value = try handle.live().story.value(of: name) else {
                return call.pushNil()
            }
            try call.push(WorldFunctions.luaValue(value))
        }
        // story:set("$gold", 3)
        type.methods["set"] = { handle, call in
            let name = try call.string(2)
            guard let value = WorldFunctions.storyValue(try call.value(3)) else {
                throw LuaError(.runtime, "a story variable holds a number, a string or a boolean")
            }
            do {
                try handle.live().story.setValue(value, of: name)
            } catch let error as LoomError {
                throw LuaError(.runtime, error.message)
            }
        }
        // story:visited("Node") → completed visits (of an ink knot: times entered)
        type.methods["visited"] = { handle, call in
            call.push(try handle.live().story.visitCount(of: try call.string(2)))
        }
        // story:say("text"): adds a line to the panel and transcript
        type.methods["say"] = { handle, call in try handle.live().say(try call.string(2)) }
        // story:node() → the node being played, or nil
        type.methods["node"] = { handle, call in
            if let node = try handle.live().currentNode { try call.push(.string(node)) } else { call.pushNil() }
        }
        return type
    }
}
