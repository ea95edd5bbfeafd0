import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the commands write: stdout gets raw bytes (diffs, machine-readable reports), stderr
/// gets human text (summaries, findings, errors). Tests may capture both.
public final class Console: @unchecked Sendable {
  private let writeOut: ([UInt8]) -> Void
  private let writeErr: ([UInt8]) -> Void
  /// `--quiet`: summaries are suppressed; errors and findings are not.
  public var quiet = false
  /// Whether stdout / stderr is a terminal (colored diffs, progress).
  public let stdoutIsTerminal: Bool
  public let stderrIsTerminal: Bool
  /// `NO_COLOR` is set to a non-empty value (https://no-color.org).
  public let noColor: Bool

  public init(
    stdout: @escaping ([UInt8]) -> Void, stderr: @escaping ([UInt8]) -> Void,
    stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false, noColor: Bool = false
  ) {
    writeOut = stdout
    writeErr = stderr
    self.stdoutIsTerminal = stdoutIsTerminal
    self.stderrIsTerminal = stderrIsTerminal
    self.noColor = noColor
  }

  /// The process's own stdout and stderr, written with FileHandle (raw bytes, no transcoding).
  public static func standard() -> Console {
    Console(
      stdout: { FileHandle.standardOutput.write(Data($0)) },
      stderr: { FileHandle.standardError.write(Data($0)) },
      stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1,
      noColor: !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty)
  }

  /// Whether diffs on stdout get ANSI colors: `--color always` forces them, `never` turns them
  /// off, `auto` colors only a terminal and only without `NO_COLOR`.
  public func colorsStdout(_ choice: Arguments.ColorChoice) -> Bool {
    switch choice {
    case .always: return true
    case .never: return false
    case .auto: return stdoutIsTerminal && !noColor
    }
  }

  /// Raw bytes on stderr (progress lines, no newline added).
  public func errRaw(_ text: String) { writeErr(Array(text.utf8)) }

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
