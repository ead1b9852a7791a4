import LoomCore
import LoomScript
import LoomText

/// A name model for Lua (`loom.names{"Ashby", "Belmouth", …}`): new names in the style of a
/// list, from LoomText's character n-gram model.
public final class LuaNameModel {
    /// The trained model.
    public let model: NameModel
    /// Length, temperature and whether listed names may repeat.
    public let options: NameOptions

    /// Wraps a trained model.
    public init(model: NameModel, options: NameOptions) {
        self.model = model
        self.options = options
    }

    static func luaType() -> LuaType<LuaNameModel> {
        var type = LuaType<LuaNameModel>("NameModel")
        // model:generate(seed | rng) → a name; a Random advances, so successive calls differ.
        type.methods["generate"] = { names, call in
            let argument = try call.value(2)
            let seed = try LuaRandom.drawSeed(from: argument)
            do {
                try call.push(.string(try names.model.generate(seed: seed, options: names.options)))
            } catch let error as LoomError {
                throw LuaError(.runtime, "names: \(error.message)")
            }
        }
        return type
    }

    /// `loom.names(list [, {order = 3, min = 3, max = 12, temperature = 0.7, allow_listed = false}])`.
    static func make(_ call: inout LuaCall) throws {
        let list = try call.table(1).array.compactMap(\.stringValue)
        let settings = call.isNil(2) ? LuaTable() : try call.table(2)
        try settings.checkKeys(["order", "min", "max", "temperature", "allow_listed"], what: "names")
        let order = settings[.string("order")].intValue ?? 3
        let options = NameOptions(
            minLength: settings[.string("min")].intValue ?? 3, maxLength: settings[.string("max")].intValue ?? 12,
            avoidTrainingNames: !settings[.string("allow_listed")].isTruthy,
            temperature: settings[.string("temperature")].doubleValue ?? 0.7)
        do {
            try call.push(
                .object(LuaNameModel(model: try NameModel.train(names: list, order: order), options: options)))
        } catch let error as LoomError {
            throw LuaError(.runtime, "names: \(error.message)")
        }
    }
}
