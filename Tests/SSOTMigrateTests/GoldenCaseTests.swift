import Foundation
import PythonSource
import SSOTMigrate
import SSOTMigrateTestSupport
import Testing

/// Every folder under `golden-files/<kind>/` is a case: exact output bytes, exact findings, no
/// transform failure, and a second run over the output changes nothing (idempotency).
/// `UPDATE_GOLDEN=1 swift test --filter GoldenCaseTests` rewrites the expectations and fails, so
/// a recording run can never pass CI.
@Suite struct GoldenCaseTests {
  static let updating = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"

  @Test(arguments: GoldenCase.all())
  func golden(_ golden: GoldenCase) throws {
    for (path, bytes) in golden.inputs() {
      let lexed = PythonLexer.tokenize(bytes)
      #expect(PythonLexer.losslessProblem(lexed.tokens, bytes, stoppedAt: lexed.error?.offset) == nil, "\(path) does not lex losslessly")
    }
    let outcome = try GoldenRunner.run(golden)
    #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
    #expect(outcome.notIdempotent.isEmpty, "\(outcome.notIdempotent.joined(separator: "\n"))")

    let expected = golden.expected()
    if Self.updating {
      record(golden, outcome)
      Issue.record("recorded \(golden); run again without UPDATE_GOLDEN")
      return
    }
    // A case that deletes files has a complete expected tree (it holds unchanged files too):
    // every kept file is in it, and a file missing from it must have been deleted.
    let inputs = golden.inputs()
    let completeTree = golden.hasExpectedTree && expected.contains { path, bytes in inputs.first { $0.path == path }?.bytes == bytes }
    if completeTree || !outcome.deleted.isEmpty {
      let kept = Set(outcome.outputs.keys).subtracting(outcome.deleted)
      #expect(
        golden.hasExpectedTree && Set(expected.keys) == kept,
        "\(golden) deleted \(outcome.deleted.sorted()); the complete expected/ tree holds \(expected.keys.sorted())")
    }
    for (path, output) in outcome.outputs.sorted(by: { $0.key < $1.key }) where !outcome.deleted.contains(path) {
      let want = expected[path] ?? golden.inputs().first { $0.path == path }!.bytes
      #expect(output == want, "\(golden) \(path):\n\(GoldenRunner.lineDiff(want, output))")
    }
    #expect(outcome.findings == golden.expectedFindings(), "\(golden) findings:\n\(outcome.findings.joined(separator: "\n"))")
  }

  func record(_ golden: GoldenCase, _ outcome: GoldenRunner.Outcome) {
    let dir = golden.directory
    let inputs = golden.inputs()
    let single = FileManager.default.fileExists(atPath: dir.appendingPathComponent("input.py").path)
    for (path, output) in outcome.outputs {
      let input = inputs.first { $0.path == path }!.bytes
      let target = single ? dir.appendingPathComponent("expected.py") : dir.appendingPathComponent("expected/\(path)")
      // A case that deletes files records the complete tree: a missing file then means deleted.
      let complete = !outcome.deleted.isEmpty
      if outcome.deleted.contains(path) || (output == input && !complete) {
        try? FileManager.default.removeItem(at: target)
      } else {
        try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: target.path, contents: Data(output))
      }
    }
    let findings = dir.appendingPathComponent("findings.txt")
    if outcome.findings.isEmpty {
      try? FileManager.default.removeItem(at: findings)
    } else {
      FileManager.default.createFile(atPath: findings.path, contents: Data((outcome.findings.joined(separator: "\n") + "\n").utf8))
    }
  }
}
