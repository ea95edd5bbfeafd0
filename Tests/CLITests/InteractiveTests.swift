import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// `--interactive` (issue 20): answers from a file (`--answers`) or a terminal; only accepted
/// pieces are committed, and no mix of answers leaves a file that does not parse or a name
/// unbound. Runs the built binary on copies of the sample repository.
@Suite(.serialized) struct InteractiveTests {
  /// Writes `letters` as an answers file next to the repository.
  static func answers(_ repo: CLITests.Repo, _ letters: String) throws -> String {
    let path = repo.path + "/../answers.txt"
    try Array(letters.utf8).write(to: path)
    return path
  }

  static let hasPytest = (try? ProcessRunner.run("python3", ["-c", "import pytest"], cwd: nil).succeeded) == true

  /// The tracked Python files of the work tree.
  static func pythonFiles(_ repo: CLITests.Repo) throws -> [String: [UInt8]] {
    try repo.snapshot().filter { $0.key.hasSuffix(".py") }
  }

  @Test func acceptingEveryPieceWritesWhatTheNonInteractiveRunWrites() throws {
    let reviewed = try CLITests.Repo()
    let plain = try CLITests.Repo()
    let r = try reviewed.run("--all", "--interactive", "--answers", Self.answers(reviewed, String(repeating: "y", count: 400)))
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try plain.run("--all").status == 0)
    #expect(try Self.pythonFiles(reviewed) == Self.pythonFiles(plain))
    #expect(try reviewed.commits().count == plain.commits().count)
    #expect(r.stderr.contains("Apply this change [y,n,a,d,q,?]? y"))
  }

  @Test func rejectingEveryPieceCommitsNothingAndLeavesItPending() throws {
    let repo = try CLITests.Repo()
    let before = try repo.commits()
    let snapshot = try repo.snapshot()
    let r = try repo.run("--phase", "2", "--interactive", "--answers", Self.answers(repo, String(repeating: "n", count: 200)))
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("nothing to change, no commit"), "\(r.stderr)")
    #expect(try repo.commits() == before)
    #expect(try repo.snapshot() == snapshot)
    #expect(try repo.run("--phase", "2", "--check").status == 1)
  }

  /// Several mixes of answers over every phase: each commit's files parse and the sample's own
  /// test suite still passes (it imports every module and calls the rewritten functions, so an
  /// unbound name would fail it).
  @Test(arguments: ["ynyny", "nyyynn", "ydnynyqy", "nayndy"])
  func anyMixKeepsTheFilesParsingAndTheirNamesBound(_ pattern: String) throws {
    let repo = try CLITests.Repo()
    let originals = try Self.pythonFiles(repo)
    let letters = String(repeating: pattern, count: 100)
    let r = try repo.run("--all", "--interactive", "--answers", Self.answers(repo, letters))
    // Rejected pieces stay pending: phase 5 (validate) says so with exit 1, and so does --check.
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains("phase 5 validate (validate):"))
    #expect(try repo.run("--check").status == 1)
    var pairs: [String: (input: [UInt8], output: [UInt8])] = [:]
    for (path, bytes) in try Self.pythonFiles(repo) { pairs[path] = (originals[path] ?? bytes, bytes) }
    #expect(try PythonChecker.brokenOutputs(pairs).isEmpty)
    if Self.hasPytest {
      let run = try ProcessRunner.run("python3", ["-B", "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd: repo.path)
      #expect(run.succeeded, "\(pattern): \(run.stdoutText)")
    }
  }

  @Test func withoutATerminalItRefusesBeforeDoingAnything() throws {
    let repo = try CLITests.Repo()
    // `setsid` gives the process no controlling terminal, as in CI.
    let result = try ProcessRunner.run("setsid", [CLITests.binary, "--codemod", repo.codemodPath, "--phase", "2", "--interactive"], cwd: repo.path)
    #expect(result.status == 2, "\(result.stderrText)")
    #expect(result.stderrText.contains("--answers FILE"), "\(result.stderrText)")
  }

  @Test func answersWithoutInteractiveIsAUsageError() throws {
    let repo = try CLITests.Repo()
    let r = try repo.run("--phase", "2", "--answers", "x.txt")
    #expect(r.status == 2)
    #expect(r.stderr.contains("--interactive"))
    #expect(try repo.run("--phase", "2", "--dry-run", "--interactive").status == 2)
  }

  /// The terminal path: a pseudo-terminal answers `y` to every prompt.
  @Test(.enabled(if: PythonChecker.python != nil, "python3 is not on PATH"))
  func aTerminalAnswersThroughDevTty() throws {
    let repo = try CLITests.Repo()
    let plain = try CLITests.Repo()
    let driver = """
      import os, pty, sys
      pid, fd = pty.fork()
      if pid == 0:
          os.execv(sys.argv[1], sys.argv[1:])
      seen = b""
      while True:
          try:
              data = os.read(fd, 4096)
          except OSError:
              break
          if not data:
              break
          seen += data
          if seen.rstrip().endswith(b"[y,n,a,d,q,?]?"):
              seen = b""
              os.write(fd, b"y\\n")
      _, status = os.waitpid(pid, 0)
      sys.exit(os.waitstatus_to_exitcode(status))
      """
    let result = try ProcessRunner.run(
      PythonChecker.python!, ["-c", driver, CLITests.binary, "--codemod", repo.codemodPath, "--phase", "2", "--interactive"], cwd: repo.path)
    #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
    #expect(try plain.run("--phase", "2").status == 0)
    #expect(try Self.pythonFiles(repo) == Self.pythonFiles(plain))
  }
}
