// The facade: `import Loom` brings in every Loom module a game needs.
@_exported import LoomCore
@_exported import LoomImage
@_exported import LoomInk
@_exported import LoomLearn
@_exported import LoomMaps
@_exported import LoomNoise
@_exported import LoomScript
@_exported import LoomStory
@_exported import LoomText
