import PythonSource

/// The text of a statement with everything a formatter may change taken out, so that a baseline
/// entry survives black, isort-style re-wrapping, re-indentation and new comments.
///
/// Only the significant tokens count (no comments, line breaks, indentation or backslash
/// continuations); a trailing comma before a closing bracket is dropped (black's "magic trailing
/// comma" appears when a call is exploded over several lines); tokens are joined by one space,
/// except around brackets, dots, commas and colons, so that the text reads like code:
/// `manager = await create_websocket_manager(ctx)`.
public enum StatementText {
  /// The normalized text of `tokens[range]`, whose text is in `bytes`.
  public static func normalized(_ tokens: [Token], _ range: Range<Int>, in bytes: [UInt8]) -> String {
    var significant: [Int] = []
    for k in range where isSignificant(tokens[k].kind) { significant.append(k) }
    var out: [UInt8] = []
    var previous: Token? = nil
    for (n, k) in significant.enumerated() {
      let token = tokens[k]
      if token.isOp(UInt8(ascii: ",")), n + 1 < significant.count, isCloser(tokens[significant[n + 1]]) { continue }
      if let previous, needsSpace(between: previous, and: token) { out.append(0x20) }
      out.append(contentsOf: bytes[token.start..<token.end])
      previous = token
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The normalized text of a fragment that is not (or not only) a statement of the file: an
  /// inserted import line, a physical line of a file that does not lex. Lexed on its own; when
  /// it does not lex, its whitespace runs become single spaces.
  public static func normalized(fragment: ArraySlice<UInt8>) -> String {
    let bytes = Array(fragment)
    let lexed = PythonLexer.tokenize(bytes)
    if lexed.error == nil { return normalized(lexed.tokens, lexed.tokens.indices, in: bytes) }
    var out: [UInt8] = []
    for byte in bytes {
      let blank = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
      if blank {
        if let last = out.last, last != 0x20 { out.append(0x20) }
      } else {
        out.append(byte)
      }
    }
    if out.last == 0x20 { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
  }

  static func isSignificant(_ kind: TokenKind) -> Bool {
    switch kind {
    case .comment, .nl, .newline, .indent, .dedent, .endMarker: return false
    case .name, .op, .number, .string, .errorToken: return true
    }
  }

  static func isCloser(_ token: Token) -> Bool {
    token.isOp(UInt8(ascii: ")")) || token.isOp(UInt8(ascii: "]")) || token.isOp(UInt8(ascii: "}"))
  }

  static func needsSpace(between previous: Token, and token: Token) -> Bool {
    if previous.isOp(UInt8(ascii: "(")) || previous.isOp(UInt8(ascii: "[")) || previous.isOp(UInt8(ascii: "{"))
      || previous.isOp(UInt8(ascii: "."))
    {
      return false
    }
    if isCloser(token) || token.isOp(UInt8(ascii: ",")) || token.isOp(UInt8(ascii: ":")) || token.isOp(UInt8(ascii: "."))
      || token.isOp(UInt8(ascii: ";"))
    {
      return false
    }
    // A call or a subscript: `f(x)`, `a[1]`, `f()(x)`, `"{}".format`; but `if (x)`, `in [a]`.
    if token.isOp(UInt8(ascii: "(")) || token.isOp(UInt8(ascii: "[")) {
      return previous.isKeyword || previous.kind == .op && !isCloser(previous) || previous.kind == .number
    }
    return true
  }
}
