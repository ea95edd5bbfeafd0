import Foundation
import Testing

@testable import SSOTMigrate

@Suite struct PathGlobTests {
  private func glob(_ pattern: String) throws -> PathGlob { try PathGlob(pattern) }

  private func expectMatches(
    _ pattern: String, _ yes: [String], not no: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let g = try glob(pattern)
    for path in yes {
      #expect(g.matches(path), "\(pattern) should match \(path)", sourceLocation: sourceLocation)
    }
    for path in no {
      #expect(!g.matches(path), "\(pattern) should not match \(path)", sourceLocation: sourceLocation)
    }
  }

  // MARK: - The built-in codemod's globs

  @Test func everyPythonFile() throws {
    try expectMatches(
      "**/*.py", ["a.py", "pkg/a.py", "x/y/z/deep.py", ".hidden.py", "pkg/.py"],
      not: ["a.pyc", "a.py/inner", "pkg/a.pyi", "README.md", "py"])
  }

  @Test func testsDirectoryAnywhere() throws {
    try expectMatches(
      "**/tests/**", ["tests/a.py", "x/tests/y/z.py", "netra_backend/tests/unit/test_ws.py"],
      not: ["tests", "x/tests", "mytests/a.py", "x/tests_util/a.py", "x/test/a.py"])
  }

  @Test func topLevelTestsDirectory() throws {
    try expectMatches("tests/**", ["tests/a.py", "tests/e2e/b.py"], not: ["x/tests/a.py", "tests"])
    try expectMatches(
      "test_framework/**", ["test_framework/ssot/base_test_case.py"],
      not: ["netra_backend/test_framework/x.py"])
  }

  @Test func testFilePrefixesAndSuffixes() throws {
    try expectMatches(
      "**/test_*.py", ["test_x.py", "a/b/test_ws_manager.py", "test_.py"],
      not: ["a/b/mytest_x.py", "a/test_/x.py", "a/test_x.pyc", "a/test.py"])
    try expectMatches(
      "**/*_test.py", ["b_test.py", "a/ws_test.py", "_test.py"],
      not: ["a/test.py", "a/b_test.py.bak", "a/b_tests.py"])
    try expectMatches(
      "**/conftest.py", ["conftest.py", "a/b/conftest.py"], not: ["a/myconftest.py", "a/conftest.pyc"])
  }

  @Test func doubleStarThenFixedSegmentsResumesAtOnePlace() throws {
    // After the last `**`, each segment takes one part: only the tail of the path can match.
    try expectMatches(
      "a/**/b/*.py", ["a/b/x.py", "a/x/y/b/z.py", "a/b/b/x.py"],
      not: ["a/b.py", "a/x/b/y/z.py", "b/x.py", "a/b/x.pyc", "a/b"])
    try expectMatches(
      "**/x/**/y.py", ["x/y.py", "p/x/q/r/y.py", "x/x/y.py"], not: ["x/y/z.py", "y.py", "p/x/y.pyc"])
    try expectMatches("**/**/z.py", ["z.py", "a/z.py", "a/b/z.py"], not: ["z.pyc", "a/z"])
  }

  @Test func builtinCodemodGlobsCompileAndSplitTheSampleTree() throws {
    let url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("codemods/websocket-ssot.json")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    let phases = try #require(json?["phases"] as? [[String: Any]])
    var compiled = 0
    for phase in phases {
      for key in ["include", "exclude"] {
        for pattern in phase[key] as? [String] ?? [] {
          _ = try glob(pattern)
          compiled += 1
        }
      }
    }
    #expect(compiled > 0)

    // Phase 2's include/exclude pair: production code in, every kind of test out.
    let include = try [glob("**/*.py")]
    let exclude = try ["**/tests/**", "tests/**", "test_framework/**", "**/test_*.py", "**/*_test.py", "**/conftest.py"]
      .map(glob)
    func inPhase(_ path: String) -> Bool {
      include.contains { $0.matches(path) } && !exclude.contains { $0.matches(path) }
    }
    #expect(inPhase("netra_backend/app/websocket_core/websocket_manager.py"))
    #expect(inPhase("netra_backend/app/routes/ws.py"))
    #expect(!inPhase("netra_backend/tests/test_ws.py"))
    #expect(!inPhase("tests/e2e/test_flow.py"))
    #expect(!inPhase("test_framework/ssot/base.py"))
    #expect(!inPhase("netra_backend/app/conftest.py"))
    #expect(!inPhase("netra_backend/app/helpers_test.py"))
  }

  // MARK: - Syntax

  @Test func patternWithoutSlashIsTopLevelOnly() throws {
    try expectMatches("*.py", ["a.py"], not: ["pkg/a.py"])
    try expectMatches("setup.py", ["setup.py"], not: ["pkg/setup.py"])
  }

  @Test func doubleStarInTheMiddle() throws {
    try expectMatches(
      "pkg/**/models.py", ["pkg/models.py", "pkg/a/models.py", "pkg/a/b/models.py"],
      not: ["models.py", "other/pkg/models.py", "pkg/a/models.pyc"])
    try expectMatches("a/**/**/b.py", ["a/b.py", "a/x/y/b.py"], not: ["b.py"])
  }

  @Test func questionMarkIsOneCharacter() throws {
    try expectMatches("v?.py", ["v1.py", "vé.py"], not: ["v.py", "v12.py", "v/.py"])
  }

  @Test func characterSets() throws {
    try expectMatches("[abc].py", ["a.py", "c.py"], not: ["d.py", "ab.py"])
    try expectMatches("[a-c]x.py", ["bx.py"], not: ["dx.py"])
    try expectMatches("[!a]x.py", ["bx.py"], not: ["ax.py"])
    try expectMatches("[^a]x.py", ["bx.py"], not: ["ax.py"])
    try expectMatches("[]]x.py", ["]x.py"], not: ["ax.py"])
    try expectMatches("[é]x.py", ["éx.py"], not: ["ex.py"])
  }

  @Test func starsWithinASegment() throws {
    try expectMatches("*_*_*.py", ["a_b_c.py", "___.py"], not: ["a_b.py", "a/b_c_d.py"])
    try expectMatches("a**b.py", ["ab.py", "axxb.py"], not: ["a/b.py"])
    try expectMatches("*", ["anything"], not: ["a/b", ""])
  }

  @Test func escapesAndLiterals() throws {
    try expectMatches("a\\*b.py", ["a*b.py"], not: ["axb.py"])
    try expectMatches("ünï/*.py", ["ünï/x.py"], not: ["uni/x.py"])
    try expectMatches("my dir/x.py", ["my dir/x.py"], not: ["my/x.py"])
  }

  @Test(arguments: [
    ("", "empty"), ("/abs/**", "leading '/'"), ("tests/", "tests/**"), ("a//b", "empty segment"),
    ("./a.py", "'.' segments"), ("[abc.py", "no closing ']'"), ("a\\", "lone '\\'"), ("[z-a].py", "backwards"),
  ])
  func invalidPatternsAreExplained(_ pattern: String, _ hint: String) {
    #expect {
      try PathGlob(pattern)
    } throws: { error in
      guard let error = error as? CodemodError else { return false }
      return error.message.contains("invalid path glob \"\(pattern)\"") && error.message.contains(hint)
    }
  }

  @Test func matchingEightThousandPathsIsFast() throws {
    let globs = try ["**/*.py", "**/tests/**", "tests/**", "test_framework/**", "**/test_*.py", "**/*_test.py", "**/conftest.py"]
      .map(glob)
    let paths = (0..<8_000).map { "netra_backend/app/module_\($0 % 40)/sub_\($0 % 7)/file_\($0).py" }
    let start = ContinuousClock.now
    var hits = 0
    for path in paths { for g in globs where g.matches(path) { hits += 1 } }
    #expect(hits == 8_000)
    #expect(ContinuousClock.now - start < .seconds(1))
  }

  @Test func phaseFileCountsMatchEachPhasesGlobs() throws {
    let codemod = try CodemodLoader.load(json: Array(BuiltinCodemod.json.utf8), source: BuiltinCodemod.source, registry: TransformRegistry.all)
    let paths = [
      "app/a.py", "app/tests/test_a.py", "tests/unit/test_b.py", "tests/conftest.py", "lib/b_test.py", "test_framework/x.py",
      "app/sub/conftest.py", "setup.py", "app/test_c.py", "docs/notes.txt",
    ]
    let workspace = Workspace(root: "/nonexistent", allPaths: paths, files: []).indexed(codemod: codemod, jobs: 2)
    for phase in codemod.phases {
      #expect(workspace.phaseFileCounts[phase.number] == paths.filter { phase.includes($0) }.count, "phase \(phase.number)")
    }
  }
}
