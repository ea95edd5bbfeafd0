import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
  public let status: Int32
  public let stdout: [UInt8]
  public let stderr: [UInt8]

  public init(status: Int32, stdout: [UInt8], stderr: [UInt8]) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }

  public var succeeded: Bool { status == 0 }
  public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs git and python3 for the engine.
///
/// stdout and stderr are drained on their own threads while stdin is written on a third: a child
/// that fills one pipe (64 KiB on Linux) while we block on another would otherwise deadlock.
public enum ProcessRunner {
  /// Runs `executable` (looked up on `PATH` by `/usr/bin/env` unless it contains a `/`) with
  /// `args` in `cwd`. A missing executable is not an error here: `env` exits 127 and says so on
  /// stderr. `environment` replaces the whole environment when given.
  public static func run(
    _ executable: String, _ args: [String], cwd: String?, stdin: [UInt8]? = nil,
    environment: [String: String]? = nil
  ) throws -> ProcessResult {
    _ = ignoreBrokenPipes
    // Foundation reports a missing working directory as a missing /usr/bin/env.
    if let cwd {
      var info = stat()
      guard stat(cwd, &info) == 0 else {
        throw FileIOError(path: cwd, operation: "run \(executable) in", errno: errno)
      }
      guard (info.st_mode & S_IFMT) == S_IFDIR else {
        throw FileIOError(path: cwd, operation: "run \(executable) in", errno: ENOTDIR)
      }
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + args
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd, isDirectory: true) }
    if let environment { process.environment = environment }
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = stdin == nil ? nil : Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe ?? FileHandle.nullDevice
    try process.run()

    let out = Drain(outPipe.fileHandleForReading)
    let err = Drain(errPipe.fileHandleForReading)
    var feeder: Feed? = nil
    if let stdin, let inPipe { feeder = Feed(stdin, into: inPipe.fileHandleForWriting) }
    feeder?.wait()
    let stdoutBytes = out.wait()
    let stderrBytes = err.wait()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus, stdout: stdoutBytes, stderr: stderrBytes)
  }

  /// The first executable regular file named `name` on `PATH` (or `name` itself when it has a
  /// `/` and is executable).
  public static func which(_ name: String) -> String? {
    if name.contains("/") { return isExecutableFile(name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
      let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
      if isExecutableFile(candidate) { return candidate }
    }
    return nil
  }

  private static func isExecutableFile(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
    return access(path, X_OK) == 0
  }

  /// A child that exits before reading all its stdin must not kill us with SIGPIPE; the write
  /// then fails with EPIPE, which the feeder ignores.
  private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}

/// Reads a pipe to its end on a thread of its own.
private final class Drain: @unchecked Sendable {
  private var bytes: [UInt8] = []
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    let thread = Thread { [self] in
      bytes = Drain.readAll(handle.fileDescriptor)
      done.signal()
    }
    thread.start()
  }

  func wait() -> [UInt8] {
    done.wait()
    return bytes
  }

  private static func readAll(_ fd: Int32) -> [UInt8] {
    var result: [UInt8] = []
    let chunk = 64 * 1024
    var buffer = [UInt8](repeating: 0, count: chunk)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
      if n > 0 {
        result.append(contentsOf: buffer[0..<n])
      } else if n == 0 || errno != EINTR {
        return result
      }
    }
  }
}

/// Writes stdin on a thread of its own, then closes it so the child sees end of file.
private final class Feed: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)

  init(_ bytes: [UInt8], into handle: FileHandle) {
    let thread = Thread { [self] in
      let fd = handle.fileDescriptor
      var offset = 0
      while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        if n > 0 {
          offset += n
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          break  // EPIPE: the child stopped reading; its exit status tells the rest.
        }
      }
      try? handle.close()
      done.signal()
    }
    thread.start()
  }

  func wait() { done.wait() }
}
