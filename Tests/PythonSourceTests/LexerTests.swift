import Testing
@testable import PythonSource

@Suite struct LexerTests {
  @Test func placeholder() { #expect(PythonLexer.tokenize(Array("x = 1\n".utf8)).error == nil) }
}
