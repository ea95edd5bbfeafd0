import Foundation
import PythonSource
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// Phase 1's report over `golden-files/sample-repo` and over purpose-built files.
@Suite struct DiscoveryReportTests {
  static func sampleReport() throws -> DiscoveryReport {
    let codemod = try GoldenRunner.builtinCodemod()
    let original = SampleRepoTests.loadWorkspace(codemod).indexed(codemod: codemod, jobs: 2)
    let (_, pending) = try SampleRepoTests.migrate()
    return DiscoveryReport.build(workspace: original, codemod: codemod, pending: pending, jobs: 2)
  }

  @Test func duplicateProtocolClassesAreComparedWithTheCanonicalOne() throws {
    let report = try Self.sampleReport()
    let group = try #require(report.duplicates.first { $0.name == "WebSocketManagerProtocol" })
    #expect(group.isDuplicated)
    #expect(group.canonical == "netra_backend.app.websocket_core.protocols.WebSocketManagerProtocol")
    let paths = group.definitions.map(\.location.description)
    #expect(paths.contains("netra_backend/app/core/interfaces_websocket.py:35"))
    #expect(paths.contains("netra_backend/app/websocket_core/protocols.py:8"))
    #expect(group.definitions.filter(\.isCanonical).map(\.location.path) == ["netra_backend/app/websocket_core/protocols.py"])
    let comparison = try #require(group.comparisons.first)
    #expect(comparison.duplicate.path == "netra_backend/app/core/interfaces_websocket.py")
    #expect(comparison.missing == ["broadcast"])
    #expect(comparison.extra.isEmpty)
    #expect(comparison.differing.isEmpty, "same parameters, different bodies: \(comparison.differing.map(\.method))")
  }

  @Test func aliasAssignmentsAreDefinitions() throws {
    let report = try Self.sampleReport()
    let group = try #require(report.duplicates.first { $0.name == "WebSocketManager" })
    #expect(group.isDuplicated)
    let aliases = group.definitions.map { "\($0.location) \($0.kind) \($0.isCanonical)" }
    #expect(aliases.contains("netra_backend/app/websocket_core/manager.py:9 alias(target: \"UnifiedWebSocketManager\") false"), "\(aliases)")
    #expect(aliases.contains("netra_backend/app/websocket_core/websocket_manager.py:13 alias(target: \"UnifiedWebSocketManager\") true"), "\(aliases)")
    // The factory class is watched too (named by the codemod's replace-call callees).
    #expect(report.duplicates.contains { $0.name == "WebSocketManagerFactory" && $0.definitions.count == 1 })
    #expect(report.duplicatedNames.map(\.name).sorted() == ["WebSocketManager", "WebSocketManagerProtocol"])
  }

  @Test func callSitesImportsAndCrossFileFindings() throws {
    let report = try Self.sampleReport()
    let calls = report.rewritableCalls.map { "\($0.location) \($0.phase)" }
    #expect(calls.contains("netra_backend/app/routes/agents.py:14 2"), "\(calls)")
    #expect(calls.contains { $0.hasPrefix("tests/") && $0.hasSuffix(" 4") }, "test files are rewritten by phase 4")
    #expect(report.manualReview.contains { $0.path == "netra_backend/app/routes/agents.py" && $0.line == 28 && $0.rule == "unsupported-argument" })
    #expect(report.manualReview.allSatisfy { $0.severity == .manualReview })

    let manager = try #require(report.nonCanonicalImports.first { $0.module == "netra_backend.app.websocket_core.manager" })
    #expect(manager.sites.map(\.location.description).contains("netra_backend/app/routes/agents.py:9"))
    #expect(manager.sites.allSatisfy { $0.canonical == "netra_backend.app.websocket_core.websocket_manager.WebSocketManager" })
    // The canonical module's own import of what it aliases is not a non-canonical import.
    let all = report.nonCanonicalImports.flatMap(\.sites)
    #expect(!all.contains { $0.location.path == "netra_backend/app/websocket_core/websocket_manager.py" })
    #expect(all.allSatisfy { $0.phase != nil })

    #expect(report.keptImports.map(\.rule) == ["kept-import"])
    #expect(report.stalePatchTargets.contains { $0.rule == "stale-patch-target" && $0.path == "tests/unit/test_agent_handler.py" })

    let directories = Dictionary(uniqueKeysWithValues: report.directories.map { ($0.directory, $0) })
    #expect(directories["tests"]?.rewritableCalls == report.rewritableCalls.filter { $0.location.path.hasPrefix("tests/") }.count)
    #expect(directories["netra_backend"]?.keptImports == 1)
    #expect(report.phases.map(\.phase) == [2, 3, 4])
    #expect(report.phases.reduce(0) { $0 + $1.rewritableCalls } == report.rewritableCalls.count)
    #expect(report.phases.reduce(0) { $0 + $1.nonCanonicalImports } == report.nonCanonicalImportCount)
  }

  @Test func signaturesCompareTokenTextWithWhitespaceNormalised() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    let canonical = """
      class WebSocketManagerProtocol:
          def connect(self, websocket: Any, user_id: str = None) -> Any: ...
          def disconnect(self, connection_id: str) -> bool: ...
          async def broadcast(self, message) -> int: ...

      """
    let duplicate = """
      class WebSocketManagerProtocol(Protocol):
          def connect(self,websocket:Any,
                      user_id: str=None,  # trailing comma and comment
                      ) -> Any: ...
          def disconnect(self, connection_id: int) -> bool: ...
          def legacy(self): ...

      WebSocketManagerFactory = object
      """
    let files: [(path: String, bytes: [UInt8])] = [
      ("netra_backend/app/websocket_core/protocols.py", Array(canonical.utf8)),
      ("other/protocols.py", Array(duplicate.utf8)),
    ]
    let workspace = Workspace(root: "/nonexistent", allPaths: files.map(\.path), files: files)
    let report = DiscoveryReport.build(workspace: workspace, codemod: codemod, pending: [])
    let group = try #require(report.duplicates.first { $0.name == "WebSocketManagerProtocol" })
    let comparison = try #require(group.comparisons.first)
    #expect(comparison.missing == ["broadcast"])
    #expect(comparison.extra == ["legacy"])
    #expect(comparison.differing.map(\.method) == ["disconnect"])
    #expect(comparison.differing.first?.duplicate == "(self, connection_id: int)")
    #expect(comparison.differing.first?.canonical == "(self, connection_id: str)")
    let factory = try #require(report.duplicates.first { $0.name == "WebSocketManagerFactory" })
    #expect(factory.definitions.map(\.kind) == [.alias(target: "object")])
    #expect(report.directories.first { $0.directory == "other" }?.definitions == 1)
  }

  @Test func markdownIsAReportForAPullRequest() throws {
    let report = try Self.sampleReport()
    let markdown = DiscoveryFormatter.markdown(report, codemod: try GoldenRunner.builtinCodemod())
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first == "# SSOT migration report: websocket-ssot")
    let headings = lines.filter { $0.hasPrefix("## ") }
    #expect(headings == [
      "## Summary", "## Duplicate definitions", "## Deprecated call sites", "## Non-canonical imports (\(report.nonCanonicalImportCount))",
      "## Kept imports (1)", "## Import cycles already present (0)", "## Stale patch targets (\(report.stalePatchTargets.count))",
      "## Per directory",
    ])
    #expect(lines.contains("| What | Count |"))
    #expect(lines.contains("| Rewritable deprecated calls | \(report.rewritableCalls.count) |"))
    #expect(lines.contains("- `netra_backend/app/websocket_core/protocols.py:8` `class WebSocketManagerProtocol` **canonical**"))
    #expect(lines.contains("  - missing: `broadcast`"))
    #expect(lines.contains("### from `netra_backend.app.websocket_core.manager` (\(report.nonCanonicalImports.first { $0.module.hasSuffix(".manager") }!.sites.count))"))
    // Every bullet that names a place names it as `path:line` in backticks.
    for line in lines where line.hasPrefix("- `") && line.contains(".py") {
      #expect(line.range(of: #"^- `[^`]+\.py:\d+`"#, options: .regularExpression) != nil, "\(line)")
    }
    #expect(markdown.hasSuffix("\n"))
  }

  @Test func diffColorsFollowGit() {
    let diff = Array("--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n--- kept as removed\n+new\r\n same\n\\ No newline at end of file\n".utf8)
    let colored = String(decoding: DiffColorizer.colorize(diff), as: UTF8.self)
    #expect(colored == "\u{1B}[1m--- a/x.py\u{1B}[m\n\u{1B}[1m+++ b/x.py\u{1B}[m\n\u{1B}[36m@@ -1,2 +1,2 @@\u{1B}[m\n"
      + "\u{1B}[31m--- kept as removed\u{1B}[m\n\u{1B}[32m+new\u{1B}[m\r\n same\n\\ No newline at end of file\n")
  }

  @Test func progressDrawsOnlyAfterTheDelayAndClearsItsLine() {
    final class Lines: @unchecked Sendable { var value: [String] = [] }
    let drawn = Lines()
    let quick = ProgressReporter(delay: 3600) { drawn.value.append($0) }
    quick.start("phase 2", total: 2)
    quick.step(); quick.step(); quick.finish()
    #expect(drawn.value.isEmpty, "a run under the delay shows nothing")
    let slow = ProgressReporter(delay: 0) { drawn.value.append($0) }
    slow.start("phase 2 x", total: 2)
    slow.step(); slow.step(); slow.finish()
    #expect(drawn.value.first == "\r\u{1B}[Kphase 2 x: 1 / 2 files")
    #expect(drawn.value.contains("\r\u{1B}[Kphase 2 x: 2 / 2 files"))
    #expect(drawn.value.last == "\r\u{1B}[K")
  }
}
