import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

#if canImport(Glibc)
  import Glibc
#endif

/// File-system, process and git faults during apply: the phase is rolled back (every file
/// byte-identical, no commit) with a message naming the file and the cause, or an interrupted
/// phase is undone by `ssot-migrate --restore`. Through the BUILT binary, except the faults that
/// must strike between the run's read of a file and its write: those run the command in this
/// process with a `FaultInjectingFileWriter`.
@Suite(.serialized) struct ProcessFaultTests {
  typealias Repo = CLITests.Repo

  static let notifications = "netra_backend/app/services/notifications.py"

  /// Every file as `expected` (the snapshot before the run, with whatever another process did
  /// meanwhile), no new commit, no journal or backups left.
  func expectRolledBack(_ repo: Repo, _ expected: [String: [UInt8]], _ head: [String], _ comment: Comment? = nil) throws {
    #expect(differing(try repo.snapshot(), expected).isEmpty, comment)
    #expect(try repo.commits() == head, comment)
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/ssot-migrate-journal"), comment)
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/ssot-migrate-backup"), comment)
  }

  // MARK: - Another process or the disk between the read and the write (in process)

  /// Phase 2 in process with `fault` at notifications.py: exit 3, `message(target)` and
  /// "restored" on stderr, no commit, no journal or backups, and every file as before except
  /// notifications.py, whose bytes `notifications` gives from its original (nil: deleted).
  func expectPhaseRolledBack(
    by fault: FaultInjectingFileWriter.Fault, saying message: (_ target: String) -> String,
    leaving notifications: (_ original: [UInt8]) -> [UInt8]?
  ) throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    let head = try repo.commits()
    let writer = FaultInjectingFileWriter(fault, at: repo.realRoot + "/" + Self.notifications)
    let r = repo.runInProcess("--phase", "2", fileWriter: writer)
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains(message(writer.path)), "\(r.stderr)")
    #expect(r.stderr.contains("restored"), "\(r.stderr)")
    // Phase 2 writes its files in path order and notifications.py is not the first: the fault
    // struck after some files were written, and the rollback wrote each of them back once.
    let writes = writer.writes
    let half = writes.count / 2
    #expect(half > 0 && writes.count == 2 * half && writes[..<half] == writes[half...], "\(writes)")
    var expected = before
    expected[Self.notifications] = notifications(before[Self.notifications]!)
    try expectRolledBack(repo, expected, head)
  }

  /// The harness the injected faults rely on: in process with the real writer, phase 2 writes
  /// and commits exactly what the built binary does.
  @Test func inProcessRunWritesWhatTheBinaryWrites() throws {
    let binary = try Repo()
    let inProcess = try Repo()
    let head = try inProcess.commits()
    #expect(try binary.run("--phase", "2").status == 0)
    let r = inProcess.runInProcess("--phase", "2", fileWriter: AtomicFileWriter())
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("committed"), "\(r.stderr)")
    #expect(differing(try inProcess.snapshot(), try binary.snapshot()).isEmpty)
    #expect(try inProcess.commits().count == head.count + 1)
  }

  @Test func fileChangedBetweenReadAndWriteKeepsTheOtherEdit() throws {
    // The concurrent edit survives the rollback.
    try expectPhaseRolledBack(
      by: .changedBeforeWrite, saying: { _ in "\(Self.notifications) changed on disk since it was read" },
      leaving: { $0 + FaultInjectingFileWriter.concurrentEdit })
  }

  @Test func fileDeletedBetweenReadAndWriteStaysDeleted() throws {
    try expectPhaseRolledBack(by: .deletedBeforeWrite, saying: { _ in Self.notifications }, leaving: { _ in nil })
  }

  @Test func failedWriteRollsBackThePhase() throws {
    try expectPhaseRolledBack(by: .writeFails, saying: { "cannot write \($0): simulated failure" }, leaving: { $0 })
  }

  // MARK: - File systems

  @Test(.enabled(if: geteuid() != 0, "root writes into read-only directories"))
  func directoryNotWritableRollsBack() throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    let head = try repo.commits()
    try repo.sh("chmod", "0555", "netra_backend/app/services")
    let r = try repo.run("--phase", "2")
    try repo.sh("chmod", "0755", "netra_backend/app/services")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("netra_backend/app/services/"), "\(r.stderr)")
    try expectRolledBack(repo, before, head)
  }

  /// A full disk, as `ulimit -f` (which binds root too): the last file's new version is larger
  /// than the limit while every original fits, so the write fails half way through the phase.
  @Test func fileSizeLimitRollsBackThePhase() throws {
    let repo = try Repo()
    let limit = 64 * 1024
    var text = """
      from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

      REF = create_websocket_manager_sync


      def f(ctx):
          return create_websocket_manager_sync(ctx)

      """
    // The rewrite adds an import line (~80 bytes): pad the original to 40 bytes under the limit.
    let line = "# " + String(repeating: "x", count: 77) + "\n"
    while text.utf8.count + line.utf8.count <= limit - 40 { text += line }
    text += String(repeating: "#", count: limit - 40 - text.utf8.count - 1) + "\n"
    #expect(text.utf8.count == limit - 40)
    try Data(text.utf8).write(to: URL(fileURLWithPath: repo.path + "/netra_backend/app/services/zz_large.py"))
    try repo.sh("git", "add", "-A")
    try repo.sh("git", "commit", "-q", "-m", "large")
    let before = try repo.snapshot()
    let head = try repo.commits()
    let script = "trap '' XFSZ; ulimit -f \(limit / 1024); exec \"$0\" \"$@\""
    let result = try ProcessRunner.run(
      "bash", ["-c", script, CLITests.binary, "--codemod", repo.codemodPath, "--phase", "2"], cwd: repo.path)
    #expect(result.status == 3, "\(result.stderrText)")
    #expect(result.stderrText.contains("zz_large.py"), "\(result.stderrText)")
    #expect(result.stderrText.contains("restored"), "\(result.stderrText)")
    try expectRolledBack(repo, before, head)
    // No temp file is left next to the target.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/netra_backend/app/services").filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty, "\(leftovers)")
  }

  // MARK: - SIGKILL at random moments

  /// Kills `--all` with SIGKILL or SIGINT after a seeded random delay, many times. Afterwards every file is
  /// its version before or after the phase being written (never partial), and `--restore`
  /// brings back exactly the last committed state.
  @Test func killedDuringApplyNeverLeavesAPartialFile() throws {
    // Reference states: after 0, 1, 2, 3 phases (each phase's commit).
    let reference = try Repo()
    let r = try reference.run("--all")
    #expect(r.status == 0, "\(r.stderr)")
    let commits = try reference.commits().reversed().map { $0 }  // oldest first
    var states: [[String: [UInt8]]] = []
    for commit in commits {
      try reference.sh("git", "checkout", "-q", commit, "--", ".")
      try reference.sh("git", "clean", "-qfd")
      // A checkout of an older commit does not delete files a later phase added; rebuild instead.
      try reference.sh("git", "read-tree", "-u", "--reset", commit)
      states.append(try reference.snapshot())
    }
    #expect(states.count == 4)

    var rng = SeededGenerator(seed: 0x55_07_2026)
    let iterations = 10
    var outcomes: [Int] = Array(repeating: 0, count: states.count)
    var restoredCount = 0
    for iteration in 0..<iterations {
      let repo = try Repo()
      let delay = UInt32.random(in: 40_000...1_100_000, using: &rng)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: CLITests.binary)
      process.arguments = ["--codemod", repo.codemodPath, "--all", "-q"]
      process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(delay)
      // Odd iterations send SIGINT (held while a phase is written, then delivered), even ones
      // SIGKILL (cannot be held: the journal covers it).
      let signal = iteration % 2 == 0 ? SIGKILL : SIGINT
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      // A `git add`/`git commit` the tool started outlives it: let it finish (it holds
      // index.lock while it runs) before looking, as a user would.
      usleep(100_000)
      for _ in 0..<50 where FileManager.default.fileExists(atPath: repo.path + "/.git/index.lock") { usleep(100_000) }
      let label: Comment = "iteration \(iteration), \(signal == SIGKILL ? "SIGKILL" : "SIGINT") after \(delay / 1000) ms"

      // Phases committed so far.
      let committed = try repo.commits().count - 1
      #expect(committed >= 0 && committed < states.count, label)
      let now = try repo.snapshot()
      let old = states[committed]
      let new = committed + 1 < states.count ? states[committed + 1] : old
      for (path, bytes) in now where !path.hasSuffix(".tmp") {
        // Compared by value; a byte dump of a whole file would drown the message.
        #expect(bytes == old[path] || bytes == new[path], "\(label): \(path) is neither its old nor its new version")
      }

      let journal = FileManager.default.fileExists(atPath: repo.path + "/.git/ssot-migrate-journal")
      let restore = try repo.run("--restore", codemod: false)
      #expect(restore.status == 0, "\(label): \(restore.stderr)")
      if journal { restoredCount += 1 }
      // Back to exactly the last commit: no modified file, no temp file left behind.
      let after = try repo.snapshot()
      let differing = Set(after.keys).union(old.keys).filter { after[$0] != old[$0] }.sorted()
      #expect(differing.isEmpty, "\(label): --restore did not bring back the committed state: \(differing)")
      #expect(try repo.sh("git", "status", "--porcelain").stdoutText.isEmpty, label)
      // And the migration then completes (checked where a phase was cut half way: the
      // interesting case, and it keeps the test's time down).
      if journal {
        let resumed = try repo.run("--all", "-q")
        #expect(resumed.status == 0, "\(label): \(resumed.stderr)")
        let final = try repo.snapshot()
        let wrong = Set(final.keys).union(states[states.count - 1].keys).filter { final[$0] != states[states.count - 1][$0] }.sorted()
        #expect(wrong.isEmpty, "\(label): resumed run differs in \(wrong)")
      }
      outcomes[committed] += 1
    }
    // The seed must hit more than one moment; record the spread for docs/RELIABILITY.md.
    print("kill: killed with 0/1/2/3 phases committed: \(outcomes); journal left behind: \(restoredCount)")
    #expect(outcomes.filter { $0 > 0 }.count >= 2, "\(outcomes)")
  }

  /// The state a kill between two writes leaves, built by hand: a journal, its backups, one
  /// file already migrated and a temp file of the next write.
  @Test func restoreUndoesAHalfWrittenPhaseAndWaitsForGit() throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    let bridge = "netra_backend/app/services/legacy_bridge.py"
    let head = try repo.sh("git", "rev-parse", "HEAD").stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    let git = repo.path + "/.git"
    try FileManager.default.createDirectory(atPath: git + "/ssot-migrate-backup/netra_backend/app/services", withIntermediateDirectories: true)
    try Data(before[bridge]!).write(to: URL(fileURLWithPath: git + "/ssot-migrate-backup/" + bridge))
    try Data(before[Self.notifications]!).write(to: URL(fileURLWithPath: git + "/ssot-migrate-backup/" + Self.notifications))
    let journal = """
      {"schema": "ssot-migrate/journal/v1", "phase": 2, "name": "factory-to-constructor", "head": "\(head)",
       "backup": "\(git)/ssot-migrate-backup", "files": ["\(bridge)", "\(Self.notifications)"]}

      """
    try Data(journal.utf8).write(to: URL(fileURLWithPath: git + "/ssot-migrate-journal"))
    try Data("# migrated\n".utf8).write(to: URL(fileURLWithPath: repo.path + "/" + bridge))
    let temp = repo.path + "/netra_backend/app/services/.notifications.py.ssot-migrate-99-abc.tmp"
    try Data("half".utf8).write(to: URL(fileURLWithPath: temp))

    // Any other command refuses and names the recovery command.
    let refused = try repo.run("--phase", "2")
    #expect(refused.status == 2, "\(refused.stderr)")
    #expect(refused.stderr.contains("ssot-migrate --restore"), "\(refused.stderr)")
    // A git process still holding the index: wait.
    try Data().write(to: URL(fileURLWithPath: git + "/index.lock"))
    let locked = try repo.run("--restore", codemod: false)
    #expect(locked.status == 3, "\(locked.stderr)")
    #expect(locked.stderr.contains("index.lock"), "\(locked.stderr)")
    try FileManager.default.removeItem(atPath: git + "/index.lock")
    let restored = try repo.run("--restore", codemod: false)
    #expect(restored.status == 0, "\(restored.stderr)")
    #expect(differing(try repo.snapshot(), before).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: temp))
    #expect(try repo.sh("git", "status", "--porcelain").stdoutText.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: git + "/ssot-migrate-journal"))
  }

  // MARK: - Git trouble

  @Test func noGitOnPathIsAClearError() throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    // PATH with python3 only.
    let bin = repo.path + "/../bin"
    try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
    let python = try ProcessRunner.run("python3", ["-c", "import sys; print(sys.executable)"], cwd: nil).stdoutText
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try FileManager.default.createSymbolicLink(atPath: bin + "/python3", withDestinationPath: python)
    let r = try repo.run("--phase", "2", env: ["PATH": bin])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("git is not on PATH"), "\(r.stderr)")
    #expect(differing(try repo.snapshot(), before).isEmpty)
    // Read-only commands still work.
    #expect(try repo.run("--phase", "2", "--dry-run", env: ["PATH": bin]).status == 0)
  }

  @Test func repositoryWithoutCommits() throws {
    let repo = try Repo(git: false)
    try repo.sh("git", "init", "-q")
    try repo.sh("git", "config", "user.name", "Test")
    try repo.sh("git", "config", "user.email", "test@example.com")
    let before = try repo.snapshot()
    // Every file is untracked: the dirty-tree check names them.
    let r = try repo.run("--phase", "2")
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("uncommitted changes"), "\(r.stderr)")
    #expect(differing(try repo.snapshot(), before).isEmpty)
    // Staged but never committed: --allow-dirty makes the root commit of the phase.
    try repo.sh("git", "add", "-A")
    let allowed = try repo.run("--phase", "2", "--allow-dirty")
    #expect(allowed.status == 0, "\(allowed.stderr)")
    #expect(try repo.commits().count == 1)
  }

  @Test func detachedHeadCommitsOnTheDetachedHead() throws {
    let repo = try Repo()
    let branch = try repo.sh("git", "symbolic-ref", "--short", "HEAD").stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    try repo.sh("git", "checkout", "-q", "--detach")
    let head = try repo.commits()
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.commits().count == head.count + 1)
    #expect(try repo.sh("git", "rev-parse", branch).stdoutText.hasPrefix(head[0]))
  }

  @Test func failingPreCommitHookIsSkipped() throws {
    let repo = try Repo()
    let hook = repo.path + "/.git/hooks/pre-commit"
    try Data("#!/bin/sh\necho hook refused >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: hook))
    try repo.sh("chmod", "+x", hook)
    let head = try repo.commits()
    let r = try repo.run("--phase", "2")
    // Documented in README: the tool commits with --no-verify.
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stderr.contains("hook refused"))
    #expect(try repo.commits().count == head.count + 1)
  }

  @Test func concurrentIndexLockRollsBack() throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    let head = try repo.commits()
    try Data().write(to: URL(fileURLWithPath: repo.path + "/.git/index.lock"))
    let r = try repo.run("--phase", "2")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("index.lock"), "\(r.stderr)")
    #expect(r.stderr.contains("restored"), "\(r.stderr)")
    try FileManager.default.removeItem(atPath: repo.path + "/.git/index.lock")
    try expectRolledBack(repo, before, head)
  }
}

/// Paths whose bytes differ between two snapshots (short failure messages).
func differing(_ a: [String: [UInt8]], _ b: [String: [UInt8]]) -> [String] {
  Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
}

/// SplitMix64 (the same generator as the SSOTMigrateTests' fuzzers).

