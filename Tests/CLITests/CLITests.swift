import Foundation
import Testing

@testable import SSOTMigrate

/// Runs the BUILT `ssot-migrate` binary on temporary copies of golden-files/sample-repo.
///
/// Most tests pass the built-in codemod's source file with `--codemod`; one checks that the
/// embedded copy (no `--codemod`) behaves the same.
@Suite(.serialized) struct CLITests {
  // MARK: - Fixtures

  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// `.build/<config>/ssot-migrate`, next to the test bundle.
  static let binary: String = {
    var candidates: [String] = []
    if let first = CommandLine.arguments.first {
      var url = URL(fileURLWithPath: first)
      // .../debug/ssot-migratePackageTests.xctest (a file on Linux, a bundle dir on macOS)
      while url.pathComponents.count > 1 {
        url.deleteLastPathComponent()
        candidates.append(url.appendingPathComponent("ssot-migrate").path)
        if url.lastPathComponent == "debug" || url.lastPathComponent == "release" { break }
      }
    }
    candidates.append(packageRoot + "/.build/debug/ssot-migrate")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
  }()

  /// The built-in codemod's source file, written into each temp dir (tests that break it on
  /// purpose edit their copy); `builtinCodemodIsTheDefault` checks the binary's embedded copy
  /// gives the same result.
  static let codemod: String = {
    (try? String(contentsOfFile: packageRoot + "/codemods/websocket-ssot.json", encoding: .utf8)) ?? ""
  }()

  struct Run {
    let status: Int32
    let stdout: [UInt8]
    let stderr: String
    var out: String { String(decoding: stdout, as: UTF8.self) }
  }

  final class Repo {
    let path: String
    init(git: Bool = true) throws {
      var template = Array("\(NSTemporaryDirectory())/ssot-cli-XXXXXX".utf8CString)
      guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
      path = String(cString: made) + "/repo"
      try FileManager.default.copyItem(atPath: CLITests.packageRoot + "/golden-files/sample-repo", toPath: path)
      try Array(CLITests.codemod.utf8).write(to: path + "/../codemod.json")
      if git {
        try sh("git", "init", "-q")
        try sh("git", "config", "user.name", "Test")
        try sh("git", "config", "user.email", "test@example.com")
        try sh("git", "config", "commit.gpgsign", "false")
        try sh("git", "add", "-A")
        try sh("git", "commit", "-q", "-m", "initial")
      }
    }
    deinit {
      _ = try? ProcessRunner.run("chmod", ["-R", "u+rwx", path + "/.."], cwd: nil)
      try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
    var codemodPath: String { (path as NSString).deletingLastPathComponent + "/codemod.json" }

    @discardableResult
    func sh(_ args: String..., stdin: [UInt8]? = nil) throws -> ProcessResult {
      let result = try ProcessRunner.run(args[0], Array(args.dropFirst()), cwd: path, stdin: stdin)
      if !result.succeeded { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(args): \(result.stderrText)"]) }
      return result
    }

    func run(_ args: String..., codemod: Bool = true, env: [String: String] = [:]) throws -> Run {
      var environment = ProcessInfo.processInfo.environment
      for (k, v) in env { environment[k] = v }
      let all = (codemod ? ["--codemod", codemodPath] : []) + args
      let result = try ProcessRunner.run(CLITests.binary, all, cwd: path, environment: environment)
      return Run(status: result.status, stdout: result.stdout, stderr: result.stderrText)
    }

    func read(_ relative: String) throws -> [UInt8] { try AtomicWriter.readBytes(path + "/" + relative) }
    func commits() throws -> [String] {
      try sh("git", "log", "--format=%H").stdoutText.split(separator: "\n").map(String.init)
    }
    func snapshot() throws -> [String: [UInt8]] {
      var out: [String: [UInt8]] = [:]
      let e = FileManager.default.enumerator(atPath: path)!
      while let p = e.nextObject() as? String {
        if p.hasPrefix(".git") { continue }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path + "/" + p, isDirectory: &isDir), !isDir.boolValue { out[p] = try read(p) }
      }
      return out
    }
  }

  // MARK: - Usage

  @Test func helpExitsZero() throws {
    let repo = try Repo(git: false)
    let r = try repo.run("--help", codemod: false)
    #expect(r.status == 0)
    #expect(r.out.contains("USAGE"))
    #expect(try repo.run("--version", codemod: false).out == "0.1.0\n")
  }

  @Test func unknownOptionExitsTwo() throws {
    let repo = try Repo(git: false)
    let r = try repo.run("--phase", "2", "--frobnicate")
    #expect(r.status == 2)
    #expect(r.stderr.contains("--frobnicate"))
  }

  @Test func builtinCodemodIsTheDefault() throws {
    let repo = try Repo(git: false)
    let embedded = try repo.run("--all", "--dry-run", codemod: false)
    let file = try repo.run("--all", "--dry-run")
    #expect(embedded.status == 0)
    #expect(!embedded.stdout.isEmpty)
    #expect(embedded.stdout == file.stdout)
  }

  @Test func badCodemodNamesKeyPath() throws {
    let repo = try Repo(git: false)
    var text = CLITests.codemod
    text = text.replacingOccurrences(of: "\"include\"", with: "\"includes\"")
    try Array(text.utf8).write(to: repo.codemodPath)
    let r = try repo.run("--phase", "2", "--dry-run")
    #expect(r.status == 2)
    #expect(r.stderr.contains("codemod.json"))
    #expect(r.stderr.contains("phases[0]"))
  }

  @Test func listShowsPhasesAndTransforms() throws {
    let repo = try Repo(git: false)
    let r = try repo.run("list")
    #expect(r.status == 0)
    #expect(r.out.contains("phase 2 factory-to-constructor"))
    #expect(r.out.contains("replace-call factory-call"))
  }

  // MARK: - Dry run

  @Test func dryRunDiffAppliesWithGitAndPatch() throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    let r = try repo.run("--phase", "2", "--dry-run")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.out.hasPrefix("--- a/"))
    #expect(r.stderr.contains("phase 2 factory-to-constructor:"))
    #expect(r.stderr.contains("[unsupported-argument]"))
    #expect(try repo.snapshot() == before, "--dry-run wrote files")
    try Array(r.stdout).write(to: repo.path + "/../phase2.patch")
    try repo.sh("git", "apply", "--check", "../phase2.patch")
    let patch = try ProcessRunner.run("patch", ["-p1", "--dry-run", "-i", "../phase2.patch"], cwd: repo.path)
    #expect(patch.succeeded, "\(patch.stdoutText)\(patch.stderrText)")
  }

  // MARK: - Apply

  @Test func allMakesOneCommitPerPhaseWithTrailer() throws {
    let repo = try Repo()
    let initial = try repo.commits()
    let r = try repo.run("--all")
    #expect(r.status == 0, "\(r.stderr)")
    let commits = try repo.commits()
    #expect(commits.count == initial.count + 3)
    for (offset, n) in [4, 3, 2].enumerated() {
      let message = try repo.sh("git", "log", "-1", "--format=%B", commits[offset]).stdoutText
      #expect(message.hasPrefix("ssot-migrate: phase \(n) "), "\(message)")
      #expect(message.contains("SSOT-Migrate-Phase: \(n)\n"))
      #expect(message.range(of: #"\(\d+ files?, \d+ edits?\)"#, options: .regularExpression) != nil)
    }
    #expect(try repo.sh("git", "status", "--porcelain").stdoutText.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/ssot-migrate-journal"))

    // A second --all finds nothing and commits nothing.
    let again = try repo.run("--all")
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try repo.commits() == commits)
    let check = try repo.run("--check")
    #expect(check.status == 0, "\(check.stderr)")
    let verify = try repo.run("verify")
    #expect(verify.status == 0, "\(verify.stderr)")
    #expect(verify.stderr.contains("PASS"))
  }

  @Test func checkAndVerifyFailBeforeMigration() throws {
    let repo = try Repo()
    #expect(try repo.run("--check").status == 1)
    let verify = try repo.run("verify")
    #expect(verify.status == 1)
    #expect(verify.stderr.contains("FAIL"))
  }

  @Test func readOnlyFileRollsBackThePhase() throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    let head = try repo.commits()
    // legacy_bridge.py and notifications.py both change in phase 2; the later one is read-only.
    try repo.sh("chmod", "0444", "netra_backend/app/services/notifications.py")
    let r = try repo.run("--phase", "2")
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("read-only"))
    #expect(r.stderr.contains("restored"))
    #expect(try repo.snapshot() == before)
    #expect(try repo.commits() == head)
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/ssot-migrate-journal"))
  }

  @Test func dirtyTreeIsRefused() throws {
    let repo = try Repo()
    try Array("# local edit\n".utf8).write(to: repo.path + "/netra_backend/app/routes/agents.py", append: true)
    let r = try repo.run("--phase", "2")
    #expect(r.status == 2)
    #expect(r.stderr.contains("netra_backend/app/routes/agents.py"))
    #expect(r.stderr.contains("--allow-dirty"))
    let allowed = try repo.run("--phase", "2", "--allow-dirty", "--no-commit")
    #expect(allowed.status == 0, "\(allowed.stderr)")
  }

  @Test func outsideGitWritesWithoutCommit() throws {
    let repo = try Repo(git: false)
    let before = try repo.snapshot()
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("not in a git repository"))
    #expect(try repo.snapshot() != before)
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.ssot-migrate-journal"))
    #expect(try repo.run("--phase", "2", "--check").status == 0)
  }

  @Test func leftoverJournalIsExplainedAndRestored() throws {
    let repo = try Repo()
    let before = try repo.snapshot()
    // Simulate a phase killed after its first write: the journal and backup exist, one file is new.
    let file = "netra_backend/app/services/notifications.py"
    try FileManager.default.createDirectory(atPath: repo.path + "/.git/ssot-migrate-backup/netra_backend/app/services", withIntermediateDirectories: true)
    try repo.read(file).write(to: repo.path + "/.git/ssot-migrate-backup/" + file)
    let journal = #"{"schema": "ssot-migrate/journal/v1", "phase": 2, "name": "factory-to-constructor", "head": null, "files": ["\#(file)"]}"#
    try Array(journal.utf8).write(to: repo.path + "/.git/ssot-migrate-journal")
    try Array("half written\n".utf8).write(to: repo.path + "/" + file)
    let r = try repo.run("--phase", "2")
    #expect(r.status == 2)
    #expect(r.stderr.contains("ssot-migrate --restore"))
    #expect(r.stderr.contains(file))
    let restore = try repo.run("--restore", codemod: false)
    #expect(restore.status == 0, "\(restore.stderr)")
    #expect(try repo.snapshot() == before)
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/ssot-migrate-journal"))
  }

  @Test func pathOutsideRootExitsTwo() throws {
    let repo = try Repo(git: false)
    let r = try repo.run("--phase", "2", "--dry-run", "/tmp")
    #expect(r.status == 2)
    #expect(r.stderr.contains("outside the root"))
  }

  // MARK: - Formats

  @Test func checkJSONAndSARIF() throws {
    let repo = try Repo()
    let json = try repo.run("--check", "--format", "json")
    #expect(json.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any]
    #expect(object?["schema"] as? String == "ssot-migrate/report/v1")
    #expect((object?["phases"] as? [Any])?.isEmpty == false)
    #expect((object?["summary"] as? [String: Any])?["pending"] as? Bool == true)
    let finding = (object?["findings"] as? [[String: Any]])?.first
    for key in ["path", "line", "column", "rule", "message"] { #expect(finding?[key] != nil) }

    let sarif = try repo.run("--check", "--format", "sarif")
    let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout)) as? [String: Any]
    #expect(log?["version"] as? String == "2.1.0")
    let run = (log?["runs"] as? [[String: Any]])?.first
    #expect(((run?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["name"] as? String == "ssot-migrate")
    #expect((run?["results"] as? [Any])?.isEmpty == false)

    let github = try repo.run("--check", "--format", "github")
    #expect(github.out.contains("::warning file="))
  }

  // MARK: - Discover and user experience

  @Test func discoverJSONHasTheDiscoverySection() throws {
    let repo = try Repo()
    let r = try repo.run("discover", "--format", "json")
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any]
    #expect(object?["schema"] as? String == "ssot-migrate/report/v1")
    let discovery = try #require(object?["discovery"] as? [String: Any])
    for key in ["duplicates", "calls", "nonCanonicalImports", "keptImports", "stalePatchTargets", "directories", "phases", "summary"] {
      #expect(discovery[key] != nil, "discovery.\(key)")
    }
    let duplicates = try #require(discovery["duplicates"] as? [[String: Any]])
    let protocolGroup = try #require(duplicates.first { $0["name"] as? String == "WebSocketManagerProtocol" })
    #expect(protocolGroup["duplicated"] as? Bool == true)
    let definition = try #require((protocolGroup["definitions"] as? [[String: Any]])?.first)
    for key in ["path", "line", "module", "kind", "canonical"] { #expect(definition[key] != nil, "definitions[].\(key)") }
    let comparison = try #require((protocolGroup["comparisons"] as? [[String: Any]])?.first)
    #expect(comparison["missing"] as? [String] == ["broadcast"])
    #expect(comparison["extra"] as? [String] == [])
    let calls = try #require(discovery["calls"] as? [String: Any])
    let rewritable = try #require(calls["rewritable"] as? [[String: Any]])
    #expect(!rewritable.isEmpty)
    for key in ["path", "line", "phase", "transform"] { #expect(rewritable.first?[key] != nil, "calls.rewritable[].\(key)") }
    let manual = try #require(calls["manualReview"] as? [[String: Any]])
    #expect(manual.contains { $0["rule"] as? String == "unsupported-argument" })
    let imports = try #require(discovery["nonCanonicalImports"] as? [[String: Any]])
    #expect(imports.contains { $0["module"] as? String == "netra_backend.app.websocket_core.manager" })
    #expect((discovery["keptImports"] as? [String: Any])?["count"] as? Int == 1)
    let summary = try #require(discovery["summary"] as? [String: Any])
    #expect(summary["duplicatedNames"] as? Int == 2)
    #expect(summary["rewritableCalls"] as? Int == rewritable.count)
  }

  @Test func discoverReportsImportCyclesThatAlreadyExist() throws {
    let repo = try Repo(git: false)
    try Array("from netra_backend.app import cycle_b\n".utf8).write(to: repo.path + "/netra_backend/app/cycle_a.py")
    try Array("import netra_backend.app.cycle_a\n\n\ndef f():\n    from netra_backend.app import cycle_c\n".utf8).write(to: repo.path + "/netra_backend/app/cycle_b.py")
    try Array("from netra_backend.app import cycle_b  # inside a function above: no cycle\n".utf8).write(to: repo.path + "/netra_backend/app/cycle_c.py")
    let text = try repo.run("discover")
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stderr.contains("== import cycles already present: 1"), "\(text.stderr)")
    #expect(text.stderr.contains("netra_backend.app.cycle_a (netra_backend/app/cycle_a.py:1) -> netra_backend.app.cycle_b (netra_backend/app/cycle_b.py:1) -> netra_backend.app.cycle_a"), "\(text.stderr)")
    let json = try repo.run("discover", "--format", "json")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any]
    let cycles = (object?["discovery"] as? [String: Any])?["importCycles"] as? [String]
    #expect(cycles?.count == 1)
  }

  @Test func discoverMarkdownGoesToStdoutAndTextToStderr() throws {
    let repo = try Repo()
    let md = try repo.run("discover", "--format", "markdown")
    #expect(md.status == 0, "\(md.stderr)")
    #expect(md.out.hasPrefix("# SSOT migration report: websocket-ssot\n"))
    #expect(md.out.contains("## Duplicate definitions"))
    #expect(md.out.contains("`netra_backend/app/core/interfaces_websocket.py:35`"))
    #expect(!md.stderr.contains("== duplicate definitions"), "the Markdown is not repeated on stderr")

    let text = try repo.run("discover")
    #expect(text.out.isEmpty)
    #expect(text.stderr.contains("== duplicate definitions: 2 names defined in more than one module"))
    #expect(text.stderr.contains("missing=1, extra=0"))
    #expect(text.stderr.contains("== non-canonical imports:"))
    #expect(text.stderr.contains("== kept imports: 1"))

    // --phase 1 is discover too; markdown for a rewrite phase is a usage error.
    let phase1 = try repo.run("--phase", "1", "--format", "markdown")
    #expect(phase1.status == 0, "\(phase1.stderr)")
    #expect(phase1.out.hasPrefix("# SSOT migration report"))
    #expect(try repo.run("--phase", "2", "--format", "markdown").status == 2)
  }

  @Test func diffColorsOnlyWhenAskedOrOnATerminal() throws {
    let repo = try Repo()
    let escape = "\u{1B}["
    let piped = try repo.run("--phase", "2", "--dry-run")
    #expect(piped.out.hasPrefix("--- a/"))
    #expect(!piped.out.contains(escape), "not a terminal: plain")
    let never = try repo.run("--phase", "2", "--dry-run", "--color", "never")
    #expect(!never.out.contains(escape))
    #expect(never.stdout == piped.stdout)
    let noColor = try repo.run("--phase", "2", "--dry-run", env: ["NO_COLOR": "1"])
    #expect(!noColor.out.contains(escape))
    let always = try repo.run("--phase", "2", "--dry-run", "--color", "always", env: ["NO_COLOR": "1"])
    #expect(always.out.hasPrefix("\u{1B}[1m--- a/"))
    #expect(always.out.contains("\u{1B}[36m@@ "))
    #expect(always.out.contains("\u{1B}[31m-"))
    #expect(always.out.contains("\u{1B}[32m+"))
    #expect(always.out.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == piped.out)
    // A real terminal (script(1) gives one) colors unless NO_COLOR is set.
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
      let command = "\(CLITests.binary) --codemod \(repo.codemodPath) --phase 2 --dry-run"
      var environment = ProcessInfo.processInfo.environment
      environment["NO_COLOR"] = nil
      let tty = try ProcessRunner.run("/usr/bin/script", ["-qc", command, "/dev/null"], cwd: repo.path, environment: environment)
      #expect(tty.stdoutText.contains("\u{1B}[31m-"), "\(tty.stdoutText.prefix(300)) \(tty.stderrText)")
      environment["NO_COLOR"] = "1"
      let ttyNoColor = try ProcessRunner.run("/usr/bin/script", ["-qc", command, "/dev/null"], cwd: repo.path, environment: environment)
      #expect(!ttyNoColor.stdoutText.contains("\u{1B}[3"))
    }
  }

  @Test func timingsGoToStderrAndLeaveTheDiffAlone() throws {
    let repo = try Repo()
    let plain = try repo.run("--all", "--dry-run")
    let timed = try repo.run("--all", "--dry-run", "--timings")
    #expect(timed.status == plain.status)
    #expect(timed.stdout == plain.stdout)
    let lines = timed.stderr.split(separator: "\n").filter { $0.hasPrefix("timing: ") }
    #expect(lines.contains { $0.hasPrefix("timing: repository index") })
    #expect(lines.contains { $0.hasPrefix("timing: phase 2") })
    #expect(lines.contains { $0.hasPrefix("timing: diff") })
    #expect(lines.last?.hasPrefix("timing: total") == true)
    #expect(!plain.stderr.contains("timing: "))
  }

  @Test func quietKeepsFindingsAndDropsTheSummary() throws {
    let repo = try Repo()
    let loud = try repo.run("--phase", "2", "--check")
    #expect(loud.stderr.contains("phase 2 "))
    let quiet = try repo.run("--phase", "2", "--check", "--quiet")
    #expect(quiet.status == loud.status)
    #expect(!quiet.stderr.contains("phase 2 "))
    #expect(quiet.stderr.contains("[unsupported-argument]"))
  }
}

extension Array where Element == UInt8 {
  func write(to path: String, append: Bool = false) throws {
    if append, let handle = FileHandle(forWritingAtPath: path) {
      handle.seekToEndOfFile()
      handle.write(Data(self))
      handle.closeFile()
      return
    }
    try Data(self).write(to: URL(fileURLWithPath: path))
  }
}
