/// How a phase's write reads back, writes and removes the files of the work tree, and how an
/// interrupted phase is restored.
///
/// The CLI uses `AtomicFileWriter`. It is a parameter of `SSOTMigrateCLI.run` rather than a
/// direct call so that tests can stand in for another process or a failing disk at the moment
/// it matters (a file changed or deleted between the run's read and its write, a write that
/// fails) without the production path reading test switches.
public protocol FileWriter: Sendable {
  /// The file's bytes as they are now: the run compares them with the bytes it read before it
  /// writes over the file, and reads them again before a rollback restores it.
  func read(_ path: String) throws(FileIOError) -> [UInt8]
  /// Replaces the file at `path` with `bytes`, whole or not at all.
  func write(_ bytes: [UInt8], to path: String) throws(FileIOError)
  /// Removes the file at `path` (`remove-module`).
  func remove(_ path: String) throws(FileIOError)
}
