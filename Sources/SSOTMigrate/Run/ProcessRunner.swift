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
    try run(executable, args, cwd: cwd, stdin: stdin, environment: environment, shellChangesDirectory: addchdir == nil)
  }

  /// `shellChangesDirectory`: reach `cwd` through `/bin/sh` (where posix_spawn cannot chdir).
  static func run(
    _ executable: String, _ args: [String], cwd: String?, stdin: [UInt8]?, environment: [String: String]?,
    shellChangesDirectory: Bool
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
    // posix_spawn rather than Foundation's Process: on Linux, Process.waitUntilExit polls its
    // run loop every 50 ms, which made each git call cost ~50 ms instead of ~2 ms.
    let stdoutPipe = try Pipe2()
    let stderrPipe = try Pipe2()
    let stdinPipe = stdin == nil ? nil : try Pipe2()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let stdinPipe {
      posix_spawn_file_actions_adddup2(&actions, stdinPipe.read, 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe.write, 1)
    posix_spawn_file_actions_adddup2(&actions, stderrPipe.write, 2)
    // Descriptors others opened without close-on-exec stay ours.
    if let closefrom = Self.addclosefrom { _ = closefrom(&actions, 3) }
    // The child starts with default signal handling and nothing blocked: we ignore SIGPIPE, and
    // the thread that spawns may block signals.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var all = sigset_t()
    var none = sigset_t()
    sigfillset(&all)
    sigemptyset(&none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    // The executable is found on PATH here (`env` would cost one more exec per git call);
    // `env` stays the fallback that reports a missing one (exit 127).
    let searchPath = environment.map { $0["PATH"] ?? defaultPath } ?? ProcessInfo.processInfo.environment["PATH"] ?? defaultPath
    // A relative PATH entry would be resolved in the child's directory: left to `env`.
    let found = which(executable, path: searchPath).flatMap { $0.hasPrefix("/") ? $0 : nil }
    var argv = (found.map { [$0] } ?? ["/usr/bin/env", executable]) + args
    if let cwd {
      if !shellChangesDirectory, let addchdir = Self.addchdir {
        _ = cwd.withCString { addchdir(&actions, $0) }
      } else {
        // No posix_spawn_file_actions_addchdir_np: a shell changes directory, then execs env.
        argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", cwd] + argv
      }
    }
    let envp: [String]? = environment.map { $0.map { "\($0.key)=\($0.value)" }.sorted() }
    var pid = pid_t()
    let spawned = withCStrings(argv) { argvPointers in
      if let envp {
        return withCStrings(envp) { posix_spawn(&pid, argv[0], &actions, &attributes, argvPointers, $0) }
      }
      return posix_spawn(&pid, argv[0], &actions, &attributes, argvPointers, environ)
    }
    // The child has its copies; ours of the child's ends must go, or no read ever sees EOF.
    stdoutPipe.closeWrite()
    stderrPipe.closeWrite()
    stdinPipe?.closeRead()
    guard spawned == 0 else {
      stdoutPipe.closeRead()
      stderrPipe.closeRead()
      stdinPipe?.closeWrite()
      throw FileIOError(path: argv[0], operation: "run", errno: spawned)
    }
    let out = Drain(stdoutPipe.read)
    let err = Drain(stderrPipe.read)
    var feeder: Feed? = nil
    if let stdin, let stdinPipe { feeder = Feed(stdin, into: stdinPipe) }
    feeder?.wait()
    let stdoutBytes = out.wait()
    let stderrBytes = err.wait()
    stdoutPipe.closeRead()
    stderrPipe.closeRead()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return ProcessResult(status: Self.exitCode(status), stdout: stdoutBytes, stderr: stderrBytes)
  }

  /// The exit status, or 128 + the signal for a child killed by one (as a shell reports it).
  private static func exitCode(_ status: Int32) -> Int32 {
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }

  private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
  private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// glibc >= 2.29 and macOS >= 10.15 have it, but Swift's Glibc module does not declare it.
  private static let addchdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
  /// glibc >= 2.34.
  private static let addclosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np").map {
    unsafeBitCast($0, to: AddClosefrom.self)
  }

  private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
    guard let program = dlopen(nil, RTLD_NOW) else { return nil }
    return dlsym(program, name)
  }

  /// Calls `body` with a NULL-terminated C array of `strings`.
  private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
  }

  /// The first executable regular file named `name` on `PATH` (or `name` itself when it has a
  /// `/` and is executable).
  public static func which(_ name: String) -> String? {
    which(name, path: ProcessInfo.processInfo.environment["PATH"] ?? defaultPath)
  }

  static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

  static func which(_ name: String, path: String) -> String? {
    if name.contains("/") { return isExecutableFile(name) ? name : nil }
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

  init(_ fd: Int32) {
    let thread = Thread { [self] in
      bytes = Drain.readAll(fd)
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

  init(_ bytes: [UInt8], into pipe: Pipe2) {
    let thread = Thread { [self] in
      let fd = pipe.write
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
      pipe.closeWrite()
      done.signal()
    }
    thread.start()
  }

  func wait() { done.wait() }
}

/// A pipe whose ends close once (the parent closes the child's ends right after the spawn).
/// Both ends are close-on-exec: only the dup2'd copies reach the child.
private final class Pipe2: @unchecked Sendable {
  let read: Int32
  let write: Int32
  private var readOpen = true
  private var writeOpen = true
  private let lock = NSLock()

  init() throws {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw FileIOError(path: "pipe", operation: "create", errno: errno) }
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    read = fds[0]
    write = fds[1]
  }

  func closeRead() {
    lock.lock()
    defer { lock.unlock() }
    if readOpen { close(read); readOpen = false }
  }

  func closeWrite() {
    lock.lock()
    defer { lock.unlock() }
    if writeOpen { close(write); writeOpen = false }
  }

  deinit {
    closeRead()
    closeWrite()
  }
}
