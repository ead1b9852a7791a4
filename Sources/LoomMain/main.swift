import LoomCLI

// The `loom` executable: everything is in LoomCLI, which tests import.
LoomCommand.main()
