extension PythonLexer {
  /// Checks that `tokens` cover `bytes` losslessly: in order, without overlap, and with only
  /// spaces, tabs, form feeds, backslash continuations and a leading BOM between them. Returns a
  /// description of the first problem, or nil. `stoppedAt` is where a lex error ended the tokens.
  public static func losslessProblem(_ tokens: [Token], _ bytes: [UInt8], stoppedAt: Int? = nil) -> String? {
    var cursor = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { cursor = 3 }
    func gapIsTrivia(_ from: Int, _ to: Int) -> Bool {
      var i = from
      while i < to {
        let b = bytes[i]
        if b == 0x20 || b == 0x09 || b == 0x0C {
          i += 1
        } else if b == UInt8(ascii: "\\") && i + 1 < to && (bytes[i + 1] == 0x0A || bytes[i + 1] == 0x0D) {
          i += 2
          if bytes[i - 1] == 0x0D && i < to && bytes[i] == 0x0A { i += 1 }
        } else {
          return false
        }
      }
      return true
    }
    for token in tokens {
      if token.start < cursor { return "token at \(token.start) overlaps the previous one ending at \(cursor)" }
      if !gapIsTrivia(cursor, token.start) { return "non-trivia bytes \(cursor)..\(token.start) between tokens" }
      cursor = max(cursor, token.end)
    }
    let end = stoppedAt.map { min($0, bytes.count) } ?? bytes.count
    if stoppedAt == nil && !gapIsTrivia(cursor, end) { return "non-trivia bytes \(cursor)..\(end) after the last token" }
    return nil
  }
}
