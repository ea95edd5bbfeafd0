/// The token kinds of Python's `tokenize` module (an f-string is one `string`, as before 3.12).
public enum TokenKind: UInt8, Sendable {
  // `name` and `op` come first: `carriesFirstByte` is one comparison.
  case name
  case op
  case number
  case string
  case comment
  /// End of a logical line.
  case newline
  /// A line end that does not end a logical line (blank line, comment line, inside brackets).
  case nl
  case indent
  case dedent
  case endMarker
  case errorToken

  /// Names and operators keep a byte of their text (keyword, operator) in the token.
  @inlinable public var carriesFirstByte: Bool { rawValue <= TokenKind.op.rawValue }

  /// The name `tokenize.tok_name` uses, for comparison with CPython.
  public var pythonName: String {
    switch self {
    case .name: return "NAME"
    case .number: return "NUMBER"
    case .string: return "STRING"
    case .op: return "OP"
    case .comment: return "COMMENT"
    case .newline: return "NEWLINE"
    case .nl: return "NL"
    case .indent: return "INDENT"
    case .dedent: return "DEDENT"
    case .endMarker: return "ENDMARKER"
    case .errorToken: return "ERRORTOKEN"
    }
  }
}

/// A token points into the source; its text is a slice of `SourceFile.bytes`.
///
/// Eight bytes: the candidate files of a large repository lex to millions of tokens, kept
/// between phases, and every analysis walks them; at 12 bytes they were most of the run's
/// memory. The start is a 32-bit offset; the length takes 16 bits for names and operators (whose
/// other byte holds the keyword or operator byte) and 24 bits for every other kind. The lexer
/// rejects a longer token (`maximumLength(of:)`).
public struct Token: Sendable, Equatable {
  public let kind: TokenKind
  /// Names and operators: `firstByte`. Other kinds: bits 16-23 of the length.
  @usableFromInline let extra: UInt8
  /// Bits 0-15 of the length.
  @usableFromInline let lengthLow: UInt16
  public let startOffset: UInt32

  @inlinable
  public init(kind: TokenKind, start: Int, end: Int, firstByte: UInt8 = 0) {
    let length = end - start
    self.kind = kind
    self.startOffset = UInt32(truncatingIfNeeded: start)
    self.lengthLow = UInt16(truncatingIfNeeded: length)
    self.extra = kind.carriesFirstByte ? firstByte : UInt8(truncatingIfNeeded: length >> 16)
  }

  /// The same token `shift` bytes later (a relex moves the tokens after an edit).
  @inlinable
  public func shifted(by shift: Int) -> Token {
    Token(kind: kind, startOffset: UInt32(truncatingIfNeeded: Int(startOffset) &+ shift), extra: extra, lengthLow: lengthLow)
  }

  @usableFromInline
  init(kind: TokenKind, startOffset: UInt32, extra: UInt8, lengthLow: UInt16) {
    self.kind = kind
    self.startOffset = startOffset
    self.extra = extra
    self.lengthLow = lengthLow
  }

  /// The longest token of `kind` that fits.
  public static func maximumLength(of kind: TokenKind) -> Int { kind.carriesFirstByte ? 0xFFFF : 0xFF_FFFF }

  /// For `op` tokens, the first byte of the operator (`(`, `.`, `=`); for `name` tokens, the
  /// `Keyword` raw value (0 for an identifier); 0 otherwise. Lets matchers test single-byte
  /// operators and keywords without slicing the source.
  @inlinable public var firstByte: UInt8 { kind.carriesFirstByte ? extra : 0 }

  @inlinable public var start: Int { Int(startOffset) }
  @inlinable public var end: Int { Int(startOffset) + length }
  @inlinable public var range: ByteRange { ByteRange(start, end) }
  @inlinable public var length: Int { kind.carriesFirstByte ? Int(lengthLow) : Int(lengthLow) | Int(extra) << 16 }

  /// True for a one-byte operator token equal to `byte`.
  @inlinable
  public func isOp(_ byte: UInt8) -> Bool { kind == .op && lengthLow == 1 && extra == byte }

  /// The hard keyword a `name` token spells; nil for identifiers and other kinds.
  @inlinable public var keyword: Keyword? { kind == .name && extra != 0 ? Keyword(rawValue: extra) : nil }

  /// True for a `name` token that is a hard keyword.
  @inlinable public var isKeyword: Bool { kind == .name && extra != 0 }

  /// True for a `name` token spelling `keyword`.
  @inlinable public func isKeyword(_ keyword: Keyword) -> Bool { kind == .name && extra == keyword.rawValue }

  /// True for tokens that carry no code: comments and non-logical line ends.
  @inlinable public var isTrivia: Bool { kind == .comment || kind == .nl }
}

extension Token {
  /// The first token from `start` that ends a simple statement's line (NEWLINE or ENDMARKER) or
  /// separates two statements on it (`;`), or `tokens.count`. Statement analysis runs this over
  /// every token of a file, most of them more than once, so it tests four tokens per step: the
  /// kind and tag bytes of each as a 16-bit lane of a vector (`kind | tag << 8`; a NEWLINE's or
  /// ENDMARKER's tag is 0, its length being below 2^16; a `;` is an operator tagged `;`).
  /// `Token`'s layout (kind, tag, length, start) is checked by `TokenTests`.
  @inlinable
  public static func firstLineEndOrSemicolon(in tokens: UnsafeBufferPointer<Token>, from start: Int) -> Int {
    let n = tokens.count
    var j = max(start, 0)
    guard j < n, let base = tokens.baseAddress else { return n }
    let raw = UnsafeRawPointer(base)
    let newline = UInt16(TokenKind.newline.rawValue)
    let endMarker = UInt16(TokenKind.endMarker.rawValue)
    let semicolon = UInt16(TokenKind.op.rawValue) | UInt16(UInt8(ascii: ";")) << 8
    let (newlines, endMarkers, semicolons) = (SIMD8(repeating: newline), SIMD8(repeating: endMarker), SIMD8(repeating: semicolon))
    // Four tokens per step, in two vectors: a hit is rare (a statement is ~8 tokens long).
    while j &+ 4 <= n {
      let first = raw.loadUnaligned(fromByteOffset: j &* 8, as: SIMD8<UInt16>.self)
      let second = raw.loadUnaligned(fromByteOffset: j &* 8 &+ 16, as: SIMD8<UInt16>.self)
      let hitFirst = (first .== newlines) .| (first .== endMarkers) .| (first .== semicolons)
      let hitSecond = (second .== newlines) .| (second .== endMarkers) .| (second .== semicolons)
      let either = hitFirst .| hitSecond
      if either[0] || either[4] {
        if hitFirst[0] { return j }
        if hitFirst[4] { return j &+ 1 }
        if hitSecond[0] { return j &+ 2 }
        return j &+ 3
      }
      j &+= 4
    }
    while j < n {
      let key = raw.load(fromByteOffset: j &* 8, as: UInt16.self)
      if key == newline || key == endMarker || key == semicolon { return j }
      j &+= 1
    }
    return n
  }
}
