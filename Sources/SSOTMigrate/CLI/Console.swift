import Foundation

/// Where the commands write: stdout gets raw bytes (diffs, machine-readable reports), stderr
/// gets human text (summaries, findings, errors). Tests may capture both.
public final class Console: @unchecked Sendable {
  private let writeOut: ([UInt8]) -> Void
  private let writeErr: ([UInt8]) -> Void
  /// `--quiet`: summaries are suppressed; errors and findings are not.
  public var quiet = false

  public init(stdout: @escaping ([UInt8]) -> Void, stderr: @escaping ([UInt8]) -> Void) {
    writeOut = stdout
    writeErr = stderr
  }

  /// The process's own stdout and stderr, written with FileHandle (raw bytes, no transcoding).
  public static func standard() -> Console {
    Console(
      stdout: { FileHandle.standardOutput.write(Data($0)) },
      stderr: { FileHandle.standardError.write(Data($0)) })
  }

  public func out(_ bytes: [UInt8]) { if !bytes.isEmpty { writeOut(bytes) } }
  public func out(_ text: String) { out(Array(text.utf8)) }
  /// A line on stderr.
  public func err(_ line: String) { writeErr(Array((line + "\n").utf8)) }
  /// A summary line on stderr, unless `--quiet`.
  public func info(_ line: String) { if !quiet { err(line) } }
  /// `ssot-migrate: error: ...` on stderr.
  public func error(_ message: String) { err("ssot-migrate: error: \(message)") }
}

/// The process exit codes, as documented in `--help` and the README.
public enum MigrateExitCode {
  public static let ok: Int32 = 0
  /// `--check`, `verify`, phase 5: something is pending, not idempotent, or does not parse.
  public static let pending: Int32 = 1
  /// Bad command line, bad codemod file, dirty tree, leftover journal.
  public static let usage: Int32 = 2
  /// I/O failure, git failure, or a transform/validation failure; the phase was rolled back.
  public static let failure: Int32 = 3
}

/// Outcome of a command: what to exit with. Thrown errors carry their exit code.
struct CLIFailure: Error {
  let code: Int32
  let message: String
  init(_ code: Int32, _ message: String) {
    self.code = code
    self.message = message
  }
}

public enum HelpText {
  public static let version = "0.1.0"

  public static let usage = """
    OVERVIEW: ssot-migrate \(version) - a declarative codemod for Python monorepos.
    Runs the phases of a codemod (by default the built-in websocket-ssot) over a repository.

    USAGE:
      ssot-migrate --phase N[,M] [--dry-run | --check] [options] [PATH...]
      ssot-migrate --all [--dry-run | --check] [options] [PATH...]
      ssot-migrate --check [options] [PATH...]      (all phases when no --phase)
      ssot-migrate verify [options] [PATH...]
      ssot-migrate discover [options] [PATH...]     (= --phase 1)
      ssot-migrate list [--codemod FILE]
      ssot-migrate --restore [--root DIR]

    MODES:
      --dry-run             Write nothing; print one unified diff per changed file on stdout
                            (applies with `git apply` / `patch -p1`), a summary on stderr.
      --check               Write nothing; print the summary and findings; exit 1 when
                            anything would change.
      (neither)             Apply: write the phase's files atomically and make one git commit
                            per phase (trailer `SSOT-Migrate-Phase: N`).
      verify                Run every rewriting phase in memory: fails when edits are pending,
                            when a second run changes anything, or an output does not parse.
      --restore             Put back the files of an interrupted phase from its journal.

    OPTIONS:
      --phase N[,M]         Phases to run, in ascending order (-p).
      --all                 Every phase of the codemod, in order.
      --codemod FILE        Use a codemod file instead of the built-in one.
      --root DIR            Repository root (default: the current directory).
      --allow-dirty         Apply even when the git work tree has uncommitted changes.
      --no-commit           Apply without committing.
      --verify-syntax       Also parse every new file with python3's `ast` (one process).
      --format FORMAT       text (default), json, github or sarif, for --check/verify/discover.
      --jobs N              Worker threads (default: the number of cores).
      -q, --quiet           Only errors and findings on stderr.
      -h, --help            Show this help.
      --version             Show the version.

    EXIT CODES:
      0  nothing to do / done
      1  --check, verify, phase 5: changes pending, not idempotent, or output does not parse
      2  usage error, invalid codemod file (the message names the file and key path),
         dirty work tree, or a leftover journal of an interrupted phase
      3  I/O, git, transform or validation failure (the phase was rolled back)

    """
}
