import Foundation
import Testing

@testable import SSOTMigrate

@Suite struct GitRepositoryTests {
  /// A temp repository with one commit of `files`, isolated from the user's git config.
  private func makeRepository(_ files: [String: String], identity: Bool = true) throws
    -> (TemporaryDirectory, GitRepository)
  {
    let dir = try TemporaryDirectory("git")
    defer { withExtendedLifetime(dir) {} }
    try TestGit.initRepository(dir.path, identity: identity)
    for (name, text) in files { try dir.write(name, text) }
    let repo = try #require(GitRepository.discover(at: dir.path, environment: TestGit.environment))
    return (dir, repo)
  }

  private func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  @Test func discoverFindsTheTopLevelFromASubdirectory() throws {
    let (dir, repo) = try makeRepository(["pkg/sub/m.py": "x = 1\n"])
    defer { withExtendedLifetime(dir) {} }
    #expect(repo.root == realPath(dir.path))
    let fromSub = GitRepository.discover(at: dir.url("pkg/sub"), environment: TestGit.environment)
    #expect(fromSub?.root == realPath(dir.path))
  }

  @Test func discoverOutsideARepositoryIsNil() throws {
    let dir = try TemporaryDirectory("not-git")
    defer { withExtendedLifetime(dir) {} }
    // GIT_CEILING_DIRECTORIES stops git from finding a repository that happens to enclose /tmp.
    var env = TestGit.environment
    env["GIT_CEILING_DIRECTORIES"] = (dir.path as NSString).deletingLastPathComponent
    #expect(GitRepository.discover(at: dir.path, environment: env) == nil)
  }

  @Test func lsFilesListsTrackedAndUntrackedButNotIgnored() throws {
    let (dir, repo) = try makeRepository([
      "a.py": "1\n", "pkg/b.py": "2\n", ".gitignore": "ignored/\n*.log\n",
      "my file.py": "3\n", "ünï.py": "4\n",
    ])
    defer { withExtendedLifetime(dir) {} }
    try TestGit.run(["add", "a.py", "pkg/b.py", ".gitignore"], in: dir.path)
    try TestGit.run(["commit", "-q", "-m", "init"], in: dir.path)
    try dir.write("ignored/c.py", "5\n")
    try dir.write("debug.log", "6\n")
    try dir.write("new/d.py", "7\n")
    let files = try repo.lsFiles()
    #expect(Set(files) == [".gitignore", "a.py", "pkg/b.py", "my file.py", "ünï.py", "new/d.py"])
    #expect(files.count == 6)
  }

  @Test func dirtyPathsCoverModifiedStagedUntrackedAndRenamed() throws {
    let (dir, repo) = try makeRepository(["a.py": "1\n", "b.py": "2\n", "c.py": "3\n", "d.py": "4\n"])
    defer { withExtendedLifetime(dir) {} }
    try TestGit.run(["add", "-A"], in: dir.path)
    try TestGit.run(["commit", "-q", "-m", "init"], in: dir.path)
    #expect(try repo.dirtyPaths() == [])
    try dir.write("a.py", "changed\n")
    try dir.write("b.py", "staged\n")
    try TestGit.run(["add", "b.py"], in: dir.path)
    try TestGit.run(["mv", "c.py", "renamed.py"], in: dir.path)
    try dir.write("untracked/e.py", "5\n")
    #expect(Set(try repo.dirtyPaths()) == ["a.py", "b.py", "renamed.py", "c.py", "untracked/e.py"])
  }

  @Test func addAndCommitReturnTheNewHead() throws {
    let (dir, repo) = try makeRepository(["a.py": "1\n"])
    defer { withExtendedLifetime(dir) {} }
    #expect(!repo.hasCommits())
    try repo.add(["a.py"])
    let message = "ssot-migrate phase 2: factory-to-constructor\n\nRewrote 3 files.\n"
    let sha = try repo.commit(message: message)
    #expect(repo.hasCommits())
    #expect(sha.count == 40 && sha.allSatisfy(\.isHexDigit))
    let head = try TestGit.run(["rev-parse", "HEAD"], in: dir.path).stdoutText
    #expect(head == sha + "\n")
    let body = try TestGit.run(["log", "-1", "--format=%B"], in: dir.path).stdoutText
    #expect(body.hasPrefix("ssot-migrate phase 2: factory-to-constructor\n\nRewrote 3 files."))
    let author = try TestGit.run(["log", "-1", "--format=%an <%ae>"], in: dir.path).stdoutText
    #expect(author == "Test <test@example.com>\n")
  }

  @Test func commitWorksWithoutAConfiguredIdentity() throws {
    let (dir, repo) = try makeRepository(["a.py": "1\n"], identity: false)
    defer { withExtendedLifetime(dir) {} }
    try repo.add(["a.py"])
    _ = try repo.commit(message: "phase 1")
    let author = try TestGit.run(["log", "-1", "--format=%an <%ae>"], in: repo.root).stdoutText
    #expect(author == "ssot-migrate <ssot-migrate@localhost>\n")
  }

  @Test func pathsAreTakenLiterally() throws {
    let (dir, repo) = try makeRepository(["a*.py": "1\n", "ab.py": "2\n"])
    defer { withExtendedLifetime(dir) {} }
    try repo.add(["a*.py"])
    let staged = try TestGit.run(["diff", "--cached", "--name-only", "-z"], in: dir.path).stdoutText
    #expect(staged == "a*.py\0")
  }

  @Test func rmRemovesFromIndexAndWorkTree() throws {
    let (dir, repo) = try makeRepository(["gone.py": "1\n", "kept.py": "2\n"])
    defer { withExtendedLifetime(dir) {} }
    try repo.add(["gone.py", "kept.py"])
    _ = try repo.commit(message: "init")
    try repo.rm(["gone.py"])
    #expect(!dir.exists("gone.py"))
    _ = try repo.commit(message: "remove")
    #expect(try repo.lsFiles() == ["kept.py"])
  }

  @Test func failuresNameTheCommandAndGitsMessage() throws {
    let (dir, repo) = try makeRepository([:])
    defer { withExtendedLifetime(dir) {} }
    #expect {
      try repo.add(["missing.py"])
    } throws: { error in
      let text = String(describing: error)
      return text.hasPrefix("git --literal-pathspecs add -- missing.py failed with exit status 128: ")
        && text.contains("missing.py")
    }
    #expect(throws: GitError.self) { _ = try repo.commit(message: "nothing staged") }
  }
}
