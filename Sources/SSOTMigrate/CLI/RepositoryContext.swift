import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The repository a command runs in: its root, whether it is a git work tree, and the Python
/// files to consider (`FileDiscovery`).
struct RepositoryContext {
  /// Absolute, symlink-free.
  let root: String
  /// The absolute git directory when `root` is inside a git work tree.
  let gitDirectory: String?
  /// What git said of the work tree around `root` (the same `git rev-parse`), for file
  /// discovery, which would otherwise ask again.
  var workTree: FileDiscovery.WorkTree = .unknown

  var isGit: Bool { gitDirectory != nil }

  /// A `.git` found in `root` or above while git itself is not on PATH: writing would skip the
  /// dirty-tree check and the commit, so apply refuses.
  var gitMarkerWithoutGit: String? = nil

  static func open(root: String?) throws(CLIFailure) -> RepositoryContext {
    let given = root ?? FileManager.default.currentDirectoryPath
    guard let resolved = realPath(given) else {
      throw CLIFailure(MigrateExitCode.usage, "--root \(given): no such directory")
    }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDir), isDir.boolValue else {
      throw CLIFailure(MigrateExitCode.usage, "--root \(given): not a directory")
    }
    var gitDir: String? = nil
    var topLevel: String? = nil
    let gitAvailable = ProcessRunner.which("git") != nil
    if gitAvailable {
      // One git process for both answers; outside a work tree (`--show-toplevel` fails in a
      // bare repository or inside `.git`) the git directory alone.
      if let result = try? ProcessRunner.run("git", ["rev-parse", "--absolute-git-dir", "--show-toplevel"], cwd: resolved),
        result.succeeded
      {
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map {
          $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let first = lines.first, !first.isEmpty { gitDir = first }
        if lines.count > 1, !lines[1].isEmpty { topLevel = lines[1] }
      } else if let result = try? ProcessRunner.run("git", ["rev-parse", "--absolute-git-dir"], cwd: resolved), result.succeeded {
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { gitDir = text }
      }
    }
    var context = RepositoryContext(root: resolved, gitDirectory: gitDir)
    if let topLevel {
      context.workTree = .repository(GitRepository(root: topLevel))
    } else if gitAvailable && gitDir == nil {
      context.workTree = .none
    }
    if !gitAvailable {
      var directory = resolved
      while true {
        if FileManager.default.fileExists(atPath: directory + "/.git") {
          context.gitMarkerWithoutGit = directory + "/.git"
          break
        }
        if directory == "/" || directory.isEmpty { break }
        directory = (directory as NSString).deletingLastPathComponent
      }
    }
    return context
  }

  // MARK: - Files

  /// Every Python file relative to `root`, sorted, and the filter of the files the run reports
  /// on: those under `paths` (files or directories, which must lie inside `root`) when any are
  /// given. The run reads all of them either way: PATHs never narrow what the repository index
  /// knows (`PathFilter`).
  func pythonFiles(reporting paths: [String], jobs: Int = 1) throws(CLIFailure) -> (all: [String], reported: PathFilter) {
    var prefixes: [String] = []
    for path in paths {
      let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
      guard let resolved = Self.realPath(absolute) else {
        throw CLIFailure(MigrateExitCode.usage, "\(path): no such file or directory")
      }
      if resolved == root {
        prefixes.append("")
      } else if resolved.hasPrefix(root + "/") {
        prefixes.append(String(resolved.dropFirst(root.count + 1)))
      } else {
        throw CLIFailure(MigrateExitCode.usage, "\(path) is outside the root \(root); pass --root or a path inside it")
      }
    }
    let files: [String]
    do {
      files = try FileDiscovery.pythonFiles(root: root, workTree: workTree, jobs: jobs)
    } catch {
      throw CLIFailure(MigrateExitCode.failure, "cannot list the files under \(root): \(error)")
    }
    return (files, prefixes.isEmpty ? .everything : PathFilter(prefixes: prefixes, among: files))
  }

  // MARK: - Git

  @discardableResult
  func git(_ args: [String], stdin: [UInt8]? = nil) throws(CLIFailure) -> ProcessResult {
    let result: ProcessResult
    do {
      result = try ProcessRunner.run("git", args, cwd: root, stdin: stdin)
    } catch {
      throw CLIFailure(MigrateExitCode.failure, "cannot run git: \(error)")
    }
    guard result.succeeded else {
      let text = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
      throw CLIFailure(MigrateExitCode.failure, "git \(args.first ?? "") failed: \(text)")
    }
    return result
  }

  /// Paths `git status` reports (tracked changes and untracked files), relative to the root.
  func dirtyPaths() throws(CLIFailure) -> [String] {
    let result = try git(["status", "--porcelain=v1", "-z", "--untracked-files=normal", "--", "."])
    var out: [String] = []
    var parts = result.stdout.split(separator: 0, omittingEmptySubsequences: true)[...]
    while let entry = parts.popFirst() {
      guard entry.count > 3 else { continue }
      let status = String(decoding: entry.prefix(2), as: UTF8.self)
      out.append(String(decoding: entry.dropFirst(3), as: UTF8.self))
      // A rename or copy is followed by its source path.
      if status.contains("R") || status.contains("C") { _ = parts.popFirst() }
    }
    return out
  }

  func headCommit() -> String? {
    guard let result = try? git(["rev-parse", "--verify", "-q", "HEAD"]) else { return nil }
    let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
