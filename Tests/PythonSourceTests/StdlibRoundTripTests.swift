import Foundation
import Testing

@testable import PythonSource

/// Lexes every `.py` file of the machine's Python standard library and compares with CPython's
/// own `tokenize`: lossless on all files, same token kinds and start offsets where tokenize
/// accepts the file.
@Suite struct StdlibRoundTripTests {
  static let python = PythonTool.find()

  @Test(.enabled(if: python != nil, "python3 is not on PATH"))
  func stdlibMatchesTokenize() throws {
    let python = try #require(Self.python)
    let stdlib = try PythonTool.run(
      python, ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    let files = PythonTool.pythonFiles(under: stdlib).filter { !$0.contains("/site-packages/") }
    #expect(files.count > 500, "found only \(files.count) files under \(stdlib)")

    let dump = try PythonTool.run(python, [PythonTool.script("tokenize_dump.py")], stdin: files.joined(separator: "\n"))
    var compared = 0
    var mismatches: [String] = []
    for line in dump.split(separator: "\n") {
      let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      let path = record["path"] as! String
      let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
      let result = PythonLexer.tokenize(bytes)
      if let problem = PythonLexer.losslessProblem(result.tokens, bytes, stoppedAt: result.error?.offset) {
        mismatches.append("\(path): not lossless: \(problem)")
        continue
      }
      guard record["ok"] as? Bool == true else { continue }
      let expected = (record["tokens"] as! [[Any]]).map { ($0[0] as! String, $0[1] as! Int) }
      let actual = result.tokens.map { ($0.kind.pythonName, $0.start) }
      if Self.knownDifferences.contains(where: { path.hasSuffix($0) }) { continue }
      if let diff = firstDifference(expected, actual) {
        mismatches.append("\(path): \(diff)")
      }
      compared += 1
    }
    #expect(compared > 500)
    #expect(mismatches.isEmpty, "\(mismatches.count) files differ:\n\(mismatches.prefix(15).joined(separator: "\n"))")
  }

  /// Files where the pure-Python `tokenize` module disagrees with CPython's real tokenizer, which
  /// the lexer follows: tokenize's `\w` misses XID_Continue characters such as U+E0100 that
  /// CPython accepts in identifiers; lib2to3's Python 2 grammar sample has Python 2 octal literals
  /// (`0377`) that Python 3 rejects and tokenize splits differently.
  static let knownDifferences = ["test/test_unicode_identifiers.py", "lib2to3/tests/data/py2_test_grammar.py"]

  func firstDifference(_ expected: [(String, Int)], _ actual: [(String, Int)]) -> String? {
    for i in 0..<max(expected.count, actual.count) {
      let e = i < expected.count ? "\(expected[i].0)@\(expected[i].1)" : "<end>"
      let a = i < actual.count ? "\(actual[i].0)@\(actual[i].1)" : "<end>"
      if e != a { return "token \(i): tokenize \(e), lexer \(a)" }
    }
    return nil
  }
}
