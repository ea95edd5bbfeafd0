import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import PythonSource

/// `PythonLexer.relex` must give exactly what `tokenize` gives on the edited bytes, whatever the
/// edits do to brackets, strings, indentation and line ends.
@Suite struct RelexTests {
  /// Fragments edits insert: the ones that change the lexer's state across lines are the point.
  static let fragments: [String] = [
    "", "x", "(", ")", "[", "]", "{", "}", "\n", "\r\n", "\r", "    ", "\t", "\u{0C}", "#c\n", "\\\n", "'", "\"", "'''", "\"\"\"",
    "f'{", "}'", "x = 1\n", "if x:\n    y = 2\n", "\n    z()\n", "def f():\n  pass\n", "from a.b import c\n", "import os\n",
    "WebSocketManager(user_context=ctx)", "await ", "lambda: 0", ";", "é", "\u{FEFF}", "0x1f", "1.5e3j",
  ]

  /// Files to edit: every golden input and output and the sample repository.
  static func corpus() -> [[UInt8]] {
    var files: [[UInt8]] = []
    let root = GoldenCase.goldenDirectory.path
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".py"), let data = FileManager.default.contents(atPath: root + "/" + path) else { continue }
      files.append(Array(data))
    }
    files += [
      "x = 1\n", "", "\n", "\u{FEFF}x = 1\r\ny = 2\r\n", "if a:\n\tif b:\n\t\tc\n\td\ne\n", "s = '''\nline\n'''\nt = 1\n",
      "f(a,\n  b)\ng = 2", "class A:\n    def f(self):\n        return 1\n\n    x = 2\n# end\n",
    ].map { Array($0.utf8) }
    return files.sorted { $0.count < $1.count }
  }

  /// Up to `count` random non-overlapping edits of `bytes`, as `relex` takes them.
  static func randomChanges(of bytes: [UInt8], count: Int, using random: inout SeededGenerator) -> (bytes: [UInt8], changes: [PythonLexer.Change]) {
    var cuts = (0..<(2 * count)).map { _ in Int.random(in: 0...bytes.count, using: &random) }.sorted()
    // Mostly small ranges: pair each start with a nearby end.
    for k in stride(from: 0, to: cuts.count, by: 2) where Bool.random(using: &random) {
      cuts[k + 1] = min(cuts[k + 1], cuts[k] + Int.random(in: 0...8, using: &random))
    }
    var output: [UInt8] = []
    var changes: [PythonLexer.Change] = []
    var cursor = 0
    for k in stride(from: 0, to: cuts.count, by: 2) {
      let start = max(cuts[k], cursor)
      let end = max(cuts[k + 1], start)
      let replacement = Array(fragments[Int.random(in: 0..<fragments.count, using: &random)].utf8)
      if start == end && replacement.isEmpty { continue }
      output += bytes[cursor..<start]
      output += replacement
      changes.append(PythonLexer.Change(start: start, end: end, length: replacement.count))
      cursor = end
    }
    output += bytes[cursor...]
    return (output, changes)
  }

  @Test func relexEqualsTokenizeAfterRandomEdits() {
    let (checked, clean) = Self.check(Self.corpus(), rounds: 24, seed: 0x5EED_0F_0E1E)
    // Enough cases, and enough of them still lexing after the edits, to exercise both paths.
    #expect(checked > 3_000)
    #expect(clean > checked / 5)
  }

  /// Every tenth file of the standard library: real files, long ones, every style.
  @Test(.enabled(if: PythonTool.find() != nil, "python3 is not on PATH"))
  func relexEqualsTokenizeOnTheStandardLibrary() throws {
    let python = try #require(PythonTool.find())
    let stdlib = try PythonTool.run(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let paths = PythonTool.pythonFiles(under: stdlib).filter { !$0.contains("/site-packages/") }
    let files = stride(from: 0, to: paths.count, by: 10).compactMap { FileManager.default.contents(atPath: paths[$0]).map { Array($0) } }
    let (checked, _) = Self.check(files, rounds: 6, seed: 0x0DDB_A11)
    #expect(checked > 500)
  }

  /// Edits each file `rounds` times at random and compares `relex` with `tokenize`; returns how
  /// many edited files were compared and how many of them lex without error.
  static func check(_ files: [[UInt8]], rounds: Int, seed: UInt64) -> (checked: Int, clean: Int) {
    var random = SeededGenerator(seed: seed)
    var checked = 0
    var clean = 0
    for original in files {
      let lexed = PythonLexer.tokenize(original)
      guard lexed.error == nil else { continue }
      for round in 0..<rounds {
        let (bytes, changes) = Self.randomChanges(of: original, count: 1 + round % 4, using: &random)
        guard !changes.isEmpty else { continue }
        let expected = PythonLexer.tokenize(bytes)
        let relexed = PythonLexer.relex(bytes, from: original, changes: changes, oldTokens: lexed.tokens)
        #expect(relexed.tokens == expected.tokens, "changes \(changes) of \(String(decoding: original, as: UTF8.self).debugDescription)")
        #expect(relexed.error?.offset == expected.error?.offset)
        #expect(relexed.error?.message == expected.error?.message)
        checked += 1
        if expected.error == nil { clean += 1 }
      }
    }
    return (checked, clean)
  }

  @Test func editsOfDistantLinesKeepTheTokensBetween() {
    let original = Array("import a\nx = 1\ny = 2\nz = 3\n".utf8)
    let old = PythonLexer.tokenize(original).tokens
    let bytes = Array("import b\nx = 1\ny = 2\nz = 30\n".utf8)
    let changes = [PythonLexer.Change(start: 7, end: 8, length: 1), PythonLexer.Change(start: 25, end: 26, length: 2)]
    #expect(PythonLexer.relex(bytes, from: original, changes: changes, oldTokens: old).tokens == PythonLexer.tokenize(bytes).tokens)
  }

  @Test func anEditThatOpensABracketLexesToTheEnd() {
    let original = Array("a = 1\nb = 2\nc = 3\n".utf8)
    let old = PythonLexer.tokenize(original).tokens
    let bytes = Array("a = (1\nb = 2\nc = 3\n".utf8)
    let result = PythonLexer.relex(bytes, from: original, changes: [PythonLexer.Change(start: 4, end: 4, length: 1)], oldTokens: old)
    let expected = PythonLexer.tokenize(bytes)
    #expect(result.tokens == expected.tokens)
    #expect(result.error?.message == expected.error?.message)
    #expect(result.error != nil)
  }

  @Test func anEditThatChangesIndentationIsRelexedWithTheStack() {
    let original = Array("if a:\n    b\n    c\nd\n".utf8)
    let old = PythonLexer.tokenize(original).tokens
    // `c` moves out of the block: the DEDENT comes earlier.
    let bytes = Array("if a:\n    b\nc\nd\n".utf8)
    let changes = [PythonLexer.Change(start: 12, end: 16, length: 0)]
    #expect(PythonLexer.relex(bytes, from: original, changes: changes, oldTokens: old).tokens == PythonLexer.tokenize(bytes).tokens)
  }
}
