import LoomCore

/// The limits and environment of a ``LuaVM``: what a script may use, and how much.
///
/// Every field has a default safe for scripts from modders and players; a game that trusts
/// its scripts can raise the limits.
///
/// ```swift
/// var options = LuaOptions()
/// options.moduleFolder = "Worlds/isles"
/// options.seed = Seed(42)
/// let vm = try LuaVM(options: options)
/// ```
public struct LuaOptions: Codable, Sendable, Hashable {
    /// The most memory the VM may hold, in bytes; 0 for no limit. Default: 64 MiB.
    /// Reaching it raises a `.memory` error in the script.
    public var memoryLimit: Int = 64 << 20
    /// The most Lua instructions one call from the host may run; 0 for no limit (only for
    /// trusted scripts). Default: 200 million (about a second in a release build).
    /// Running out raises a `.budget` error that scripts cannot catch. Memory the script
    /// allocates counts too, one instruction for every 32 bytes (a new string, a table that
    /// grows), so a loop of a few instructions that builds big strings is stopped as soon as a
    /// loop that copies the same bytes one instruction at a time would be.
    public var instructionBudget: Int = 200_000_000
    /// How many instructions run between two checks of the budget. Default: 1000; range
    /// 100...1_000_000. The budget is exact to within one interval. 0 installs no hook at all:
    /// Lua code then runs unmetered (about twice as fast on tight loops: once any count hook is set,
    /// Lua 5.4 checks it at every instruction, whatever the interval) and the instruction
    /// budget only bounds work done in C (patterns, `table.move`): for trusted scripts only.
    public var hookInterval: Int = 1000
    /// Instructions each call from a script into a Swift function costs against
    /// ``instructionBudget``, on top of the work the function charges itself
    /// (``LuaCall/charge(_:)``), so a tight loop of host calls is stopped too. Default: 50.
    public var hostCallCost: Int = 50
    /// The longest string `string.rep` may build, in bytes. Default: 16 MiB.
    public var maxStringLength: Int = 16 << 20
    /// The seed of the generator behind `math.random`. Default: `Seed(0)`.
    public var seed: Seed = Seed(0)
    /// What `os.time()` returns and `os.date()` formats without a time argument, in seconds
    /// since 1970 (UTC). Default: 0. Scripts never see the real clock, so runs repeat exactly.
    public var fixedTime: Int = 0
    /// The folder `require` loads modules from (the world's folder); `nil` disables `require`.
    /// Default: `nil`.
    public var moduleFolder: String? = nil
    /// The largest module file `require` reads, in bytes. Default: 4 MiB.
    public var maxModuleSize: Int = 4 << 20

    /// The default options.
    public init() {}
}
