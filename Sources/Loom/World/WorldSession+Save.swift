import Foundation
import LoomCore
import LoomMaps
import LoomScript
import LoomStory

extension WorldSession {
    /// A save of everything this playthrough changed: the story (with the node and options
    /// waiting), the map's edits, the player, the transcript and `world.lua`'s savable `state`
    /// table, tagged with the world's name, digest and seed (``WorldSave``).
    ///
    /// Identical sessions give identical saves, byte for byte.
    /// - Throws: a `.world` error naming the key path when `state` holds a function, userdata
    ///   or a table under another kind of key (`state.player.rng is a userdata; …`),
    ///   located at the function's definition or at the line of `world.lua` that assigns `state`.
    public func save() throws -> WorldSave {
        var state: WorldSavedValue?
        if world.initialState != nil {
            let value = try WorldScript.located { try script.vm.global("state") }
            state = try LoadedWorld.savable(value, at: world.stateLocation)
        }
        let story = try self.story.saveState()
        return WorldSave(
            world: world.definition.name, digest: world.digest, seed: seed, width: generated.map.width,
            height: generated.map.height, mapDigest: WorldSave.digest(of: generated.map), story: story.yarn,
            ink: story.ink,
            currentNode: currentNode, started: hasStarted, player: player,
            map: WorldMapDiff(from: generated.map, to: map.tileMap), state: state, transcript: transcript,
            lines: lines)
    }

    /// Continues from `save`: restores the story (the options waiting in it are offered again in
    /// ``options``, and ``currentNode`` is the saved node), the map's edits, the player, the
    /// transcript and `world.lua`'s `state` table.
    ///
    /// The session must play the save's world, at its seed, on the same generated map: usually a
    /// fresh `world.play(try world.generate(seed: save.seed))`, or ``World/resume(_:)``.
    /// - Throws: a `.world` error, leaving the session as it was, when the save is of another
    ///   world (`this save is of world 'crypt'; the session plays 'isles'`), another seed (`this
    ///   save is of world 'isles' at seed 12; the session is seed 13`), files that have changed
    ///   since, or another map; a `.format` error when its parts are inconsistent.
    public func load(_ save: WorldSave) throws {
        let name = world.definition.name
        guard save.world == name else {
            throw LoomError(.world, "this save is of world '\(save.world)'; the session plays '\(name)'")
        }
        guard save.seed == seed else {
            throw LoomError(.world, "this save is of world '\(name)' at seed \(save.seed); the session is seed \(seed)")
        }
        guard save.digest == world.digest else {
            throw LoomError(
                .world,
                "this save is of world '\(name)' with files of digest \(save.digest); the world's files have changed "
                    + "since (digest \(world.digest)), so the save cannot be continued")
        }
        let base = generated.map
        guard save.width == base.width, save.height == base.height, save.mapDigest == WorldSave.digest(of: base)
        else {
            throw LoomError(
                .world,
                "this save's map (\(save.width)x\(save.height), digest \(save.mapDigest)) is not the session's "
                    + "(\(base.width)x\(base.height), digest \(WorldSave.digest(of: base))): it was generated at "
                    + "another size or with other parameters")
        }
        let played = try save.map.apply(to: base)
        guard save.player.steps >= 0 else { throw LoomError(.format, "the world save has a negative step count") }
        if save.state != nil, world.initialState == nil {
            throw LoomError(.format, "the world save holds a Lua state, but world.lua declares no global 'state'")
        }
        try story.load(save, node: save.currentNode)
        map.replace(with: played)
        if let state = save.state ?? world.initialState {
            try WorldScript.located { try script.vm.setGlobal("state", state.luaValue) }
        }
        currentNode = save.currentNode
        hasStarted = save.started
        player = save.player
        transcript = save.transcript
        lines = save.lines
        options = story.currentOptions
    }
}

extension World {
    /// A session that continues `save`: generates the map at the save's seed and size (with the
    /// default parameters) and loads the save into a new session.
    ///
    /// ```swift
    /// let session = try world.resume(try WorldSave.read(from: "slot1.json"))
    /// print(session.options.map(\.text))
    /// ```
    /// - Throws: as ``WorldSession/load(_:)``, when the save is of another world or its files
    ///   changed.
    public func resume(_ save: WorldSave) throws -> WorldSession {
        let name = definition.name
        guard save.world == name else {
            throw LoomError(.world, "this save is of world '\(save.world)'; this world is '\(name)'")
        }
        let generated = try generate(seed: save.seed, size: Size(width: save.width, height: save.height))
        let session = try play(generated)
        try session.load(save)
        return session
    }
}

extension LuaTileMap {
    /// Makes this handle hold `map` (a loaded save's map), counted as one edit.
    func replace(with map: TileMap) {
        tileset = map.tileset
        tileLayers = map.tileLayers.map { ($0.name, $0.tiles) }
        floatLayers = map.floatLayers.map { ($0.name, $0.values) }
        annotations = map.annotations
        properties = map.properties
        touch()
    }
}
