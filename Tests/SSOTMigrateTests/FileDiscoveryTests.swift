import Foundation
import Testing

@testable import SSOTMigrate

@Suite struct FileDiscoveryTests {
  /// git's environment with a ceiling at the temp dir's parent, so a directory that is not a
  /// repository is walked even if something above /tmp happens to be one.
  private func outsideGit(_ dir: TemporaryDirectory) -> [String: String] {
    var env = TestGit.environment
    env["GIT_CEILING_DIRECTORIES"] = (dir.path as NSString).deletingLastPathComponent
    return env
  }

  private func makeTree(_ dir: TemporaryDirectory) throws {
    for path in [
      "a.py", "B.py", "é.py", "pkg/__init__.py", "pkg/sub/mod.py", "build/gen.py", "app/env/settings.py",
      "pkg/__pycache__/mod.py", ".git/hooks/hook.py", ".hg/x.py", "node_modules/m/m.py", ".venv/lib/v.py",
      "venv/lib/v.py", ".tox/py/t.py", ".mypy_cache/c.py", "lib/site-packages/s.py",
      "myenv/lib/python3.12/x.py",
    ] {
      try dir.write(path, "x = 1\n")
    }
    try dir.write("myenv/pyvenv.cfg", "home = /usr/bin\n")
    try dir.write("notes.txt", "not python\n")
    try dir.write("stub.pyi", "x: int\n")
    #expect(symlink(dir.url("a.py"), dir.url("link.py")) == 0)
    #expect(symlink(dir.url("pkg"), dir.url("linked_pkg")) == 0)
    #expect(symlink("/etc", dir.url("outside")) == 0)
  }

  private let expected = [
    "B.py", "a.py", "app/env/settings.py", "build/gen.py", "pkg/__init__.py", "pkg/sub/mod.py", "é.py",
  ]

  @Test func walkOutsideGitSkipsToolingDirectoriesAndSymlinks() throws {
    let dir = try TemporaryDirectory("discover-walk")
    defer { withExtendedLifetime(dir) {} }
    try makeTree(dir)
    let files = try FileDiscovery.pythonFiles(root: dir.path, environment: outsideGit(dir))
    #expect(files == expected)
  }

  /// Directories of one depth are listed in parallel: the same files come out whatever the
  /// number of workers, and an unreadable directory is still an error.
  @Test func parallelWalkFindsTheSameFiles() throws {
    let dir = try TemporaryDirectory("discover-parallel")
    defer { withExtendedLifetime(dir) {} }
    try makeTree(dir)
    var many: [String] = []
    for a in 0..<12 {
      for b in 0..<6 {
        let path = "wide/d\(a)/e\(b)/m\(a)_\(b).py"
        try dir.write(path, "x = 1\n")
        many.append(path)
      }
    }
    let serial = try FileDiscovery.pythonFiles(root: dir.path, environment: outsideGit(dir), jobs: 1)
    let parallel = try FileDiscovery.pythonFiles(root: dir.path, environment: outsideGit(dir), jobs: 4)
    #expect(serial == parallel)
    #expect(serial == FileDiscovery.sortedByBytes(expected + many))
    #expect(chmod(dir.url("wide/d7"), 0o000) == 0)
    defer { _ = chmod(dir.url("wide/d7"), 0o755) }
    if getuid() != 0 {
      #expect(throws: FileIOError.self) { try FileDiscovery.pythonFiles(root: dir.path, environment: outsideGit(dir), jobs: 4) }
    }
  }

  @Test func walkHandlesVeryDeepTrees() throws {
    let dir = try TemporaryDirectory("discover-deep")
    defer { withExtendedLifetime(dir) {} }
    let deep = Array(repeating: "d", count: 400).joined(separator: "/")
    try dir.write("\(deep)/bottom.py", "x = 1\n")
    let files = try FileDiscovery.pythonFiles(root: dir.path, environment: outsideGit(dir))
    #expect(files == ["\(deep)/bottom.py"])
  }

  @Test func insideGitUsesTrackedAndUnignoredFiles() throws {
    let dir = try TemporaryDirectory("discover-git")
    defer { withExtendedLifetime(dir) {} }
    try TestGit.initRepository(dir.path)
    try makeTree(dir)
    try dir.write(".gitignore", "ignored/\n")
    try dir.write("ignored/i.py", "x = 1\n")
    try dir.write("deleted.py", "x = 1\n")
    try TestGit.run(["add", "-A"], in: dir.path)
    try TestGit.run(["commit", "-q", "-m", "init"], in: dir.path)
    try FileManager.default.removeItem(atPath: dir.url("deleted.py"))
    try dir.write("untracked.py", "x = 1\n")
    let files = try FileDiscovery.pythonFiles(root: dir.path, environment: TestGit.environment)
    #expect(files == (expected + ["untracked.py"]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
  }

  @Test func rootBelowTheTopLevelListsPathsRelativeToIt() throws {
    let dir = try TemporaryDirectory("discover-sub")
    defer { withExtendedLifetime(dir) {} }
    try TestGit.initRepository(dir.path)
    try makeTree(dir)
    let files = try FileDiscovery.pythonFiles(root: dir.url("pkg"), environment: TestGit.environment)
    #expect(files == ["__init__.py", "sub/mod.py"])
  }

  @Test func missingRootIsAnError() throws {
    let dir = try TemporaryDirectory("discover-missing")
    defer { withExtendedLifetime(dir) {} }
    #expect(throws: FileIOError.self) {
      try FileDiscovery.pythonFiles(root: dir.url("absent"), environment: outsideGit(dir))
    }
    let file = try dir.write("file.py", "x\n")
    #expect(throws: FileIOError.self) { try FileDiscovery.pythonFiles(root: file) }
  }

  @Test func pathsSortInByteOrderNotStringOrder() {
    // Decomposed "é" (e + U+0301) is canonically equal to "é" for String's `<`, not for git;
    // a prefix sorts first; upper case before lower case, as in `git ls-files`.
    let paths = ["b.py", "e\u{301}.py", "a/b.py", "a.py", "", "\u{e9}.py", "B.py", "a", "z/\u{e9}/x.py", "a/b.pyc"]
    let sorted = FileDiscovery.sortedByBytes(paths)
    #expect(sorted == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    #expect(sorted.first == "")
    #expect(sorted.firstIndex(of: "B.py")! < sorted.firstIndex(of: "a")!)
    var random = SystemRandomNumberGenerator()
    let many = (0..<500).map { _ in String((0..<Int.random(in: 0...6, using: &random)).map { _ in "aAé/._\u{301}".randomElement(using: &random)! }) }
    #expect(FileDiscovery.sortedByBytes(many) == many.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
  }
}
