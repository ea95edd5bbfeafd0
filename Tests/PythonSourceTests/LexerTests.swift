import SSOTMigrateTestSupport
import Testing

@testable import PythonSource

/// Token lists for inputs CPython's tokenize module cannot check (PEP 701 f-strings need 3.12,
/// lone CR line ends, errors), plus the losslessness invariant on each.
@Suite struct LexerTests {
  func kinds(_ source: String) -> [String] {
    let result = PythonLexer.tokenize(Array(source.utf8))
    return result.tokens.map { token in
      let text = String(decoding: Array(source.utf8)[token.start..<token.end], as: UTF8.self)
      return "\(token.kind.pythonName)(\(text))"
    }
  }

  func lossless(_ bytes: [UInt8]) -> Bool {
    let result = PythonLexer.tokenize(bytes)
    return PythonLexer.losslessProblem(result.tokens, bytes, stoppedAt: result.error?.offset) == nil
  }

  @Test func simpleStatement() {
    #expect(kinds("x = 1\n") == ["NAME(x)", "OP(=)", "NUMBER(1)", "NEWLINE(\n)", "ENDMARKER()"])
  }

  @Test func pep701NestedSameQuotes() {
    let source = "f\"{x[\"a\"]!r:>{width}} {f'{y}'}\"\n"
    #expect(kinds(source) == ["STRING(\(source.dropLast()))", "NEWLINE(\n)", "ENDMARKER()"])
  }

  @Test func fStringEscapedBracesAndNamedEscape() {
    let source = "f\"{{literal}} \\N{BULLET} {value}\"\n"
    #expect(kinds(source).first == "STRING(\(source.dropLast()))")
  }

  @Test func fStringReplacementFieldSpansLinesWithComment() {
    let source = "f'''{\n  x  # comment\n}'''\n"
    #expect(kinds(source) == ["STRING(\(source.dropLast()))", "NEWLINE(\n)", "ENDMARKER()"])
  }

  @Test func everyStringPrefix() {
    for prefix in ["r", "b", "u", "f", "rb", "br", "fr", "rf", "R", "B", "U", "F", "Rb", "bR", "Fr", "rF"] {
      #expect(kinds("\(prefix)'x'\n").first == "STRING(\(prefix)'x')", "prefix \(prefix)")
    }
    #expect(kinds("ur'x'\n").first == "NAME(ur)", "ur is not a prefix in Python 3")
  }

  @Test func newlineInsideBracketsIsNL() {
    #expect(kinds("f(\n  1,\n)\n") == ["NAME(f)", "OP(()", "NL(\n)", "NUMBER(1)", "OP(,)", "NL(\n)", "OP())", "NEWLINE(\n)", "ENDMARKER()"])
  }

  @Test func indentAndDedent() {
    #expect(kinds("if x:\n    y\nz\n") == [
      "NAME(if)", "NAME(x)", "OP(:)", "NEWLINE(\n)", "INDENT(    )", "NAME(y)", "NEWLINE(\n)", "DEDENT()", "NAME(z)",
      "NEWLINE(\n)", "ENDMARKER()",
    ])
  }

  @Test func crlfAndLoneCR() {
    #expect(kinds("a\r\nb\rc") == ["NAME(a)", "NEWLINE(\r\n)", "NAME(b)", "NEWLINE(\r)", "NAME(c)", "NEWLINE()", "ENDMARKER()"])
    #expect(lossless(Array("a\r\nb\rc".utf8)))
  }

  @Test func byteOrderMarkIsNotAToken() {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("x = 1\n".utf8)
    let result = PythonLexer.tokenize(bytes)
    #expect(result.error == nil)
    #expect(result.tokens.first?.start == 3)
    #expect(lossless(bytes))
  }

  @Test func formFeedResetsIndentation() {
    let source = "if x:\n\u{0C}    y\n"
    #expect(PythonLexer.tokenize(Array(source.utf8)).error == nil)
    #expect(lossless(Array(source.utf8)))
  }

  @Test func backslashContinuation() {
    #expect(kinds("x = 1 + \\\n    2\n") == ["NAME(x)", "OP(=)", "NUMBER(1)", "OP(+)", "NUMBER(2)", "NEWLINE(\n)", "ENDMARKER()"])
  }

  @Test func nonASCIIIdentifiers() {
    #expect(kinds("größe = 1\n").first == "NAME(größe)")
    #expect(kinds("€ = 1\n").first == "ERRORTOKEN(€)")
  }

  @Test func commentAtEndOfFileWithoutNewline() {
    #expect(kinds("x\n# c") == ["NAME(x)", "NEWLINE(\n)", "COMMENT(# c)", "NL()", "ENDMARKER()"])
  }

  @Test(arguments: [
    ("x = 'abc\n", "unterminated string literal", 1, 5),
    ("x = '''abc\n", "unterminated triple-quoted string literal", 1, 5),
    ("x = f'{a'\n", "unterminated f-string literal", 1, 5),
    ("x = (1,\n", "'(' was never closed", 1, 5),
    ("x = 1)\n", "unmatched ')'", 1, 6),
    ("x = (1]\n", "closing parenthesis ']' does not match opening parenthesis '('", 1, 7),
    ("if x:\n    y\n  z\n", "unindent does not match any outer indentation level", 3, 3),
    ("if x:\n\ty\n        z\n", "inconsistent use of tabs and spaces in indentation", 3, 9),
    ("x = 1 \\ y\n", "unexpected character after line continuation character", 1, 7),
  ])
  func errorsHaveLineAndColumn(_ source: String, _ message: String, _ line: Int, _ column: Int) {
    let result = PythonLexer.tokenize(Array(source.utf8))
    #expect(result.error?.message == message)
    #expect(result.error?.line == line)
    #expect(result.error?.column == column)
    #expect(lossless(Array(source.utf8)))
  }

  @Test func deepNestingDoesNotOverflowTheStack() {
    let depth = 100_000
    let source = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "\n"
    let result = PythonLexer.tokenize(Array(source.utf8))
    #expect(result.error == nil)
    #expect(result.tokens.count == 2 * depth + 3)
    let nestedFString = String(repeating: "f'{", count: 2_000) + "x" + String(repeating: "}'", count: 2_000) + "\n"
    #expect(PythonLexer.tokenize(Array(nestedFString.utf8)).error == nil)
  }

  @Test func randomBytesNeverTrapAndStayLossless() {
    var generator = SeededGenerator(seed: 42)
    let alphabet = Array("ab_1 \t\n\r\\'\"#f{}()[]:=.!$".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0x0C]
    for _ in 0..<3_000 {
      let length = Int.random(in: 0..<80, using: &generator)
      let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
      #expect(lossless(bytes), "\(bytes)")
    }
  }

  @Test func nameTokensCarryTheirHardKeyword() {
    // Python's keyword.kwlist (3.12); soft keywords and look-alikes stay identifiers.
    let hard = [
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
      "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
    #expect(Set(Keyword.allCases.map(\.text)) == Set(hard))
    let lookalikes = ["match", "case", "type", "_", "If", "NONE", "true", "import_", "fromage", "a", "ifs", "el", "yields", "nonlocals", "continued", "é", "déf"]
    let source = (hard + lookalikes).joined(separator: " ") + "\n"
    let bytes = Array(source.utf8)
    let names = PythonLexer.tokenize(bytes).tokens.filter { $0.kind == .name }
    #expect(names.count == hard.count + lookalikes.count)
    for token in names {
      let text = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
      #expect(token.keyword?.text == (hard.contains(text) ? text : nil), "\(text)")
      #expect(token.isKeyword == hard.contains(text))
    }
    // A keyword at the very end of the input (fewer than 8 bytes left to load at once).
    for (tail, keyword) in [("x = None", Keyword.None), ("pass", .pass), ("if", .if), ("continue", .continue)] {
      let tokens = PythonLexer.tokenize(Array(tail.utf8)).tokens
      #expect(tokens.last { $0.kind == .name }?.keyword == keyword, "\(tail)")
    }
    #expect(PythonLexer.tokenize(Array("'if'".utf8)).tokens.allSatisfy { !$0.isKeyword })
  }

  /// A token is eight bytes: lengths up to 16 MiB (64 KiB for names) are exact, and a longer
  /// token is an error that names it instead of a truncated token.
  @Test func longTokensAreExactAndTooLongOnesAreErrors() {
    let string = "x = '" + String(repeating: "a", count: 100_000) + "'\n"
    let lexed = PythonLexer.tokenize(Array(string.utf8))
    #expect(lexed.error == nil)
    #expect(lexed.tokens.first { $0.kind == .string }?.length == 100_002)
    let name = String(repeating: "n", count: 65_535)
    #expect(PythonLexer.tokenize(Array((name + " = 1\n").utf8)).tokens.first?.length == 65_535)
    let tooLongName = PythonLexer.tokenize(Array(("x = 1\n" + name + "n = 1\n").utf8))
    #expect(tooLongName.error?.line == 2)
    #expect(tooLongName.error?.message.contains("NAME token of 65536 bytes") == true)
    let huge = PythonLexer.tokenize(Array(("# " + String(repeating: "c", count: 1 << 24) + "\n").utf8))
    #expect(huge.error?.message.contains("COMMENT token") == true)
    let shifted = lexed.tokens[2].shifted(by: 7)
    #expect(shifted.start == lexed.tokens[2].start + 7 && shifted.length == lexed.tokens[2].length && shifted.kind == .string)
  }
}
