import Foundation

@testable import SSOTMigrate

/// A fresh directory under the system temp dir, removed when the value goes away.
final class TemporaryDirectory {
  let path: String

  init(_ label: String = "test") throws {
    var base = NSTemporaryDirectory()
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    var template = Array("\(base)/ssot-migrate-\(label)-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw FileIOError(path: "(temp dir)", operation: "create", errno: errno)
    }
    path = String(cString: made)
  }

  deinit {
    // A test may have left a read-only directory behind.
    _ = try? ProcessRunner.run("chmod", ["-R", "u+rwx", path], cwd: nil)
    try? FileManager.default.removeItem(atPath: path)
  }

  func url(_ relative: String) -> String { "\(path)/\(relative)" }

  @discardableResult
  func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
    let full = url(relative)
    let parent = (full as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
      throw FileIOError(path: full, operation: "create", errno: errno)
    }
    return full
  }

  @discardableResult
  func write(_ relative: String, _ text: String) throws -> String {
    try write(relative, Array(text.utf8))
  }

  func read(_ relative: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: url(relative))))
  }

  func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: url(relative)) }

  /// Names in the directory itself (not recursive), sorted.
  func entries(_ relative: String = "") throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : url(relative))
      .sorted()
  }
}

/// git as the tests run it: no user or system config, so a developer's `diff.noprefix` or
/// `diff.algorithm` cannot change what we compare with, and a fixed identity for commits.
enum TestGit {
  static var environment: [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = "/dev/null"
    env["LC_ALL"] = "C"
    for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
                "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"] {
      env.removeValue(forKey: key)
    }
    return env
  }

  @discardableResult
  static func run(_ args: [String], in cwd: String, stdin: [UInt8]? = nil) throws -> ProcessResult {
    try ProcessRunner.run("git", args, cwd: cwd, stdin: stdin, environment: environment)
  }

  /// `git init` plus a local identity, in `dir`.
  static func initRepository(_ dir: String, identity: Bool = true) throws {
    try run(["init", "-q", "-b", "main"], in: dir)
    if identity {
      try run(["config", "user.name", "Test"], in: dir)
      try run(["config", "user.email", "test@example.com"], in: dir)
    }
  }
}
