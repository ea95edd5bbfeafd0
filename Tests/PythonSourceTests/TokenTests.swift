import SSOTMigrateTestSupport
import Testing

@testable import PythonSource

@Suite struct TokenTests {
  /// `firstLineEndOrSemicolon` reads a token's kind and tag as the 16-bit number at its start.
  @Test func kindAndTagAreTheFirstTwoBytes() {
    #expect(MemoryLayout<Token>.size == 8)
    #expect(MemoryLayout<Token>.offset(of: \Token.kind) == 0)
    #expect(MemoryLayout<Token>.offset(of: \Token.extra) == 1)
    let semicolon = Token(kind: .op, start: 3, end: 4, firstByte: UInt8(ascii: ";"))
    let key = withUnsafeBytes(of: semicolon) { $0.load(as: UInt16.self) }
    #expect(key == UInt16(TokenKind.op.rawValue) | UInt16(UInt8(ascii: ";")) << 8)
  }

  /// The first NEWLINE, ENDMARKER or operator tagged `;`, one token at a time.
  func naiveLineEnd(_ tokens: [Token], from start: Int) -> Int {
    var j = max(start, 0)
    while j < tokens.count {
      let t = tokens[j]
      if t.kind == .newline || t.kind == .endMarker || (t.kind == .op && t.firstByte == UInt8(ascii: ";")) { return j }
      j += 1
    }
    return tokens.count
  }

  /// Every start offset of random token lists, whatever their lengths and tags (a NEWLINE is
  /// never confused with another kind, or an operator tagged like `;` with other operators),
  /// including the tails shorter than one vector step.
  @Test func firstLineEndOrSemicolonMatchesATokenAtATimeScan() {
    var random = SeededGenerator(seed: 7)
    let kinds: [TokenKind] = [.name, .op, .number, .string, .comment, .newline, .nl, .indent, .dedent, .endMarker, .errorToken]
    let tags: [UInt8] = [0, 1, UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "("), 0x3B ^ 0x0C, 0xFF]
    for round in 0..<300 {
      let count = Int.random(in: 0...40, using: &random)
      var tokens: [Token] = []
      var offset = 0
      for _ in 0..<count {
        let kind = kinds.randomElement(using: &random)!
        // Rare kinds most of the time, so that runs without a hit cross several vector steps.
        let rare = round % 3 == 0 || Int.random(in: 0..<8, using: &random) == 0
        let picked: TokenKind = rare ? kind : [.name, .op, .string, .nl].randomElement(using: &random)!
        // Long tokens set bits of the tag byte; a NEWLINE is one or two bytes, an ENDMARKER none.
        let length =
          picked.carriesFirstByte ? Int.random(in: 1...3, using: &random)
          : picked == .newline || picked == .endMarker ? Int.random(in: 0...2, using: &random)
          : Int.random(in: 0...0x2_0000, using: &random)
        let tag = tags.randomElement(using: &random)!
        tokens.append(Token(kind: picked, start: offset, end: offset + length, firstByte: tag))
        offset += length
      }
      tokens.withUnsafeBufferPointer { buffer in
        for start in -1...(count + 1) {
          #expect(Token.firstLineEndOrSemicolon(in: buffer, from: start) == naiveLineEnd(tokens, from: start))
        }
      }
    }
  }
}
