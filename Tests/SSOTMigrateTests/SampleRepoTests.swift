import Foundation
import PythonSource
@testable import SSOTMigrate
import SSOTMigrateTestSupport
import Testing

/// The built-in codemod over `golden-files/sample-repo`, in memory: every rewriting phase in
/// order, each on the previous one's output.
@Suite struct SampleRepoTests {
  static let root = GoldenCase.goldenDirectory.appendingPathComponent("sample-repo")

  static func loadWorkspace(_ codemod: Codemod) -> Workspace {
    let files = GoldenCase.tree(root).map { (path: $0.path, bytes: $0.bytes) }
    return Workspace(root: root.path, allPaths: files.map(\.path), files: files)
  }

  static func migrate(indexOnce: Bool = true) throws -> (workspace: Workspace, reports: [PhaseReport]) {
    let codemod = try GoldenRunner.builtinCodemod()
    var workspace = loadWorkspace(codemod)
    if indexOnce { workspace = workspace.indexed(codemod: codemod, jobs: 2) }
    var reports: [PhaseReport] = []
    for phase in codemod.phases where phase.mode == .rewrite {
      let report = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: 2)
      workspace.apply(report.results)
      reports.append(report)
    }
    return (workspace, reports)
  }

  @Test func everyPhaseRewritesWithoutFailures() throws {
    let (_, reports) = try Self.migrate()
    for report in reports {
      #expect(report.failed.isEmpty, "phase \(report.phase.number): \(report.failed.map(\.path))")
    }
    let phase2 = try #require(reports.first { $0.phase.number == 2 })
    #expect(phase2.changed.count >= 5, "phase 2 changed \(phase2.changed.map(\.path))")
    let rules = Set(phase2.findings.map(\.rule))
    #expect(rules.contains("unsupported-argument"), "the user_id= call is reported")
    #expect(rules.contains("unawaited-async-call"), "the asyncio.gather use is reported")
    #expect(rules.contains("kept-import"), "agent_handler keeps the import others use")
    let phase3 = try #require(reports.first { $0.phase.number == 3 })
    #expect(phase3.changed.count >= 3, "phase 3 changed \(phase3.changed.map(\.path))")
  }

  /// The dry-run diff of every rewriting phase over the sample repository (each phase over the
  /// previous one's output) is pinned in `golden-files/sample-repo-diffs/phase-N.diff`;
  /// `UPDATE_GOLDEN=1` records it.
  @Test func phaseDiffsMatchTheirSnapshots() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    var workspace = Self.loadWorkspace(codemod).indexed(codemod: codemod, jobs: 2)
    let directory = GoldenCase.goldenDirectory.appendingPathComponent("sample-repo-diffs")
    for phase in codemod.phases where phase.mode == .rewrite {
      let report = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: 2)
      var diff: [UInt8] = []
      for result in report.changed {
        diff += result.deleted
          ? UnifiedDiff.renderDeletionBytes(path: result.path, old: result.original)
          : UnifiedDiff.renderBytes(path: result.path, old: result.original, new: result.output)
      }
      for finding in report.findings { diff += Array("# \(finding)\n".utf8) }
      workspace.apply(report.results)
      let file = directory.appendingPathComponent("phase-\(phase.number).diff")
      if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(diff).write(to: file)
        continue
      }
      let expected = [UInt8]((try? Data(contentsOf: file)) ?? Data())
      let same = diff == expected
      #expect(same, "phase \(phase.number) differs from \(file.path):\n\(GoldenRunner.lineDiff(expected, diff))")
    }
  }

  @Test func migratedTreeIsIdempotentAndParses() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    let (workspace, _) = try Self.migrate()
    for phase in codemod.phases where phase.mode == .rewrite {
      let again = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: 2)
      #expect(again.changed.map(\.path) == [], "phase \(phase.number) is not idempotent")
    }
    var sources: [String: [UInt8]] = [:]
    for file in workspace.files { sources[file.path] = file.bytes }
    if let out = ProcessInfo.processInfo.environment["SAMPLE_REPO_OUT"] {
      // Debugging aid: write the migrated tree to look at it.
      for (path, bytes) in sources {
        let url = URL(fileURLWithPath: out).appendingPathComponent(path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
      }
    }
    // A file that never parsed under this python3 (Python 3.12 syntax under 3.11) is not the
    // migration's fault; every other output parses.
    var pairs: [String: (input: [UInt8], output: [UInt8])] = [:]
    for (path, bytes) in sources { pairs[path] = (workspace.originals[path] ?? bytes, bytes) }
    let broken = try PythonChecker.brokenOutputs(pairs)
    #expect(broken.isEmpty, "\(broken)")
  }

  /// The repository index built once and updated per phase gives what a fresh index per phase
  /// gives.
  @Test func incrementalIndexMatchesFreshIndex() throws {
    let incremental = try Self.migrate(indexOnce: true)
    let fresh = try Self.migrate(indexOnce: false)
    #expect(incremental.workspace.files.map(\.path) == fresh.workspace.files.map(\.path))
    #expect(incremental.workspace.files.map(\.bytes) == fresh.workspace.files.map(\.bytes))
    #expect(incremental.reports.flatMap(\.findings) == fresh.reports.flatMap(\.findings))
  }

  /// The index updated phase by phase holds exactly what an index built on the final files holds.
  @Test func updatedIndexEqualsARebuiltOne() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    let (workspace, _) = try Self.migrate(indexOnce: true)
    let updated = try #require(workspace.repository)
    let rebuilt = RepositoryIndex.build(files: workspace.files, roots: codemod.roots, interesting: PhaseRunner.triggers(of: codemod))
    func dump(_ index: RepositoryIndex) -> [String] {
      var lines: [String] = []
      for (key, occurrences) in index.importedNames { lines.append("name \(key.module).\(key.name) \(occurrences.map(index.location))") }
      for (value, occurrences) in index.dottedStrings { lines.append("string \(value) \(occurrences.map(index.location))") }
      for module in index.modules.keys {
        lines.append("uses \(module) \(index.uses(of: module, excluding: ""))")
        for importer in index.modules.keys {
          if let location = index.importLocation(of: module, in: importer) { lines.append("imports \(importer) \(module) \(location)") }
        }
      }
      for module in index.modules.keys {
        for file in index.facts.values where file.module == module {
          for item in file.fromImports where item.topLevel {
            if let binding = index.moduleBinding(module + "." + item.localName) {
              lines.append("binding \(module).\(item.localName) \(binding.qualifiedName) \(binding.location)")
            }
          }
        }
      }
      return lines.sorted()
    }
    #expect(!dump(updated).isEmpty)
    #expect(dump(updated) == dump(rebuilt))
  }

  @Test func parallelRunIsByteIdenticalToSerial() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    let workspace = Self.loadWorkspace(codemod)
    for phase in codemod.phases where phase.mode == .rewrite {
      let serial = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: 1)
      let parallel = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: 4)
      #expect(serial.results.map(\.path) == parallel.results.map(\.path))
      #expect(serial.results.map(\.output) == parallel.results.map(\.output))
      #expect(serial.findings == parallel.findings)
    }
  }

  static let hasPytest: Bool = {
    guard let python = PythonChecker.python else { return false }
    return (try? runPytest(python, ["-c", "import pytest"], in: FileManager.default.temporaryDirectory.path).status) == 0
  }()

  static func runPytest(_ python: String, _ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// The sample's own pytest suite gives the same result before and after the full migration.
  @Test(.enabled(if: hasPytest, "python3 with pytest is not available"))
  func sampleSuitePassesBeforeAndAfterMigration() throws {
    let python = try #require(PythonChecker.python)
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("ssot-sample-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: copy) }
    try FileManager.default.copyItem(at: Self.root, to: copy)
    let before = try Self.runPytest(python, ["-m", "pytest", "-q", "-p", "no:cacheprovider"], in: copy.path)
    #expect(before.status == 0, "before: \(before.output)")
    let (workspace, _) = try Self.migrate()
    for file in workspace.files {
      try Data(file.bytes).write(to: copy.appendingPathComponent(file.path))
    }
    let after = try Self.runPytest(python, ["-m", "pytest", "-q", "-p", "no:cacheprovider"], in: copy.path)
    #expect(after.status == before.status, "after: \(after.output)")
    let summary = { (text: String) in text.split(separator: "\n").last.map(String.init) ?? "" }
    #expect(summary(after.output).hasPrefix(summary(before.output).components(separatedBy: " in ")[0]), "before: \(summary(before.output)) after: \(summary(after.output))")
  }
}
