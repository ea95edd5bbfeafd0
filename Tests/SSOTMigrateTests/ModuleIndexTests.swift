import PythonSource
import Testing

@testable import SSOTMigrate

/// The analysis of statements and bindings that the transforms' safety rests on.
@Suite struct ModuleIndexTests {
  func index(_ source: String) -> (ModuleIndex, [Token], [UInt8]) {
    let bytes = Array(source.utf8)
    let tokens = PythonLexer.tokenize(bytes).tokens
    let index = ModuleIndex(file: SourceFile(path: "m.py", bytes: bytes), tokens: tokens, moduleName: "m", isPackageInit: false)
    return (index, tokens, bytes)
  }

  func text(_ statement: Statement, _ tokens: [Token], _ bytes: [UInt8]) -> String {
    String(decoding: bytes[tokens[statement.first].start..<tokens[statement.end - 1].end], as: UTF8.self)
  }

  /// `mock.patch("pkg.mod.Name")` targets: only a plain string whose value is dotted identifier
  /// text counts, and the value is exactly the body.
  @Test func dottedPathValueAcceptsOnlyPlainDottedIdentifiers() {
    let cases: [(String, String?)] = [
      (#""pkg.mod.Name""#, "pkg.mod.Name"), (#"'a.b'"#, "a.b"), (#"u"a.b""#, "a.b"), (#"R'a.b'"#, "a.b"),
      (#""""a.b""""#, "a.b"), (#"'''_x.y2'''"#, "_x.y2"), ("\"modéle.f\"", "modéle.f"), (#""a1.b2""#, "a1.b2"),
      (#""abc""#, nil), (#""""#, nil), (#"''"#, nil), (#""""""""#, nil), (#"".a""#, nil), (#""a.""#, nil), (#""a..b""#, nil),
      (#""1a.b""#, nil), (#""a.1b""#, nil), (#""a. b""#, nil), (#""a.b c""#, nil), (#""a.{b}""#, nil), (#""a\.b""#, nil),
      (#""a.b\n""#, nil), (#"b"a.b""#, nil), (#"f"a.b""#, nil), (#"rb"a.b""#, nil), (#""a.b-c""#, nil), (#""%s.%s""#, nil),
    ]
    for (literal, expected) in cases {
      let bytes = Array(("x = " + literal + "\n").utf8)
      let tokens = PythonLexer.tokenize(bytes).tokens
      let strings = tokens.filter { $0.kind == .string }
      guard strings.count == 1 else {
        Issue.record("\(literal) did not lex to one string token")
        continue
      }
      #expect(dottedPathValue(strings[0], in: SourceFile(path: "m.py", bytes: bytes)) == expected, "\(literal)")
    }
  }

  @Test func everyCompoundHeaderOpensItsBody() {
    let source = """
      try:
          a = 1
      except ValueError as err:
          b = 2
      except* OSError:
          c = 3
      else:
          d = 4
      finally:
          e = 5
      while x:
          f = 6
      with m as w:
          g = 7
      async def h():
          pass

      """
    let (index, tokens, bytes) = index(source)
    for (body, header) in [
      ("a = 1", "try"), ("b = 2", "except ValueError as err"), ("c = 3", "except* OSError"), ("d = 4", "else"),
      ("e = 5", "finally"), ("f = 6", "while x"), ("g = 7", "with m as w"), ("pass", "async def h()"),
    ] {
      guard let statement = index.statements.first(where: { text($0, tokens, bytes) == body }) else {
        Issue.record("no statement \(body)")
        continue
      }
      #expect(statement.parent >= 0 && text(index.statements[statement.parent], tokens, bytes) == header, "\(body)")
      #expect(statement.depth == 1, "\(body)")
    }
  }

  @Test func exceptAndWithTargetsAreBindings() {
    let (index, _, _) = index("try:\n    pass\nexcept ImportError as WebSocketManager:\n    pass\nwith open(p) as f, g() as (h, i):\n    pass\n")
    #expect(index.bindings[0]["WebSocketManager"]?.map(\.kind) == [.exceptTarget])
    #expect(index.bindings[0]["f"]?.map(\.kind) == [.withTarget])
    #expect(index.bindings[0]["h"]?.map(\.kind) == [.withTarget])
    #expect(index.bindings[0]["i"]?.map(\.kind) == [.withTarget])
  }

  @Test func inlineBodiesAfterExceptAndFinallyAreTheirOwnStatements() {
    let (index, tokens, bytes) = index("try: x = 1\nexcept E: y = create()\nfinally: z = 3\n")
    let texts = index.statements.map { text($0, tokens, bytes) }
    #expect(texts == ["try", "x = 1", "except E", "y = create()", "finally", "z = 3"])
    #expect(index.bindings[0]["y"]?.map(\.kind) == [.assignment])
  }

  @Test func dottedPathsAreIdentifiersJoinedByDots() {
    func value(_ body: String) -> String? {
      let bytes = Array("x = \"\(body)\"\n".utf8)
      let token = PythonLexer.tokenize(bytes).tokens.first { $0.kind == .string }!
      return dottedPathValue(token, in: SourceFile(path: "m.py", bytes: bytes))
    }
    for yes in ["a.b", "pkg.mod.Name", "_x.y_1", "caf\u{e9}.x"] { #expect(value(yes) == yes, "\(yes)") }
    for no in ["", ".", "a", "a.", ".a", "a..b", "a.1b", "1a.b", "a b.c", "a.b-c", "a/b.c"] { #expect(value(no) == nil, "\(no)") }
  }
}
