import Foundation
import Testing

@testable import SSOTMigrate

/// Phase gates (issue 7): imports a phase writes resolve, no new module-level import cycle, and
/// the user's `--gate` command before each commit. Runs the built binary on small temp git repos.
@Suite(.serialized) struct GateTests {
  /// One phase moving `from pkg.old import Thing` to `pkg.new`.
  static let moveCodemod = #"""
    {"schema": "ssot-migrate/codemod/v1", "name": "gate-test", "roots": [""],
     "phases": [{"number": 2, "name": "move", "include": ["**/*.py"], "exclude": [],
       "transforms": [{"kind": "move-import", "id": "mv", "moves": [{"from": "pkg.old.Thing", "to": "pkg.new.Thing"}]}]}]}
    """#

  /// A temp git repository holding `files`, with `codemod` next to it.
  final class TinyRepo {
    let path: String
    init(_ files: [String: String], codemod: String = GateTests.moveCodemod) throws {
      var template = Array("\(NSTemporaryDirectory())/ssot-gate-XXXXXX".utf8CString)
      guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
      path = String(cString: made) + "/repo"
      for (relative, text) in files {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicWriter.write(Array(text.utf8), to: full)
      }
      try AtomicWriter.write(Array(codemod.utf8), to: path + "/../codemod.json")
      try sh("git", "init", "-q")
      try sh("git", "config", "user.name", "Test")
      try sh("git", "config", "user.email", "test@example.com")
      try sh("git", "config", "commit.gpgsign", "false")
      try sh("git", "add", "-A")
      try sh("git", "commit", "-q", "-m", "initial")
    }
    deinit { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }

    @discardableResult
    func sh(_ args: String...) throws -> ProcessResult {
      let result = try ProcessRunner.run(args[0], Array(args.dropFirst()), cwd: path)
      if !result.succeeded { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(args): \(result.stderrText)"]) }
      return result
    }
    func run(_ args: String...) throws -> CLITests.Run {
      let result = try ProcessRunner.run(CLITests.binary, ["--codemod", path + "/../codemod.json"] + args, cwd: path)
      return CLITests.Run(status: result.status, stdout: result.stdout, stderr: result.stderrText)
    }
    func read(_ relative: String) throws -> String { String(decoding: try AtomicWriter.readBytes(path + "/" + relative), as: UTF8.self) }
    func commits() throws -> Int { Int(try sh("git", "rev-list", "--count", "HEAD").stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
  }

  static let user = "from pkg.old import Thing\n\nprint(Thing)\n"
  static let old = "class Thing:\n    pass\n"

  // MARK: - Imports resolve

  @Test func importOfAMissingNameStopsThePhase() throws {
    let repo = try TinyRepo(["pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/new.py": "x = 1\n", "pkg/user.py": Self.user])
    let r = try repo.run("--phase", "2")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("pkg/user.py:1: import of Thing from pkg.new does not resolve: pkg.new has no Thing"), "\(r.stderr)")
    #expect(r.stderr.contains("nothing of this phase was written"))
    #expect(try repo.read("pkg/user.py") == Self.user)
    #expect(try repo.commits() == 1)

    // --no-resolve-check: a finding, and the phase goes on.
    let lenient = try repo.run("--phase", "2", "--no-resolve-check")
    #expect(lenient.status == 0, "\(lenient.stderr)")
    #expect(lenient.stderr.contains("[unresolved-import] import of Thing from pkg.new does not resolve: pkg.new has no Thing"))
    #expect(try repo.commits() == 2)
  }

  @Test func dryRunAndCheckReportTheGateAsFindings() throws {
    let repo = try TinyRepo(["pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/new.py": "x = 1\n", "pkg/user.py": Self.user])
    let dry = try repo.run("--phase", "2", "--dry-run")
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.stderr.contains("pkg/user.py:1:21: [unresolved-import]"), "\(dry.stderr)")
    let check = try repo.run("--phase", "2", "--check")
    #expect(check.status == 1)
    #expect(check.stderr.contains("[unresolved-import]"))
  }

  @Test func reExportThroughPackageInitIsAccepted() throws {
    let repo = try TinyRepo([
      "pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/user.py": Self.user,
      "pkg/new/__init__.py": "from pkg.new.impl import Thing\n\n__all__ = [\"Thing\"]\n",
      "pkg/new/impl.py": "class Thing:\n    pass\n",
    ])
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.read("pkg/user.py").hasPrefix("from pkg.new import Thing\n"))
    #expect(try repo.commits() == 2)
  }

  @Test func thirdPartyModulesAreNotJudged() throws {
    let codemod = GateTests.moveCodemod.replacingOccurrences(of: "pkg.new.Thing", with: "somelib.Thing")
    let repo = try TinyRepo(["pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/user.py": Self.user], codemod: codemod)
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
  }

  // MARK: - No new cycle

  @Test func newModuleLevelCycleStopsThePhaseWithTheChain() throws {
    let repo = try TinyRepo([
      "pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/user.py": Self.user,
      "pkg/new.py": "import pkg.user\n\nclass Thing:\n    pass\n",
    ])
    let r = try repo.run("--phase", "2", "--no-resolve-check")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("pkg.user (pkg/user.py:1) -> pkg.new (pkg/new.py:1) -> pkg.user"), "\(r.stderr)")
    #expect(try repo.read("pkg/user.py") == Self.user)
    #expect(try repo.commits() == 1)
  }

  @Test func sameImportInsideAFunctionIsAccepted() throws {
    let user = "def show():\n    from pkg.old import Thing\n    print(Thing)\n"
    let repo = try TinyRepo([
      "pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/user.py": user,
      "pkg/new.py": "import pkg.user\n\nclass Thing:\n    pass\n",
    ])
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.read("pkg/user.py").contains("    from pkg.new import Thing\n"))
    #expect(try repo.commits() == 2)
  }

  @Test func typeCheckingImportIsNotAnEdge() throws {
    let user = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg.old import Thing\n"
    let repo = try TinyRepo([
      "pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/user.py": user,
      "pkg/new.py": "import pkg.user\n\nclass Thing:\n    pass\n",
    ])
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.commits() == 2)
  }

  @Test func preExistingCycleDoesNotBlockThePhase() throws {
    // pkg.user -> pkg.a -> pkg.new -> pkg.user already is a cycle; the phase adds the edge
    // pkg.user -> pkg.new inside it.
    let repo = try TinyRepo([
      "pkg/__init__.py": "", "pkg/old.py": Self.old,
      "pkg/user.py": "import pkg.a\nfrom pkg.old import Thing\n\nprint(Thing)\n",
      "pkg/a.py": "import pkg.new\n",
      "pkg/new.py": "import pkg.user\n\nclass Thing:\n    pass\n",
    ])
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stderr.contains("new-import-cycle"))
    #expect(try repo.commits() == 2)
  }

  // MARK: - The user's gate

  @Test func failingGateRollsBackAndShowsItsOutput() throws {
    let repo = try TinyRepo(["pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/new.py": Self.old, "pkg/user.py": Self.user])
    let gate = "cat \"$SSOT_MIGRATE_CHANGED_FILES\"; echo \"phase $SSOT_MIGRATE_PHASE\"; for i in $(seq 1 60); do echo line$i; done; echo to-stderr >&2; exit 7"
    let r = try repo.run("--phase", "2", "--gate", gate)
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("exited with status 7"), "\(r.stderr)")
    #expect(r.stderr.contains("line60") && r.stderr.contains("to-stderr"))
    #expect(!r.stderr.contains("line20\n"), "more than the last 40 lines shown")
    #expect(r.stderr.contains("restored"))
    #expect(try repo.read("pkg/user.py") == Self.user)
    #expect(try repo.commits() == 1)
    #expect(try repo.sh("git", "status", "--porcelain").stdoutText.isEmpty)

    // The changed files and the phase number reach the command.
    let shown = try repo.run("--phase", "2", "--gate", "cat \"$SSOT_MIGRATE_CHANGED_FILES\"; echo \"phase $SSOT_MIGRATE_PHASE\"; exit 1")
    #expect(shown.stderr.contains("pkg/user.py"))
    #expect(shown.stderr.contains("phase 2"))
  }

  @Test func passingGateAndCodemodGateCommit() throws {
    let codemod = GateTests.moveCodemod.replacingOccurrences(of: "\"exclude\": []", with: "\"exclude\": [], \"gate\": \"grep -q pkg.new pkg/user.py\"")
    let repo = try TinyRepo(["pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/new.py": Self.old, "pkg/user.py": Self.user], codemod: codemod)
    let r = try repo.run("--phase", "2", "--gate", "python3 -c 'import pkg.user'")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.commits() == 2)
    #expect(try repo.read("pkg/user.py").hasPrefix("from pkg.new import Thing\n"))
  }

  @Test func failingCodemodGateStopsThePhase() throws {
    let codemod = GateTests.moveCodemod.replacingOccurrences(of: "\"exclude\": []", with: "\"exclude\": [], \"gate\": \"echo codemod-gate-says-no; false\"")
    let repo = try TinyRepo(["pkg/__init__.py": "", "pkg/old.py": Self.old, "pkg/new.py": Self.old, "pkg/user.py": Self.user], codemod: codemod)
    let r = try repo.run("--phase", "2")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("codemod-gate-says-no"))
    #expect(try repo.commits() == 1)
    #expect(try repo.read("pkg/user.py") == Self.user)
  }

  // MARK: - The sample repository

  @Test func sampleMigrationPassesEveryGate() throws {
    let repo = try CLITests.Repo()
    let initial = try repo.commits()
    let r = try repo.run("--all", "--gate", "python3 -c 'import netra_backend.app.websocket_core.websocket_manager'")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stderr.contains("unresolved-import") && !r.stderr.contains("new-import-cycle"))
    #expect(try repo.commits().count == initial.count + 3)
  }

  @Test func sampleMigrationPassesItsTests() throws {
    let repo = try CLITests.Repo()
    let initial = try repo.commits()
    let r = try repo.run("--all", "--gate", "python3 -m pytest -x -q -p no:cacheprovider")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.commits().count == initial.count + 3)
  }
}
