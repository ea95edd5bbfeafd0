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
  /// `ssot-migrate --version`.
  public static let version = "0.1.0"
}
