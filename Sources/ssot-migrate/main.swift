import Foundation
import SSOTMigrate

// Thin shell: the commands live in the library (SSOTMigrateCLI) so tests can call them.
// The run's workspaces stay in `kept` (a global, never freed): exit() gives their memory back.
let kept = KeptUntilExit()
exit(SSOTMigrateCLI.run(Array(CommandLine.arguments.dropFirst()), keeping: kept))
