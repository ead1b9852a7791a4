// The facade: `import Loom` brings in every Loom module a game needs.
@_exported import LoomCore
@_exported import LoomImage
@_exported import LoomMaps
