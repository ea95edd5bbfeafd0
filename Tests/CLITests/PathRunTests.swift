import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// PATH arguments restrict what a run reports and writes, never what it knows (issue 21): for
/// every file, a run given that file shows the full run's diff and findings for it, and an
/// apply writes and commits only the given files.
@Suite(.serialized) struct PathRunTests {
  /// Every mode a pre-commit hook or a user might restrict to files: each phase alone, the
  /// whole migration, and `--check` (every phase).
  static let modes: [[String]] = [
    ["--phase", "1", "--dry-run"], ["--phase", "2", "--dry-run"], ["--phase", "3", "--dry-run"], ["--phase", "4", "--dry-run"],
    ["--phase", "5", "--dry-run"], ["--all", "--dry-run"], ["--check"],
  ]

  /// The binary with `arguments` in the repository at `path`.
  static func run(_ arguments: [String], codemod: String, in path: String) throws -> CLITests.Run {
    let result = try ProcessRunner.run(CLITests.binary, ["--codemod", codemod] + arguments, cwd: path)
    return CLITests.Run(status: result.status, stdout: result.stdout, stderr: result.stderrText)
  }

  /// Lines split at `\n` bytes: a CRLF file's diff lines end in `\r`, and `String` would keep
  /// `\r\n` as one character and never split there.
  static func lines(_ bytes: [UInt8]) -> [String] {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast(bytes.last == UInt8(ascii: "\n") ? 1 : 0)
      .map { String(decoding: $0, as: UTF8.self) }
  }

  /// The unified diff of `path` in a dry run's stdout (empty when the run does not change it).
  static func diff(of path: String, in run: CLITests.Run) -> String {
    var chunks: [String: String] = [:]
    var current: String? = nil
    for line in lines(run.stdout) {
      if line.hasPrefix("--- a/") { current = String(line.dropFirst(6)) }
      if let current { chunks[current, default: ""] += line + "\n" }
    }
    return chunks[path] ?? ""
  }

  /// The diffs' file names, in order.
  static func diffedFiles(_ run: CLITests.Run) -> [String] {
    lines(run.stdout).filter { $0.hasPrefix("--- a/") }.map { String($0.dropFirst(6)) }
  }

  /// The finding lines of `path` (`path:line:col: [rule] message`), in the order printed.
  static func findings(of path: String, in run: CLITests.Run) -> [String] {
    lines(Array(run.stderr.utf8)).filter { $0.hasPrefix(path + ":") && $0.contains(": [") }
  }

  /// Runs every mode over the whole repository once and over each of `files` alone, and
  /// compares each file's diff and findings. `run` runs the binary in the repository.
  static func expectPathRunsMatchTheFullRun(files: [String], _ run: ([String]) throws -> CLITests.Run) throws {
    let migration = try run(["--all", "--dry-run"])
    for mode in modes {
      let full = try run(mode)
      #expect(full.status == 0 || full.status == 1, "\(mode): \(full.stderr)")
      for file in files {
        let one = try run(mode + [file])
        let what = "\(mode.joined(separator: " ")) \(file)"
        #expect(one.status == 0 || one.status == 1, "\(what): \(one.stderr)")
        #expect(diff(of: file, in: one) == diff(of: file, in: full), "\(what): the diff differs from the full run's")
        #expect(findings(of: file, in: one) == findings(of: file, in: full), "\(what): the findings differ from the full run's")
        #expect(diffedFiles(one).allSatisfy { $0 == file }, "\(what) diffs other files: \(diffedFiles(one))")
        // A PATH run checks only the given file: it is pending exactly when the full
        // migration changes it.
        if mode == ["--check"] {
          #expect((one.status == 1) == !diff(of: file, in: migration).isEmpty, "\(what): exit \(one.status)")
        }
      }
    }
  }

  // MARK: - The same results as the full run

  @Test func everyFileOfTheSampleRepoAloneMatchesTheFullRun() throws {
    let repo = try CLITests.Repo()
    let files = try repo.sh("git", "ls-files", "*.py").stdoutText.split(separator: "\n").map(String.init)
    #expect(files.count > 15)
    try Self.expectPathRunsMatchTheFullRun(files: files) { arguments in try Self.run(arguments, codemod: repo.codemodPath, in: repo.path) }
  }

  /// The issue's case: `agent_handler.py` keeps the factory import that another module imports
  /// from it, also when it is the only file given.
  @Test func aKeptImportIsKeptWhenOnlyItsFileIsGiven() throws {
    let repo = try CLITests.Repo()
    let file = "netra_backend/app/services/agent_handler.py"
    let full = try repo.run("--phase", "2", "--dry-run")
    let r = try repo.run("--phase", "2", "--dry-run", file)
    #expect(r.status == 0, "\(r.stderr)")
    let kept = Self.findings(of: file, in: r).filter { $0.contains("[kept-import] create_websocket_manager is still imported from here by ") }
    #expect(!kept.isEmpty, "\(r.stderr)")
    #expect(kept == Self.findings(of: file, in: full).filter { $0.contains("[kept-import]") })
    #expect(!r.out.contains("-from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager"), "\(r.out)")
    #expect(r.stderr.contains("phase 2 factory-to-constructor: 1 file in phase, 1 lexed, 1 changed"), "counts are the given file's: \(r.stderr)")
  }

  @Test func aDirectoryReportsTheFilesUnderIt() throws {
    let repo = try CLITests.Repo()
    let full = try repo.run("--all", "--dry-run")
    // The tests patch and import modules outside the directory.
    let tests = try repo.run("--all", "--dry-run", "tests")
    #expect(tests.status == 0, "\(tests.stderr)")
    let expected = Self.diffedFiles(full).filter { $0.hasPrefix("tests/") }
    #expect(!expected.isEmpty)
    #expect(Self.diffedFiles(tests) == expected)
    let files = try repo.sh("git", "ls-files", "tests").stdoutText.split(separator: "\n").map(String.init)
    for file in files {
      #expect(Self.diff(of: file, in: tests) == Self.diff(of: file, in: full), "\(file)")
      #expect(Self.findings(of: file, in: tests) == Self.findings(of: file, in: full), "\(file)")
    }
    let foreign = Self.lines(Array(tests.stderr.utf8)).filter { $0.contains(": [") && !$0.hasPrefix("tests/") }
    #expect(foreign.isEmpty, "only findings in tests/: \(foreign)")
  }

  /// Modules that import from and re-export each other (factory functions, the legacy manager
  /// class, helpers), and tests that import and patch through them: kept imports, re-exports
  /// and patch targets all cross files.
  static func generatedModules(seed: UInt64, modules: Int, tests: Int) -> [String: String] {
    var rng = SeededGenerator(seed: seed)
    let core = "netra_backend.app.websocket_core"
    var files: [String: String] = ["netra_backend/app/gen/__init__.py": ""]
    var bindsFactory: [Int] = []
    var bindsManager: [Int] = []
    // `choice` 0: module `i` does not import `name`; 1: from `module`; 2: from an earlier
    // generated module that binds it (a re-export chain).
    func bind(_ name: String, from module: String, _ choice: Int, _ binders: inout [Int], _ imports: inout [String]) -> Bool {
      guard choice != 0 else { return false }
      let through = choice == 2 ? binders.randomElement(using: &rng).map { "netra_backend.app.gen.m\($0)" } : nil
      imports.append("from \(through ?? module) import \(name)")
      return true
    }
    for i in 0..<modules {
      var imports: [String] = []
      var body: [String] = []
      // Module 0 calls the factory and test 0 imports it from there: one kept import at least.
      let factory = i == 0 ? 1 : Int.random(in: 0..<3, using: &rng)
      if bind("create_websocket_manager", from: "\(core).websocket_manager_factory", factory, &bindsFactory, &imports) {
        bindsFactory.append(i)
        if i == 0 || Bool.random(using: &rng) { body += ["async def make_\(i)(ctx):", "    return await create_websocket_manager(ctx)", "", ""] }
      }
      if bind("UnifiedWebSocketManager", from: "\(core).unified_manager", Int.random(in: 0..<3, using: &rng), &bindsManager, &imports) {
        bindsManager.append(i)
        if Bool.random(using: &rng) { body += ["MANAGER_\(i) = UnifiedWebSocketManager", "", ""] }
      }
      var helper = "    return \(i)"
      if i > 0 && Bool.random(using: &rng) {
        let j = Int.random(in: 0..<i, using: &rng)
        imports.append("from netra_backend.app.gen.m\(j) import helper_\(j)")
        helper = "    return helper_\(j)() + \(i)"
      }
      body += ["def helper_\(i)():", helper]
      files["netra_backend/app/gen/m\(i).py"] = (imports + ["", ""] + body).joined(separator: "\n") + "\n"
    }
    for k in 0..<tests {
      var imports = ["from unittest import mock", ""]
      var body: [String] = []
      if let i = k == 0 ? 0 : bindsFactory.randomElement(using: &rng) {
        imports.append("from netra_backend.app.gen.m\(i) import create_websocket_manager")
        body += [
          "async def test_factory_\(k)():", "    with mock.patch(\"netra_backend.app.gen.m\(i).create_websocket_manager\"):",
          "        manager = await create_websocket_manager({\"user\": \(k)})", "    assert manager is not None", "", "",
        ]
      }
      if let i = bindsManager.randomElement(using: &rng) {
        imports.append("from netra_backend.app.gen.m\(i) import UnifiedWebSocketManager")
        body += ["def test_manager_\(k)():", "    assert UnifiedWebSocketManager is not None", "", ""]
      }
      files["tests/unit/test_gen_\(k).py"] = (imports + ["", ""] + body).joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
    }
    return files
  }

  @Test(arguments: [UInt64(21)])
  func everyFileOfAGeneratedRepoAloneMatchesTheFullRun(seed: UInt64) throws {
    var files = Self.generatedModules(seed: seed, modules: 10, tests: 4)
    let sample = CLITests.packageRoot + "/golden-files/sample-repo/"
    for path in [
      "netra_backend/__init__.py", "netra_backend/app/__init__.py", "netra_backend/app/core/__init__.py",
      "netra_backend/app/core/interfaces_websocket.py",
    ] + (try FileManager.default.contentsOfDirectory(atPath: sample + "netra_backend/app/websocket_core")).map({ "netra_backend/app/websocket_core/" + $0 }) {
      files[path] = try String(contentsOfFile: sample + path, encoding: .utf8)
    }
    let repo = try GateTests.TinyRepo(files, codemod: CLITests.codemod)
    let changed = try repo.run("--all", "--dry-run")
    #expect(Self.diffedFiles(changed).count > 5, "the generated repo has work for every phase: \(changed.stderr)")
    #expect(changed.stderr.contains("[kept-import]"), "\(changed.stderr)")
    try Self.expectPathRunsMatchTheFullRun(files: files.keys.sorted()) { arguments in
      try Self.run(arguments, codemod: repo.path + "/../codemod.json", in: repo.path)
    }
  }

  // MARK: - Apply writes only the given files

  @Test func applyWritesAndCommitsOnlyTheGivenFileWithTheFullRunsBytes() throws {
    let file = "netra_backend/app/services/agent_handler.py"
    let full = try CLITests.Repo()
    #expect(try full.run("--all").status == 0)
    let repo = try CLITests.Repo()
    let before = try repo.snapshot()
    let initial = try repo.commits()
    let r = try repo.run("--all", file)
    #expect(r.status == 0, "\(r.stderr)")
    let commits = try repo.commits()
    #expect(commits.count > initial.count, "\(r.stderr)")
    for commit in commits.dropLast(initial.count) {
      let touched = try repo.sh("git", "show", "--name-only", "--format=", commit).stdoutText.split(separator: "\n")
      #expect(touched == [Substring(file)], "\(commit): \(touched)")
    }
    #expect(try repo.read(file) == full.read(file), "the file ends as the full migration leaves it")
    var after = try repo.snapshot()
    #expect(after.removeValue(forKey: file) != before[file])
    var unchanged = before
    unchanged[file] = nil
    #expect(after == unchanged, "no other file was written")
    #expect(try repo.sh("git", "status", "--porcelain").stdoutText.isEmpty)
  }

  @Test func anInteractiveReviewOfTheGivenFileAcceptingAllWritesWhatTheRunWithoutReviewWrites() throws {
    let file = "netra_backend/app/services/agent_handler.py"
    let plain = try CLITests.Repo()
    #expect(try plain.run("--all", file).status == 0)
    let repo = try CLITests.Repo()
    let answers = repo.path + "/../answers.txt"
    try Array(String(repeating: "a\n", count: 20).utf8).write(to: answers)
    let r = try repo.run("--all", "--interactive", "--answers", answers, file)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.read(file) == plain.read(file))
    let initial = try #require(try repo.commits().last)
    #expect(try repo.sh("git", "diff", "--name-only", initial, "HEAD").stdoutText == file + "\n")
  }

  // MARK: - The gate judges the tree the run writes

  /// `ReexportTests`' repository: the whole phase rewrites `direct.py`'s calls through `hub.py`'s
  /// re-export of the factory, and `hub.py`'s import then goes with its last user. A run given
  /// only `hub.py` would leave `direct.py` importing a name `hub.py` no longer binds.
  @Test func anEditThatBreaksAnImportOutsideThePathsStopsThePhase() throws {
    let repo = try GateTests.TinyRepo(ReexportTests.files, codemod: ReexportTests.codemod)
    let broken = "pkg/direct.py:1: import of create_manager from pkg.hub does not resolve after this phase: its edit of pkg/hub.py leaves pkg.hub without create_manager"

    let dry = try repo.run("--phase", "2", "--dry-run", "pkg/hub.py")
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.stderr.contains("pkg/direct.py:1:21: [unresolved-import]"), "\(dry.stderr)")
    #expect(Self.diffedFiles(dry) == ["pkg/hub.py"])

    let r = try repo.run("--phase", "2", "pkg/hub.py")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains(broken), "\(r.stderr)")
    #expect(r.stderr.contains("phase 2 calls: stopped by the import gate"), "\(r.stderr)")
    #expect(try repo.read("pkg/hub.py") == ReexportTests.files["pkg/hub.py"])
    #expect(try repo.commits() == 1)

    // Given both files, the run writes what the full run writes.
    let both = try repo.run("--phase", "2", "pkg/hub.py", "pkg/direct.py")
    #expect(both.status == 0, "\(both.stderr)")
    #expect(try repo.read("pkg/direct.py").hasPrefix("from pkg.manager import Manager\n"))
    #expect(try repo.read("pkg/hub.py").hasPrefix("from pkg.manager import Manager\n"))
  }

  /// The whole phase moves `user.py` off `pkg.old` and then deletes it; a run given only
  /// `pkg/old.py` would delete a module `user.py` still imports.
  @Test func deletingAModuleAFileOutsideThePathsImportsStopsThePhase() throws {
    let codemod = #"""
      {"schema": "ssot-migrate/codemod/v1", "name": "path-delete", "roots": [""],
       "phases": [{"number": 2, "name": "retire", "include": ["**/*.py"], "exclude": [],
         "transforms": [{"kind": "move-import", "id": "mv", "moves": [{"from": "pkg.old.Thing", "to": "pkg.new.Thing"}]},
                        {"kind": "remove-module", "id": "rm", "module": "pkg.old"}]}]}
      """#
    let thing = "class Thing:\n    pass\n"
    let repo = try GateTests.TinyRepo(
      ["pkg/__init__.py": "", "pkg/old.py": thing, "pkg/new.py": thing, "pkg/user.py": "from pkg.old import Thing\n\nprint(Thing)\n"], codemod: codemod)
    let r = try repo.run("--phase", "2", "pkg/old.py")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("pkg/user.py:1: import of Thing from pkg.old does not resolve after this phase: it deletes pkg/old.py"), "\(r.stderr)")
    #expect(try repo.read("pkg/old.py") == thing)
    #expect(try repo.commits() == 1)
    let whole = try repo.run("--phase", "2")
    #expect(whole.status == 0, "\(whole.stderr)")
    #expect(try repo.read("pkg/user.py").hasPrefix("from pkg.new import Thing\n"))
  }

  // MARK: - Reports

  @Test func discoverListsOnlyTheGivenFiles() throws {
    let repo = try CLITests.Repo()
    let file = "netra_backend/app/core/interfaces_websocket.py"
    let r = try repo.run("discover", "--format", "json", file)
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any]
    let discovery = try #require(object?["discovery"] as? [String: Any])
    let duplicates = try #require(discovery["duplicates"] as? [[String: Any]])
    let group = try #require(duplicates.first { $0["name"] as? String == "WebSocketManagerProtocol" })
    #expect(group["duplicated"] as? Bool == true, "the canonical definition outside the PATH still counts")
    let definitions = try #require(group["definitions"] as? [[String: Any]])
    #expect(definitions.map { $0["path"] as? String } == [file])
    #expect(((group["comparisons"] as? [[String: Any]])?.first?["missing"] as? [String]) == ["broadcast"])
    for site in ((discovery["calls"] as? [String: Any])?["rewritable"] as? [[String: Any]]) ?? [] {
      #expect(site["path"] as? String == file)
    }
  }

  @Test func verifyJudgesTheGivenFilesAsTheFullVerifyDoes() throws {
    let repo = try CLITests.Repo()
    let file = "netra_backend/app/services/agent_handler.py"
    let full = try repo.run("verify")
    #expect(full.status == 1)
    let canonical = try repo.run("verify", "netra_backend/app/websocket_core/protocols.py")
    #expect(canonical.status == 0, "\(canonical.stderr)")
    let pending = try repo.run("verify", file)
    #expect(pending.status == 1)
    let lines = { (run: CLITests.Run) in run.stderr.split(separator: "\n").filter { $0.contains(file + ": ") } }
    #expect(!lines(pending).isEmpty, "\(pending.stderr)")
    #expect(lines(pending) == lines(full), "the same pending edits as the full verify finds in the file")
    #expect(!pending.stderr.contains("netra_backend/app/routes/"), "\(pending.stderr)")
  }
}
