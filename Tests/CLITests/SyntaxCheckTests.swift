import Foundation
import Testing

@testable import SSOTMigrate

/// The python3 `ast` check of a phase's outputs blames the migration only for files whose
/// original parsed under the same interpreter (issue 19): files written for another Python
/// version are noted once and checked by the lexer only.
@Suite(.serialized) struct SyntaxCheckTests {
  static let python = ProcessRunner.which("python3")

  /// True when this machine's python3 parses `source`.
  static func parses(_ source: String) throws -> Bool {
    let result = try ProcessRunner.run("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.buffer.read())"], cwd: nil, stdin: Array(source.utf8))
    return result.succeeded
  }

  static let python2 = "from pkg.old import Thing\nprint \"legacy\", Thing\n"
  /// PEP 701 (3.12): the same quote inside a replacement field.
  static let python312 = "from pkg.old import Thing\n\n\ndef render(rows):\n    return f\"{[f'{r['x']}' for r in rows]}\", Thing\n"

  @Test(.enabled(if: python != nil, "python3 is not on PATH"))
  func checkBlamesOnlyOutputsWhoseOriginalParsed() throws {
    let broken = Array("x = (1 +\n)\n".utf8)
    let fine = Array("x = 1\n".utf8)
    let checked = try PythonSyntaxCheck.check([
      .init(path: "broke.py", output: broken, original: fine),
      .init(path: "never.py", output: broken, original: Array("y = = 2\n".utf8)),
      .init(path: "same.py", output: broken, original: broken),
      .init(path: "new.py", output: broken, original: nil),
      .init(path: "ok.py", output: fine, original: broken),
    ])
    #expect(checked.failures.map(\.path) == ["broke.py", "new.py"])
    #expect(checked.unparsedOriginals.map(\.path) == ["never.py", "same.py"])
    // The original's own error is reported, not the output's (line 2, the unclosed bracket).
    #expect(checked.unparsedOriginals.first?.line == 1)
    #expect(checked.version.split(separator: ".").count == 3, "\(checked.version)")
  }

  @Test(.enabled(if: python != nil, "python3 is not on PATH"))
  func filesThatNeverParsedDoNotStopThePhase() throws {
    let repo = try GateTests.TinyRepo([
      "pkg/__init__.py": "", "pkg/old.py": GateTests.old, "pkg/new.py": GateTests.old,
      "pkg/legacy.py": Self.python2, "pkg/modern.py": Self.python312, "pkg/user.py": GateTests.user,
    ])
    let modernParses = try Self.parses(Self.python312)
    let r = try repo.run("--phase", "2", "--verify-syntax")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.commits() == 2)
    #expect(try repo.read("pkg/legacy.py").hasPrefix("from pkg.new import Thing\n"))
    #expect(try repo.read("pkg/modern.py").hasPrefix("from pkg.new import Thing\n"))
    let notes = r.stderr.split(separator: "\n").filter { $0.contains("[original-does-not-parse]") }
    #expect(notes.filter { $0.hasPrefix("pkg/legacy.py:2:") }.count == 1, "\(r.stderr)")
    #expect(notes.contains { $0.hasPrefix("pkg/modern.py:") } == !modernParses, "\(r.stderr)")
    #expect(notes.allSatisfy { $0.contains("checked by the lexer only") && $0.contains("python3 3.") })
  }

  @Test(.enabled(if: python != nil, "python3 is not on PATH"))
  func verifyPassesAndNotesFilesThatNeverParsed() throws {
    let repo = try GateTests.TinyRepo([
      "pkg/__init__.py": "", "pkg/old.py": GateTests.old, "pkg/new.py": GateTests.old,
      "pkg/legacy.py": Self.python2, "pkg/modern.py": Self.python312,
    ])
    // The phase is pending (exit 1), but the parse check of its outputs passes.
    let r = try repo.run("verify", "--verify-syntax")
    #expect(r.status == 1)
    #expect(r.stderr.contains("PASS phase 0: outputs parse with python3"), "\(r.stderr)")
    #expect(r.stderr.contains("pkg/legacy.py:2:1: [original-does-not-parse]"), "\(r.stderr)")
    let json = try repo.run("verify", "--verify-syntax", "--format", "json")
    #expect(json.out.contains("\"rule\": \"original-does-not-parse\""), "\(json.out)")
  }
}
