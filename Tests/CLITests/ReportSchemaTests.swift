import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// `--format json` output of every command validates against the documented schema
/// (`docs/report.schema.json`, JSON Schema 2020-12), checked with python's `jsonschema`.
@Suite struct ReportSchemaTests {
  static let validator: String? = {
    guard let python = PythonChecker.python,
      (try? ProcessRunner.run(python, ["-c", "import jsonschema"], cwd: nil))?.succeeded == true
    else { return nil }
    return python
  }()

  static let script = """
    import json, sys, jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(json.load(sys.stdin)), key=str)
    print("\\n".join(f"{list(e.path)}: {e.message}" for e in errors))
    sys.exit(1 if errors else 0)
    """

  func validate(_ document: [UInt8]) throws -> ProcessResult {
    try ProcessRunner.run(
      Self.validator!, ["-c", Self.script, CLITests.packageRoot + "/docs/report.schema.json"], cwd: nil, stdin: document)
  }

  @Test(.enabled(if: validator != nil, "python3 with jsonschema is not available"))
  func everyJSONReportMatchesTheSchema() throws {
    let root = CLITests.packageRoot + "/golden-files/sample-repo"
    for arguments in [["--check"], ["verify"], ["discover"], ["--phase", "2", "--check"], ["--phase", "5", "--check"]] {
      let run = try ProcessRunner.run(CLITests.binary, arguments + ["--format", "json", "--root", root], cwd: nil)
      #expect(!run.stdout.isEmpty, "\(arguments): no JSON")
      let result = try validate(run.stdout)
      #expect(result.succeeded, "\(arguments): \(result.stdoutText)")
    }
  }

  /// With `--baseline`: a baseline that lacks one of the sample's sites (new) and holds one it
  /// lacks (fixed), so that both lists are filled.
  @Test(.enabled(if: validator != nil, "python3 with jsonschema is not available"))
  func reportsWithABaselineMatchTheSchema() throws {
    let root = CLITests.packageRoot + "/golden-files/sample-repo"
    let file = NSTemporaryDirectory() + "/ssot-baseline-\(UUID().uuidString).json"
    defer { try? FileManager.default.removeItem(atPath: file) }
    let written = try ProcessRunner.run(CLITests.binary, ["discover", "--write-baseline", file, "--root", root], cwd: nil)
    #expect(written.succeeded, "\(written.stderrText)")
    var lines = String(decoding: try AtomicWriter.readBytes(file), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    lines[4] = #"    {"path": "gone.py", "phase": 2, "rule": "pending-edit:factory-call", "occurrence": 1, "statement": "x = f()"},"#
    try AtomicWriter.write(Array(lines.joined(separator: "\n").utf8), to: file)
    for arguments in [["--check"], ["verify"]] {
      let run = try ProcessRunner.run(CLITests.binary, arguments + ["--baseline", file, "--format", "json", "--root", root], cwd: nil)
      #expect(run.status == 1, "\(arguments): \(run.stderrText)")
      let result = try validate(run.stdout)
      #expect(result.succeeded, "\(arguments): \(result.stdoutText)")
      let report = String(decoding: run.stdout, as: UTF8.self)
      #expect(report.contains(#""baselineState": "unchanged""#) && report.contains(#""path": "gone.py""#), "\(arguments)")
    }
  }

  @Test(.enabled(if: validator != nil, "python3 with jsonschema is not available"))
  func theSchemaRejectsABrokenReport() throws {
    let broken = Array(#"{"schema": "ssot-migrate/report/v1", "tool": {"name": "ssot-migrate", "version": "0"}, "command": "check", "codemod": "x", "phases": [], "findings": [{"path": "a.py"}], "checks": []}"#.utf8)
    let result = try validate(broken)
    #expect(!result.succeeded)
    #expect(result.stdoutText.contains("summary"))
  }
}
