/// The git work tree the tool runs in: which files it has, which are dirty, and one commit per
/// phase. Every call runs the `git` on `PATH` in `root`; paths in and out are relative to `root`.
public struct GitRepository: Sendable {
  /// Absolute path of the work tree's top level, as git reports it.
  public let root: String
  /// The environment git runs with; nil inherits ours. Tests pass one without user config.
  let environment: [String: String]?

  init(root: String, environment: [String: String]? = nil) {
    self.root = root
    self.environment = environment
  }

  /// The work tree containing `dir`, or nil when `dir` is not inside one (or git is missing).
  public static func discover(at dir: String) -> GitRepository? {
    discover(at: dir, environment: nil)
  }

  static func discover(at dir: String, environment: [String: String]?) -> GitRepository? {
    guard
      let result = try? ProcessRunner.run(
        "git", ["rev-parse", "--show-toplevel"], cwd: dir, environment: environment),
      result.succeeded
    else { return nil }
    let top = result.stdoutText.trimmingTrailingNewlines()
    return top.isEmpty ? nil : GitRepository(root: top, environment: environment)
  }

  /// Tracked files plus untracked files that are not ignored, in git's (byte) order.
  public func lsFiles() throws -> [String] {
    let out = try git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    // An unmerged path is listed once per conflict stage.
    var seen = Set<String>()
    return Self.nulSeparated(out).filter { seen.insert($0).inserted }
  }

  /// Paths with staged or unstaged changes, and untracked files (each file, not its directory);
  /// both sides of a rename.
  public func dirtyPaths() throws -> [String] {
    let out = try git(["status", "--porcelain", "-z", "--untracked-files=all"])
    var paths: [String] = []
    var records = Self.nulSeparated(out)[...]
    while let record = records.popFirst() {
      // "XY path"; for a rename or copy the original path follows as the next record.
      guard record.utf8.count > 3 else { continue }
      let status = record.prefix(2)
      paths.append(String(record.dropFirst(3)))
      if status.contains("R") || status.contains("C"), let original = records.popFirst() {
        paths.append(original)
      }
    }
    return paths
  }

  /// Whether HEAD points at a commit (false in a freshly initialised repository).
  /// True when git ignores `path` (relative to the top level), e.g. a build or output folder.
  public func isIgnored(_ path: String) -> Bool {
    ((try? run(["check-ignore", "-q", "--", path]))?.status ?? 1) == 0
  }

  public func hasCommits() -> Bool {
    (try? run(["rev-parse", "--verify", "--quiet", "HEAD"]))?.succeeded ?? false
  }

  /// Stages `paths` (taken literally: a name with `*` or `[` is not a pattern).
  public func add(_ paths: [String]) throws {
    for batch in Self.batches(paths) { try git(["--literal-pathspecs", "add", "--"] + batch) }
  }

  /// Removes `paths` from the index and the work tree.
  public func rm(_ paths: [String]) throws {
    for batch in Self.batches(paths) { try git(["--literal-pathspecs", "rm", "-q", "--"] + batch) }
  }

  /// Commits what is staged and returns the new HEAD's full hash. A machine with no git identity
  /// still gets its commit, authored by `ssot-migrate <ssot-migrate@localhost>`.
  public func commit(message: String) throws -> String {
    var identity: [String] = []
    if configValue("user.email").isEmpty {
      identity = ["-c", "user.name=ssot-migrate", "-c", "user.email=ssot-migrate@localhost"]
    } else if configValue("user.name").isEmpty {
      identity = ["-c", "user.name=ssot-migrate"]
    }
    try git(identity + ["commit", "-q", "-F", "-"], stdin: Array(message.utf8))
    return String(decoding: try git(["rev-parse", "HEAD"]), as: UTF8.self).trimmingTrailingNewlines()
  }

  // MARK: - Running git

  private func configValue(_ key: String) -> String {
    guard let result = try? run(["config", "--get", key]), result.succeeded else { return "" }
    return result.stdoutText.trimmingTrailingNewlines()
  }

  private func run(_ args: [String], stdin: [UInt8]? = nil) throws -> ProcessResult {
    try ProcessRunner.run("git", args, cwd: root, stdin: stdin, environment: environment)
  }

  /// git's stdout, or a `GitError` with its stderr when it fails.
  @discardableResult
  private func git(_ args: [String], stdin: [UInt8]? = nil) throws -> [UInt8] {
    let result = try run(args, stdin: stdin)
    guard result.succeeded else {
      throw GitError(arguments: args, status: result.status, stderr: result.stderrText)
    }
    return result.stdout
  }

  private static func nulSeparated(_ bytes: [UInt8]) -> [String] {
    bytes.split(separator: 0, omittingEmptySubsequences: true).map {
      String(decoding: $0, as: UTF8.self)
    }
  }

  /// Keeps each command line far below the kernel's argument limit, even for 8,000 paths.
  private static func batches(_ paths: [String]) -> [[String]] {
    stride(from: 0, to: paths.count, by: 500).map { Array(paths[$0..<min($0 + 500, paths.count)]) }
  }
}

/// A git command that failed: the command line and what git said.
public struct GitError: Error, Sendable, CustomStringConvertible {
  /// The arguments after `git`.
  public let arguments: [String]
  public let status: Int32
  public let stderr: String

  public init(arguments: [String], status: Int32, stderr: String) {
    self.arguments = arguments
    self.status = status
    self.stderr = stderr
  }

  public var command: String {
    var shown = arguments
    if shown.count > 12 { shown = Array(shown.prefix(12)) + ["(\(arguments.count - 12) more)"] }
    return (["git"] + shown).joined(separator: " ")
  }

  public var description: String {
    let said = stderr.trimmingTrailingNewlines()
    return said.isEmpty
      ? "\(command) failed with exit status \(status)"
      : "\(command) failed with exit status \(status): \(said)"
  }
}

extension String {
  /// Without trailing CR and LF bytes (`"\r\n"` is one Character, so `hasSuffix("\n")` misses it).
  fileprivate func trimmingTrailingNewlines() -> String {
    var bytes = Substring(self).utf8[...]
    while let last = bytes.last, last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
    return String(Substring(bytes))
  }
}
