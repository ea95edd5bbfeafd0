import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// `discover --write-baseline` and `--check`/`verify --baseline` (issue 20), on small temp git
/// repositories with the built-in codemod.
@Suite(.serialized) struct BaselineCLITests {
  static let path = BaselineFixture.path
  static let factoryImport = BaselineFixture.factoryImport
  static let handlers = BaselineFixture.handlers
  static let secondCall = BaselineFixture.secondCall

  /// A repository holding the handlers, with a baseline written by `discover`.
  static func repoWithBaseline(_ files: [String: String] = [path: handlers], sites: Int = 3) throws -> GateTests.TinyRepo {
    let repo = try GateTests.TinyRepo(files, codemod: CLITests.codemod)
    let written = try repo.run("discover", "--write-baseline", "ssot-baseline.json")
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stderr.contains("baseline ssot-baseline.json: \(sites) sites written"), "\(written.stderr)")
    return repo
  }

  func write(_ repo: GateTests.TinyRepo, _ relative: String, _ text: String) throws {
    try AtomicWriter.write(Array(text.utf8), to: repo.path + "/" + relative)
  }

  // MARK: - Writing

  @Test func theBaselineIsWrittenOnceAndStaysByteIdentical() throws {
    let repo = try Self.repoWithBaseline()
    let first = try repo.read("ssot-baseline.json")
    #expect(first.hasPrefix("{\n  \"schema\": \"ssot-migrate/baseline/v1\",\n  \"codemod\": \"websocket-ssot\",\n  \"sites\": [\n"))
    #expect(first.contains(#"{"path": "netra_backend/app/routes/ws.py", "phase": 2, "rule": "unsupported-argument", "occurrence": 1, "statement": "manager = await create_websocket_manager(ctx, user_id = ctx.user_id)"}"#))
    let again = try repo.run("discover", "--write-baseline", "ssot-baseline.json", "--jobs", "1")
    #expect(again.status == 0)
    #expect(again.stderr.contains("baseline ssot-baseline.json: 3 sites, unchanged"), "\(again.stderr)")
    #expect(try repo.read("ssot-baseline.json") == first)
    // Without the baseline the same tree fails the check; with it, it passes.
    #expect(try repo.run("--check").status == 1)
    let check = try repo.run("--check", "--baseline", "ssot-baseline.json")
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stderr.contains("baseline ssot-baseline.json: 0 new sites, 0 fixed, 3 unchanged"), "\(check.stderr)")
    // The baseline's sites are not listed again as findings.
    #expect(!check.stderr.contains("[unsupported-argument]"), "\(check.stderr)")
  }

  // MARK: - Old sites stay old

  @Test func editsElsewhereMovesAndReformattingAddNothingNew() throws {
    let repo = try Self.repoWithBaseline()
    try write(repo, Self.path, """
      \"\"\"Handlers.\"\"\"
      import logging
      \(Self.factoryImport)
      log = logging.getLogger(__name__)


      async def notify(ctx, text):
          # notify now comes first, and its call is wrapped the way black wraps it
          manager = await create_websocket_manager(
              ctx,
              user_id=ctx.user_id,
          )
          await manager.send(text)


      class Handlers:
          async def connect(self, ctx):
              if ctx:
                  manager = await create_websocket_manager(ctx)  # indented deeper
                  return manager

      """)
    for command in [["--check"], ["verify"], ["--phase", "2", "--check"]] {
      let run = try repo.run(command + ["--baseline", "ssot-baseline.json"])
      #expect(run.status == 0, "\(command): \(run.stderr)")
      #expect(run.stderr.contains("0 new sites, 0 fixed, 3 unchanged"), "\(command): \(run.stderr)")
    }
  }

  // MARK: - New sites

  @Test func aSecondIdenticalCallIsNewInEveryFormat() throws {
    let repo = try Self.repoWithBaseline()
    try write(repo, Self.path, Self.handlers + Self.secondCall)
    let line = "netra_backend/app/routes/ws.py:15:15: [pending-edit:factory-call] phase 2 factory-to-constructor would rewrite `manager = await create_websocket_manager(ctx)`; run ssot-migrate --phase 2"

    let check = try repo.run("--check", "--baseline", "ssot-baseline.json")
    #expect(check.status == 1)
    #expect(check.stderr.contains("baseline ssot-baseline.json: 1 new site, 0 fixed, 3 unchanged\n" + line + "\n"), "\(check.stderr)")

    let verify = try repo.run("verify", "--baseline", "ssot-baseline.json")
    #expect(verify.status == 1)
    #expect(verify.stderr.contains("FAIL phase 2: factory-to-constructor: nothing new since the baseline\n  " + line + "\n"), "\(verify.stderr)")
    #expect(verify.stderr.contains("PASS phase 3: canonical-imports: nothing new since the baseline"))

    let github = try repo.run("--check", "--baseline", "ssot-baseline.json", "--format", "github")
    #expect(github.status == 1)
    #expect(github.out == "::warning file=netra_backend/app/routes/ws.py,line=15,col=15,title=pending-edits::new since the baseline: phase 2 factory-to-constructor would rewrite `manager = await create_websocket_manager(ctx)`; run ssot-migrate --phase 2\n")

    let sarif = try JSONSerialization.jsonObject(with: Data(try repo.run("verify", "--baseline", "ssot-baseline.json", "--format", "sarif").stdout)) as! [String: Any]
    let results = ((sarif["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
    #expect(results.count == 1)
    #expect(results.first?["baselineState"] as? String == "new")

    let json = try JSONSerialization.jsonObject(with: Data(try repo.run("--check", "--baseline", "ssot-baseline.json", "--format", "json").stdout)) as! [String: Any]
    let baseline = json["baseline"] as! [String: Any]
    let new = baseline["new"] as! [[String: Any]]
    #expect(new.count == 1)
    #expect(new.first?["occurrence"] as? Int == 2 && new.first?["line"] as? Int == 15)
    #expect((baseline["fixed"] as! [Any]).isEmpty)
    #expect((json["summary"] as! [String: Any])["passed"] as? Bool == false)
    let states = (json["findings"] as! [[String: Any]]).filter { $0["rule"] as? String == "unsupported-argument" }.compactMap { $0["baselineState"] as? String }
    #expect(states.contains("unchanged") && !states.contains("new"))
  }

  @Test func aNewManualReviewFindingIsNew() throws {
    let repo = try Self.repoWithBaseline()
    try write(repo, Self.path, Self.handlers + "\n\nasync def admin(ctx):\n    return await create_websocket_manager(ctx, user_id='root')\n")
    let check = try repo.run("--check", "--baseline", "ssot-baseline.json")
    #expect(check.status == 1)
    #expect(check.stderr.contains("1 new site"), "\(check.stderr)")
    #expect(check.stderr.contains("netra_backend/app/routes/ws.py:15:18: [unsupported-argument] "), "\(check.stderr)")
  }

  // MARK: - Fixed sites and the ratchet

  @Test func fixedSitesAreListedWithTheRatchetCommand() throws {
    let repo = try Self.repoWithBaseline()
    let withoutConnect = Self.handlers.replacingOccurrences(of: "    manager = await create_websocket_manager(ctx)\n    return manager\n", with: "    return None\n")
    try write(repo, Self.path, withoutConnect)
    let check = try repo.run("--check", "--baseline", "ssot-baseline.json")
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stderr.contains("baseline ssot-baseline.json: 0 new sites, 2 fixed, 1 unchanged"), "\(check.stderr)")
    #expect(check.stderr.contains("  fixed: netra_backend/app/routes/ws.py: [pending-edit:factory-call] phase 2: `manager = await create_websocket_manager(ctx)`"))
    #expect(check.stderr.contains("  2 fewer than the baseline: run 'ssot-migrate discover --write-baseline ssot-baseline.json' to ratchet"))
    // --quiet keeps only what fails.
    #expect(!(try repo.run("--check", "--baseline", "ssot-baseline.json", "--quiet").stderr.contains("fewer")))

    let ratchet = try repo.run("discover", "--write-baseline", "ssot-baseline.json")
    #expect(ratchet.stderr.contains("baseline ssot-baseline.json: 1 site written (2 fixed, 0 new since the previous baseline)"), "\(ratchet.stderr)")
    // The ratchet holds: the removed call may not come back.
    try write(repo, Self.path, Self.handlers)
    #expect(try repo.run("--check", "--baseline", "ssot-baseline.json").status == 1)
  }

  @Test func aRunOnSomePathsJudgesOnlyThoseFiles() throws {
    let other = "netra_backend/app/routes/other.py"
    let repo = try Self.repoWithBaseline(
      [Self.path: Self.handlers, other: Self.factoryImport + "\n\ndef f(ctx):\n    return create_websocket_manager(ctx, user_id=1)\n"], sites: 4)
    let run = try repo.run("--check", "--baseline", "ssot-baseline.json", Self.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("0 new sites, 0 fixed, 3 unchanged"), "\(run.stderr)")
  }

  // MARK: - verify's site audit

  @Test func verifyAuditsFindingsOnTheLinesThePhasesLeave() throws {
    // Phase 2 adds an import above the call it must leave (user_id=): the finding's line moves.
    let repo = try GateTests.TinyRepo([Self.path: Self.handlers], codemod: CLITests.codemod)
    let verify = try repo.run("verify")
    #expect(verify.stderr.contains("PASS phase 0: every deprecated call and non-canonical import is rewritten or reported"), "\(verify.stderr)")
  }

  // MARK: - Bad input

  @Test func aMissingOrBrokenBaselineIsAUsageError() throws {
    let repo = try GateTests.TinyRepo([Self.path: Self.handlers], codemod: CLITests.codemod)
    let missing = try repo.run("--check", "--baseline", "nope.json")
    #expect(missing.status == 2)
    #expect(missing.stderr == "ssot-migrate: error: invalid baseline: nope.json: no such baseline file; write it with 'ssot-migrate discover --write-baseline nope.json'\n")

    try write(repo, "broken.json", "{\"schema\": \"ssot-migrate/baseline/v1\",\n")
    let broken = try repo.run("verify", "--baseline", "broken.json")
    #expect(broken.status == 2)
    #expect(broken.stderr.hasPrefix("ssot-migrate: error: invalid baseline: broken.json: malformed JSON at line 2, column 1"), "\(broken.stderr)")

    try write(repo, "other.json", #"{"schema": "ssot-migrate/baseline/v1", "codemod": "another", "sites": []}"#)
    let other = try repo.run("--check", "--baseline", "other.json")
    #expect(other.status == 2)
    #expect(other.stderr.contains("other.json was written for the codemod 'another', and this run uses 'websocket-ssot'"), "\(other.stderr)")

    let directory = try repo.run("--check", "--baseline", "netra_backend")
    #expect(directory.status == 2)
    #expect(directory.stderr.contains("netra_backend: is a directory, not a baseline file"), "\(directory.stderr)")

    let unwritable = try repo.run("discover", "--write-baseline", "no/such/dir/b.json")
    #expect(unwritable.status == 3)
    #expect(unwritable.stderr.contains("cannot write"), "\(unwritable.stderr)")
  }

  @Test func theOptionsWithOtherCommandsAreUsageErrors() throws {
    let repo = try GateTests.TinyRepo([Self.path: Self.handlers], codemod: CLITests.codemod)
    for arguments in [
      ["--phase", "2", "--dry-run", "--baseline", "b.json"], ["--phase", "2", "--baseline", "b.json"], ["discover", "--baseline", "b.json"],
      ["--check", "--write-baseline", "b.json"], ["discover", "--baseline", "a.json", "--write-baseline", "b.json"],
    ] {
      let run = try repo.run(arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stderr.contains("baseline"), "\(arguments): \(run.stderr)")
    }
    #expect(try repo.commits() == 1)
  }
}

extension GateTests.TinyRepo {
  func run(_ arguments: [String]) throws -> CLITests.Run {
    let result = try ProcessRunner.run(CLITests.binary, ["--codemod", path + "/../codemod.json"] + arguments, cwd: path)
    return CLITests.Run(status: result.status, stdout: result.stdout, stderr: result.stderrText)
  }
}
