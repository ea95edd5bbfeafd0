import Foundation
import SSOTMigrate

// Thin shell: the commands live in the library (SSOTMigrateCLI) so tests can call them.
exit(SSOTMigrateCLI.run(Array(CommandLine.arguments.dropFirst())))
