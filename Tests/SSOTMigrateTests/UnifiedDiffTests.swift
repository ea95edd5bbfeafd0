import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// Every case is checked against the installed git: our bytes must equal `git diff --no-index`'s
/// from the `---` line on (with git's `a/a`, `b/b` names replaced by the path we pass).
@Suite struct UnifiedDiffTests {
  /// git's diff of `old` → `new`, its header lines normalised to path `P`.
  static func gitDiff(_ old: [UInt8], _ new: [UInt8], context: Int = 3) throws -> [UInt8] {
    let dir = try TemporaryDirectory("diff")
    defer { withExtendedLifetime(dir) {} }
    try dir.write("a", old)
    try dir.write("b", new)
    let result = try TestGit.run(
      ["diff", "--no-index", "--no-color", "--no-ext-diff", "-U\(context)", "a", "b"], in: dir.path)
    guard result.status == 0 || result.status == 1 else {
      Issue.record("git diff failed: \(result.stderrText)")
      return []
    }
    var lines = result.stdout.split(separator: 0x0A, omittingEmptySubsequences: false)
    guard let minus = lines.firstIndex(where: { $0.starts(with: Array("--- ".utf8)) }) else {
      return []
    }
    lines.removeSubrange(0..<minus)
    #expect(Array(lines[0]) == Array("--- a/a".utf8))
    #expect(Array(lines[1]) == Array("+++ b/b".utf8))
    lines[0] = ArraySlice("--- a/P".utf8)
    lines[1] = ArraySlice("+++ b/P".utf8)
    return Array(lines.joined(separator: [0x0A]))
  }

  static func expectSameAsGit(
    _ old: [UInt8], _ new: [UInt8], context: Int = 3, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let ours = UnifiedDiff.renderBytes(path: "P", old: old, new: new, context: context)
    let theirs = try gitDiff(old, new, context: context)
    #expect(
      ours == theirs,
      "ours:\n\(String(decoding: ours, as: UTF8.self))\ngit's:\n\(String(decoding: theirs, as: UTF8.self))",
      sourceLocation: sourceLocation)
  }

  static func numbered(_ count: Int, from first: Int = 1) -> [String] {
    (first..<(first + count)).map { "line \($0)" }
  }

  static func text(_ lines: [String], finalNewline: Bool = true) -> [UInt8] {
    Array((lines.joined(separator: "\n") + (finalNewline && !lines.isEmpty ? "\n" : "")).utf8)
  }

  // MARK: - Cases

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let old: [UInt8]
    let new: [UInt8]
    var context = 3
    var testDescription: String { name }
  }

  static let cases: [Case] = {
    let ten = numbered(10)
    var changedMiddle = ten
    changedMiddle[4] = "changed"
    var changedFirst = ten
    changedFirst[0] = "first"
    var changedLast = ten
    changedLast[9] = "last"
    let thirty = numbered(30)
    var twoFar = thirty
    twoFar[3] = "x"
    twoFar[25] = "y"
    var sixApart = thirty
    sixApart[5] = "x"
    sixApart[12] = "y"  // 6 unchanged lines between: one hunk
    var sevenApart = thirty
    sevenApart[5] = "x"
    sevenApart[13] = "y"  // 7 between: two hunks
    let python = """
      import os


      def first():
          a = 1
          b = 2
          return a + b


      class Thing:
          def method(self):
              x = create_websocket_manager(ctx)
              return x

          def other(self):
              pass

      """
    let pythonNew =
      python
      .replacingOccurrences(of: "create_websocket_manager(ctx)", with: "WebSocketManager(user_context=ctx)")
      .replacingOccurrences(of: "            pass", with: "            return None")
    let longDef = "def " + String(repeating: "very_long_name_", count: 8) + "(argument_one, argument_two):\n"
    let longDefOld = longDef + (1...8).map { "    v\($0) = \($0)\n" }.joined()
    let longDefNew = longDefOld.replacingOccurrences(of: "v7 = 7", with: "v7 = 70")
    let functions = "def a():\n    return 1\n\n\ndef b():\n    return 2\n"
    let functionInserted = "def a():\n    return 1\n\n\ndef c():\n    return 3\n\n\ndef b():\n    return 2\n"

    return [
      Case(name: "middle line changed", old: text(ten), new: text(changedMiddle)),
      Case(name: "first line changed", old: text(ten), new: text(changedFirst)),
      Case(name: "last line changed", old: text(ten), new: text(changedLast)),
      Case(name: "line appended", old: text(ten), new: text(ten + ["eleven"])),
      Case(name: "first line deleted", old: text(ten), new: text(Array(ten.dropFirst()))),
      Case(name: "final newline added", old: text(ten, finalNewline: false), new: text(ten)),
      Case(name: "final newline removed", old: text(ten), new: text(ten, finalNewline: false)),
      Case(
        name: "no final newline, last line changed", old: text(ten, finalNewline: false),
        new: text(changedLast, finalNewline: false)),
      Case(
        name: "no final newline, last line only context", old: text(Array(ten.prefix(4)), finalNewline: false),
        new: text(["line 1", "line 2", "changed", "line 4"], finalNewline: false)),
      Case(
        name: "CRLF line changed", old: Array("a\r\nb\r\nc\r\nd\r\n".utf8),
        new: Array("a\r\nb\r\nX\r\nd\r\n".utf8)),
      Case(
        name: "one line CRLF to LF", old: Array("a\r\nb\r\nc\r\n".utf8), new: Array("a\r\nb\nc\r\n".utf8)),
      Case(name: "lone CR endings are one line", old: Array("a\rb\rc\r".utf8), new: Array("a\rB\rc\r".utf8)),
      Case(name: "empty old", old: [], new: text(["a", "b"])),
      Case(name: "empty new", old: text(["a", "b"]), new: []),
      Case(name: "empty old, new without newline", old: [], new: Array("x".utf8)),
      Case(name: "two hunks far apart", old: text(thirty), new: text(twoFar)),
      Case(name: "changes six lines apart share a hunk", old: text(thirty), new: text(sixApart)),
      Case(name: "changes seven lines apart split", old: text(thirty), new: text(sevenApart)),
      Case(name: "python function names in headers", old: Array(python.utf8), new: Array(pythonNew.utf8)),
      Case(name: "function name cut to 80 bytes", old: Array(longDefOld.utf8), new: Array(longDefNew.utf8)),
      Case(
        name: "inserted function slides to the blank lines", old: Array(functions.utf8),
        new: Array(functionInserted.utf8)),
      Case(
        name: "duplicate line inserted", old: text(["a", "b", "b", "c"]), new: text(["a", "b", "b", "b", "c"])),
      Case(name: "latin-1 bytes kept raw", old: [0x63, 0x61, 0x66, 0xE9, 0x0A, 0x78, 0x0A], new: [0x63, 0x61, 0x66, 0xE8, 0x0A, 0x78, 0x0A]),
      Case(name: "zero context", old: text(thirty), new: text(twoFar), context: 0),
      Case(name: "one line of context", old: text(thirty), new: text(sixApart), context: 1),
      Case(name: "everything replaced", old: text(["a", "b", "c"]), new: text(["x", "y"])),
    ]
  }()

  @Test(arguments: cases)
  func matchesGit(_ c: Case) throws {
    try Self.expectSameAsGit(c.old, c.new, context: c.context)
  }

  @Test func identicalFilesHaveNoDiff() {
    #expect(UnifiedDiff.render(path: "x.py", old: Array("a\n".utf8), new: Array("a\n".utf8)) == "")
  }

  @Test func exactTextOfASmallDiff() {
    let diff = UnifiedDiff.render(
      path: "pkg/mod.py", old: Array("a\nb\nc\n".utf8), new: Array("a\nB\nc".utf8))
    #expect(
      diff == """
        --- a/pkg/mod.py
        +++ b/pkg/mod.py
        @@ -1,3 +1,3 @@
         a
        -b
        -c
        +B
        +c
        \\ No newline at end of file

        """)
  }

  @Test func largeFileWithFewChangesIsFastAndMatchesGit() throws {
    var old = Self.numbered(10_000)
    old[5_000] = "    pass"
    var new = old
    new[17] = "changed early"
    new.insert("inserted", at: 6_000)
    new.remove(at: 9_990)
    let start = ContinuousClock.now
    let ours = UnifiedDiff.renderBytes(path: "P", old: Self.text(old), new: Self.text(new))
    #expect(ContinuousClock.now - start < .seconds(2))
    #expect(ours == (try Self.gitDiff(Self.text(old), Self.text(new))))
  }

  @Test func completelyDifferentLargeFilesFinish() throws {
    // Beyond the cost cut-off: the search must give up gracefully, as git's does.
    let old = (0..<3_000).map { "old \($0 % 7) \($0)" }
    let new = (0..<3_000).map { "new \($0 % 5) \($0 * 3)" } + ["old 1 1"]
    try Self.expectSameAsGit(Self.text(old), Self.text(new))
  }

  // MARK: - Paths

  @Test func pathsAreQuotedLikeGit() {
    #expect(String(decoding: GitPath.quoted(prefix: "a/", "plain/path.py"), as: UTF8.self) == "a/plain/path.py")
    #expect(String(decoding: GitPath.quoted(prefix: "a/", "pa\"th.py"), as: UTF8.self) == #""a/pa\"th.py""#)
    #expect(String(decoding: GitPath.quoted(prefix: "b/", "back\\slash"), as: UTF8.self) == #""b/back\\slash""#)
    #expect(String(decoding: GitPath.quoted(prefix: "a/", "tab\there"), as: UTF8.self) == #""a/tab\there""#)
    #expect(String(decoding: GitPath.quoted(prefix: "a/", "ü.py"), as: UTF8.self) == #""a/\303\274.py""#)
    #expect(String(decoding: GitPath.quoted(prefix: "a/", "ctl\u{1}x"), as: UTF8.self) == #""a/ctl\001x""#)
    #expect(String(decoding: GitPath.quoted(prefix: "a/", "with space.py"), as: UTF8.self) == "a/with space.py")
  }

  @Test func nameWithSpaceEndsWithTab() {
    let diff = UnifiedDiff.render(path: "my file.py", old: Array("a\n".utf8), new: Array("b\n".utf8))
    #expect(diff.hasPrefix("--- a/my file.py\t\n+++ b/my file.py\t\n@@ -1 +1 @@\n"))
  }

  @Test func headersMatchGitForOddPaths() throws {
    let dir = try TemporaryDirectory("diff-paths")
    defer { withExtendedLifetime(dir) {} }
    try TestGit.initRepository(dir.path)
    let names = ["my file.py", "pa\"th\\x.py", "ünï.py", "ctl\u{1}.py", "sub dir/q.py"]
    for name in names { try dir.write(name, "a\nb\n") }
    try TestGit.run(["add", "-A"], in: dir.path)
    try TestGit.run(["commit", "-q", "-m", "init"], in: dir.path)
    for name in names {
      try dir.write(name, "a\nc\n")
      let git = try TestGit.run(["diff", "--no-color", "--", name], in: dir.path)
      let expected = git.stdout.split(separator: 0x0A, omittingEmptySubsequences: false)
        .drop(while: { !$0.starts(with: Array("--- ".utf8)) })
        .joined(separator: [0x0A])
      let ours = UnifiedDiff.renderBytes(path: name, old: Array("a\nb\n".utf8), new: Array("a\nc\n".utf8))
      #expect(ours == Array(expected), "\(name)")
    }
  }

  @Test func deletionMatchesGit() throws {
    let dir = try TemporaryDirectory("diff-delete")
    defer { withExtendedLifetime(dir) {} }
    try TestGit.initRepository(dir.path)
    let files: [(String, [UInt8])] = [
      ("gone.py", Array("x = 1\ny = 2\n".utf8)), ("no newline.py", Array("z".utf8)), ("empty.py", []),
    ]
    for (name, bytes) in files { try dir.write(name, bytes) }
    try TestGit.run(["add", "-A"], in: dir.path)
    try TestGit.run(["commit", "-q", "-m", "init"], in: dir.path)
    for (name, bytes) in files {
      try TestGit.run(["rm", "-q", "--", name], in: dir.path)
      let git = try TestGit.run(["diff", "--cached", "--no-color", "--", name], in: dir.path)
      let expected = git.stdout.split(separator: 0x0A, omittingEmptySubsequences: false)
        .filter { !$0.starts(with: Array("index ".utf8)) }
        .joined(separator: [0x0A])
      #expect(UnifiedDiff.renderDeletionBytes(path: name, old: bytes) == Array(expected), "\(name)")
    }
    #expect(
      UnifiedDiff.renderDeletion(path: "m.py", old: Array("a\nb\n".utf8)) == """
        diff --git a/m.py b/m.py
        deleted file mode 100644
        --- a/m.py
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -a
        -b

        """)
  }

  // MARK: - Property test

  /// Small deterministic generator (SplitMix64), so failures reproduce from the seed.


  /// A vocabulary with many repeats, blank lines and indentation, so the cases exercise the
  /// choices between equally short diffs where implementations usually disagree.
  static let vocabulary = [
    "", "", "", "def f():", "def g(x):", "class C:", "    pass", "    return x", "    x = 1",
    "        y = 2", "import os", "from a import b", "# comment", "\tindented", "x = 1", "}",
    "    if x:", "        return None", "  ", "@decorator",
  ]

  static func randomCase(seed: UInt64) -> (old: [UInt8], new: [UInt8]) {
    var rng = SeededGenerator(seed: seed)
    let count = Int.random(in: 0...60, using: &rng)
    var old = (0..<count).map { _ in vocabulary.randomElement(using: &rng)! }
    var new = old
    for _ in 0..<Int.random(in: 1...8, using: &rng) {
      let line = vocabulary.randomElement(using: &rng)!
      switch Int.random(in: 0..<3, using: &rng) {
      case 0: new.insert(line, at: Int.random(in: 0...new.count, using: &rng))
      case 1 where !new.isEmpty:
        let at = Int.random(in: 0..<new.count, using: &rng)
        let run = Int.random(in: 1...3, using: &rng)
        new.removeSubrange(at..<min(new.count, at + run))
      default:
        if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &rng)] = line }
      }
    }
    if old.isEmpty && Bool.random(using: &rng) { old = ["only"] }
    let oldNewline = Int.random(in: 0..<5, using: &rng) != 0
    let newNewline = Int.random(in: 0..<5, using: &rng) != 0
    let crlf = Int.random(in: 0..<6, using: &rng) == 0
    func bytes(_ lines: [String], _ finalNewline: Bool) -> [UInt8] {
      let eol = crlf ? "\r\n" : "\n"
      return Array((lines.joined(separator: eol) + (finalNewline && !lines.isEmpty ? eol : "")).utf8)
    }
    return (bytes(old, oldNewline), bytes(new, newNewline))
  }

  /// The new file's common head and tail take their twins' classes without a lookup: the
  /// lines must really be equal, and the classes those of a lookup of every line.
  @Test func commonHeadAndTailLinesAreEqualAndKeepTheirClasses() {
    var withHead = 0
    var withTail = 0
    for seed in 1...400 {
      let (oldBytes, newBytes) = Self.randomCase(seed: UInt64(seed) &* 104_729)
      let old = Lines(oldBytes)
      let new = Lines(newBytes)
      let (head, tail) = LineDiff.commonLines(old, new)
      #expect(head + tail <= min(old.count, new.count))
      if head > 0 { withHead += 1 }
      if tail > 0 { withTail += 1 }
      for i in 0..<head { #expect(old[i].elementsEqual(new[i]), "seed \(seed) head line \(i)") }
      for k in 0..<tail { #expect(old[old.count - 1 - k].elementsEqual(new[new.count - 1 - k]), "seed \(seed) tail line \(k)") }
      var table = LineClassTable(lines: old.count + new.count)
      let everyLine = oldBytes.withUnsafeBytes { a in newBytes.withUnsafeBytes { b in (table.number(old, a), table.number(new, b)) } }
      let classified = LineDiff.classify(old, new)
      #expect(classified.old == everyLine.0 && classified.new == everyLine.1, "seed \(seed)")
    }
    #expect(withHead > 100 && withTail > 100, "\(withHead) heads, \(withTail) tails")
  }

  @Test(arguments: 1...50)
  func randomMutationsMatchGit(_ seed: Int) throws {
    let (old, new) = Self.randomCase(seed: UInt64(seed) &* 7919)
    try Self.expectSameAsGit(old, new)
  }

  // MARK: - Patches apply

  @Test func multiFilePatchAppliesWithGitApplyAndPatch() throws {
    let dir = try TemporaryDirectory("diff-apply")
    defer { withExtendedLifetime(dir) {} }
    let changes: [(path: String, old: [UInt8], new: [UInt8]?)] = [
      ("pkg/a.py", Self.text(Self.numbered(40)), Self.text(Self.numbered(40).map { $0 == "line 7" ? "seven" : $0 } + ["tail"])),
      ("pkg/sub dir/b.py", Array("x = 1\r\ny = 2\r\n".utf8), Array("x = 1\r\ny = 3\r\n".utf8)),
      ("c.py", Array("no newline".utf8), Array("no newline\nnow\n".utf8)),
      ("pkg/pa\"th.py", Array("q\n".utf8), Array("r\n".utf8)),
      ("old_module.py", Array("def f():\n    pass\n".utf8), nil),
    ]
    var patch: [UInt8] = []
    for change in changes {
      try dir.write("tree/\(change.path)", change.old)
      if let new = change.new {
        patch += UnifiedDiff.renderBytes(path: change.path, old: change.old, new: new)
      } else {
        patch += UnifiedDiff.renderDeletionBytes(path: change.path, old: change.old)
      }
    }
    let patchFile = try dir.write("change.patch", patch)
    let tree = dir.url("tree")

    let check = try TestGit.run(["apply", "--check", patchFile], in: tree)
    #expect(check.status == 0, "git apply --check: \(check.stderrText)")
    let dryRun = try ProcessRunner.run("patch", ["-p1", "--dry-run", "-i", patchFile], cwd: tree)
    #expect(dryRun.status == 0, "patch --dry-run: \(dryRun.stdoutText)\(dryRun.stderrText)")

    let apply = try TestGit.run(["apply", patchFile], in: tree)
    #expect(apply.status == 0, "git apply: \(apply.stderrText)")
    for change in changes {
      if let new = change.new {
        #expect(try dir.read("tree/\(change.path)") == new, "\(change.path)")
      } else {
        #expect(!dir.exists("tree/\(change.path)"))
      }
    }
  }
}
