/// The token kinds of Python's `tokenize` module (an f-string is one `string`, as before 3.12).
public enum TokenKind: UInt8, Sendable {
  case name
  case number
  case string
  case op
  case comment
  /// End of a logical line.
  case newline
  /// A line end that does not end a logical line (blank line, comment line, inside brackets).
  case nl
  case indent
  case dedent
  case endMarker
  case errorToken

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
/// Offsets are stored as `Int32` to keep a token at 12 bytes (a 50 MB file still fits).
public struct Token: Sendable, Equatable {
  public let kind: TokenKind
  /// For `op` tokens, the first byte of the operator (`(`, `.`, `=`); for `name` tokens, the
  /// `Keyword` raw value (0 for an identifier); 0 otherwise. Lets matchers test single-byte
  /// operators and keywords without slicing the source.
  public let firstByte: UInt8
  public let startOffset: Int32
  public let endOffset: Int32

  @inlinable
  public init(kind: TokenKind, start: Int, end: Int, firstByte: UInt8 = 0) {
    self.kind = kind
    self.firstByte = firstByte
    self.startOffset = Int32(truncatingIfNeeded: start)
    self.endOffset = Int32(truncatingIfNeeded: end)
  }

  @inlinable public var start: Int { Int(startOffset) }
  @inlinable public var end: Int { Int(endOffset) }
  @inlinable public var range: ByteRange { ByteRange(start, end) }
  @inlinable public var length: Int { end - start }

  /// True for a one-byte operator token equal to `byte`.
  @inlinable
  public func isOp(_ byte: UInt8) -> Bool { kind == .op && endOffset - startOffset == 1 && firstByte == byte }

  /// The hard keyword a `name` token spells; nil for identifiers and other kinds.
  @inlinable public var keyword: Keyword? { kind == .name && firstByte != 0 ? Keyword(rawValue: firstByte) : nil }

  /// True for a `name` token that is a hard keyword.
  @inlinable public var isKeyword: Bool { kind == .name && firstByte != 0 }

  /// True for a `name` token spelling `keyword`.
  @inlinable public func isKeyword(_ keyword: Keyword) -> Bool { kind == .name && firstByte == keyword.rawValue }

  /// True for tokens that carry no code: comments and non-logical line ends.
  @inlinable public var isTrivia: Bool { kind == .comment || kind == .nl }
}
