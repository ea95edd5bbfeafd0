import Foundation

/// The user's own check of a phase (`--gate "COMMAND"`, a phase's `gate` in the codemod): run
/// with `/bin/sh -c` in the repository root after the phase's files are written and before the
/// commit. `SSOT_MIGRATE_PHASE` holds the phase number and `SSOT_MIGRATE_CHANGED_FILES` the path
/// of a file listing the changed paths, one per line.
struct UserGate {
  let command: String

  /// How many lines of a failing command's output are shown.
  static let shownLines = 40

  /// Nil when the command exits 0; else why the phase stops, with the command's last lines of
  /// output (stdout and stderr interleaved).
  func run(phase: Phase, changed: [String], root: String) -> String? {
    let list = NSTemporaryDirectory() + "/ssot-migrate-changed-\(getpid())-\(phase.number).txt"
    do {
      try AtomicWriter.write(Array(changed.map { $0 + "\n" }.joined().utf8), to: list)
    } catch {
      return "gate `\(command)`: cannot write the list of changed files \(list): \(error)"
    }
    defer { try? FileManager.default.removeItem(atPath: list) }
    var environment = ProcessInfo.processInfo.environment
    environment["SSOT_MIGRATE_PHASE"] = String(phase.number)
    environment["SSOT_MIGRATE_CHANGED_FILES"] = list
    let result: ProcessResult
    do {
      // The newline keeps a trailing `# comment` of the command from swallowing anything.
      result = try ProcessRunner.run("/bin/sh", ["-c", "exec 2>&1\n" + command], cwd: root, environment: environment)
    } catch {
      return "gate `\(command)` could not run: \(error)"
    }
    if result.succeeded { return nil }
    var lines = (result.stdoutText + result.stderrText).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let shown = lines.suffix(Self.shownLines)
    let header = lines.count > Self.shownLines ? "last \(Self.shownLines) of \(lines.count) lines of its output" : "its output"
    return "gate `\(command)` exited with status \(result.status); \(header):\n" + shown.map { "  | " + $0 }.joined(separator: "\n")
  }
}
