import PythonSource
@testable import SSOTMigrate
import SSOTMigrateTestSupport
import Testing

/// Phase 5 and `verify` fail while a site a transform must handle is neither rewritten nor
/// reported (issue 19).
@Suite struct SiteAuditTests {
  /// A transform whose relevance shortcut wrongly rules every file out, and which knows its
  /// sites: every use of `Old`.
  struct SilentTransform: Transform {
    struct Spec: Decodable, Sendable {}
    static let kind = "silent"
    let id: String
    var triggers: [String] { ["Old"] }
    var followedNames: [String] { ["pkg.old.Old"] }
    init(id: String, spec: Spec, keyPath: String) { self.id = id }
    func isRelevant(_ facts: RepositoryIndex.FileFacts) -> Bool? { false }
    func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput { TransformOutput() }
    func auditSites(in file: AnalyzedFile, context: TransformContext) -> [AuditSite] {
      file.tokens.indices.filter { file.isName($0, "Old") && file.index.roles[$0] == .reference }.map { AuditSite(offset: file.tokens[$0].start, description: "Old is used") }
    }
  }

  static func codemod() -> Codemod {
    let silent = SilentTransform(id: "silent", spec: .init(), keyPath: "")
    let phase = Phase(number: 2, name: "silent", mode: .rewrite, include: [try! PathGlob("pkg/**")], exclude: [], gate: nil, transforms: [silent])
    return Codemod(name: "t", description: "", roots: [""], verifySyntax: false, ssotNames: [], phases: [phase], source: "t.json")
  }

  static func workspace(_ files: [(String, String)]) -> Workspace {
    let bytes = files.map { (path: $0.0, bytes: Array($0.1.utf8)) }
    return Workspace(root: "/nonexistent", allPaths: bytes.map(\.path), files: bytes).indexed(codemod: codemod(), jobs: 1)
  }

  @Test func aSiteNoFindingCoversFailsTheAudit() {
    let ws = Self.workspace([
      ("pkg/a.py", "from pkg.old import Old\ny = Old\n"), ("other/b.py", "from pkg.old import Old\nz = Old\n"),
      ("pkg/c.py", "nothing = 1\n"), ("pkg/d.py", "# Old is only in a comment here; nothing imports it\nOld = 1\n"),
    ])
    let unreported = SiteAudit.unreported(codemod: Self.codemod(), workspace: ws, findings: [], jobs: 1)
    // Only the phase's files count, and only files whose imports can bring the name in.
    #expect(unreported.map(\.description) == [
      "pkg/a.py:2:5: [unreported-site] Old is used, but phase 2 silent neither rewrote nor reported it (silent)"
    ])
    #expect(unreported.allSatisfy { $0.severity == .error })
  }

  @Test func aFindingOnTheSameLineCoversTheSite() {
    let ws = Self.workspace([("pkg/a.py", "from pkg.old import Old\ny = Old\n")])
    let covered = Finding(path: "pkg/a.py", line: 2, column: 1, rule: "non-call-reference", message: "reported")
    #expect(SiteAudit.unreported(codemod: Self.codemod(), workspace: ws, findings: [covered], jobs: 1).isEmpty)
    let elsewhere = Finding(path: "pkg/a.py", line: 1, column: 1, rule: "non-call-reference", message: "reported")
    #expect(SiteAudit.unreported(codemod: Self.codemod(), workspace: ws, findings: [elsewhere], jobs: 1).count == 1)
  }

  /// The JSON report's `summary.passed` agrees with the exit code: an unreported site fails it,
  /// a note (`original-does-not-parse`) does not.
  @Test func anUnreportedSiteFailsTheReport() throws {
    var report = RunReport(command: "check", codemod: Self.codemod())
    #expect(report.passed)
    report.notes = [Finding(path: "a.py", line: 1, column: 1, rule: "original-does-not-parse", message: "m", severity: .note)]
    #expect(report.passed)
    report.notes.append(Finding(path: "a.py", line: 2, column: 1, rule: SiteAudit.rule, message: "m", severity: .error))
    #expect(!report.passed)
  }

  /// The built-in codemod over the migrated sample repository leaves no unreported site.
  @Test func migratedSampleRepositoryHasNoUnreportedSite() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    let (workspace, _) = try SampleRepoTests.migrate()
    // Phase 5's view: the phases again over the migrated tree, their findings on its lines.
    var findings: [Finding] = []
    for phase in codemod.phases where phase.mode == .rewrite {
      let report = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: 2)
      #expect(report.editCount == 0)
      findings += report.findings
    }
    let unreported = SiteAudit.unreported(codemod: codemod, workspace: workspace, findings: findings, jobs: 2)
    #expect(unreported.isEmpty, "\(unreported.map(\.description))")
  }
}
