/// The tokens of one file, and the first error if the file could not be tokenized to the end.
public struct LexResult: Sendable {
  public let tokens: [Token]
  public let error: LexError?
}

/// A lossless, byte-level Python 3.12 tokenizer with the token model of CPython's `tokenize`.
///
/// Tokens never copy text: each is a kind and a byte range into the input. The bytes between two
/// tokens are only spaces, tabs, form feeds, backslash continuations and a leading BOM, so token
/// bytes plus gaps reproduce the input exactly (`PythonLexer.gapsAreTrivia` checks it).
///
/// An f-string is one `string` token, as `tokenize` gives it before Python 3.12, but it is scanned
/// with PEP 701 rules: replacement fields may nest strings with the same quotes, nest f-strings,
/// span lines and hold comments. Errors stop the lexer and are reported with line and column;
/// every loop advances, and nothing recurses, so no input can hang or overflow the stack.
public struct PythonLexer {
  /// Tokenizes `bytes`. Never traps; on bad input the result carries a `LexError`.
  public static func tokenize(_ bytes: [UInt8]) -> LexResult {
    bytes.withUnsafeBufferPointer { buffer in
      var spilled: [Token]? = nil
      var errorOffset: Int? = nil
      var errorMessage = ""
      // Python averages a token per 5-6 bytes: the result's own storage, a token per 4 bytes,
      // holds nearly every file.
      let tokens = [Token](unsafeUninitializedCapacity: buffer.count / 4 + 16) { storage, initialized in
        var lexer = PythonLexer(buffer, tokens: TokenBuffer(borrowing: storage))
        lexer.run()
        lexer.brackets.free()
        errorOffset = lexer.errorOffset
        errorMessage = lexer.errorMessage
        if let tokens = lexer.tokens.finishSpilled() {
          spilled = tokens
          initialized = 0
        } else {
          initialized = lexer.tokens.count
        }
      }
      let error = errorOffset.map { offset -> LexError in
        let index = LineIndex(bytes)
        let location = index.location(of: min(offset, bytes.count))
        return LexError(offset: offset, line: location.line, column: location.column, message: errorMessage)
      }
      return LexResult(tokens: spilled ?? tokens, error: error)
    }
  }

  let buf: UnsafeBufferPointer<UInt8>
  let count: Int
  let keywords = KeywordTable.shared
  /// `ByteClass` of every byte value: one load decides what a token is.
  let classes = ByteClass.table
  var pos = 0
  var tokens: TokenBuffer
  /// Indentation columns (tabs to multiples of 8) and the same with tabs counted as 1, to detect
  /// inconsistent tabs and spaces as CPython does.
  var indents: [Int] = [0]
  var altIndents: [Int] = [0]
  /// Open brackets: the byte and its offset, for the "never closed" message.
  var brackets = BracketStack()
  var atLineStart = true
  var errorOffset: Int?
  var errorMessage = ""
  /// Set by a hard error: the rest of the input cannot be tokenized meaningfully.
  var stopped = false
  /// Where `run(pausing:)` last paused, so that resuming goes on.
  var pausedAt = -1

  init(_ buffer: UnsafeBufferPointer<UInt8>, tokens: TokenBuffer) {
    buf = buffer
    count = buffer.count
    self.tokens = tokens
  }

  // MARK: - Driver

  /// Lexes to the end of the input. With `pausing` (`relex`), it also returns at the start of
  /// every line that follows a NEWLINE, before its indentation, answering true; calling it again
  /// resumes there.
  @discardableResult
  mutating func run(pausing: Bool = false) -> Bool {
    if pos == 0 && count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { pos = 3 }
    while !stopped {
      if atLineStart {
        if brackets.isEmpty {
          if pausing && pos != pausedAt && tokens.last?.kind == .newline {
            pausedAt = pos
            return true
          }
          if !lexLineStart() { break }
          continue
        }
        atLineStart = false
      }
      var p = pos
      while p < count && classes[Int(buf[p])] == ByteClass.blank { p += 1 }
      pos = p
      if p >= count { break }
      // Fast paths for the tokens most of a file is made of: ASCII names and the one-byte
      // brackets and separators. Everything else, and every error, goes through `lexToken`.
      let b = buf[p]
      let kind = classes[Int(b)] & ByteClass.kindMask
      if kind == ByteClass.name {
        var q = p + 1
        while q < count && classes[Int(buf[q])] & ByteClass.continuesName != 0 { q += 1 }
        // A quote after the name makes it a string prefix; a non-ASCII byte continues it.
        if (q == count || (buf[q] < 0x80 && classes[Int(buf[q])] != ByteClass.quote)) && q - p <= Token.maximumLength(of: .name) {
          let keyword = Keyword.lookup(buf, p, q, in: keywords)
          tokens.append(Token(kind: .name, start: p, end: q, firstByte: keyword?.rawValue ?? 0))
          pos = q
          continue
        }
      } else if kind == ByteClass.op && isPlainOneByteOperator(b, at: p) {
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          brackets.push(byte: b, offset: p)
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          // An unmatched or mismatched closer is an error: `lexOperator` reports it.
          guard let open = brackets.last, bracketsMatch(open.byte, b) else {
            lexToken()
            continue
          }
          _ = brackets.pop()
        default:
          break
        }
        tokens.append(Token(kind: .op, start: p, end: p + 1, firstByte: b))
        pos = p + 1
        continue
      }
      lexToken()
    }
    if stopped { return false }
    finish()
    return false
  }

  /// Handles indentation at the start of a logical line. Returns false at end of input.
  mutating func lexLineStart() -> Bool {
    let lineStart = pos
    let (p, column, altColumn) = Self.indentation(buf, from: pos, to: count)
    if p >= count {
      pos = p
      return false
    }
    let b = buf[p]
    if b == UInt8(ascii: "#") || b == 0x0A || b == 0x0D {
      // Blank and comment-only lines do not take part in indentation.
      pos = p
      if b == UInt8(ascii: "#") {
        let end = endOfLine(from: p)
        emit(.comment, p, end)
        pos = end
      }
      emitLineEnd(.nl)
      return true
    }
    if b == UInt8(ascii: "\\") && isLineContinuation(at: p) {
      // A backslash-continued blank line: no indentation meaning; the next line continues.
      pos = p
      atLineStart = false
      return true
    }
    let top = indents[indents.count - 1]
    if column > top {
      if altColumn <= altIndents[altIndents.count - 1] {
        return fail(at: p, "inconsistent use of tabs and spaces in indentation")
      }
      indents.append(column)
      altIndents.append(altColumn)
      emit(.indent, lineStart, p)
    } else if column < top {
      while column < indents[indents.count - 1] {
        indents.removeLast()
        altIndents.removeLast()
        emit(.dedent, p, p)
      }
      if column != indents[indents.count - 1] {
        return fail(at: p, "unindent does not match any outer indentation level")
      }
      if altColumn != altIndents[altIndents.count - 1] {
        return fail(at: p, "inconsistent use of tabs and spaces in indentation")
      }
    } else if altColumn != altIndents[altIndents.count - 1] {
      return fail(at: p, "inconsistent use of tabs and spaces in indentation")
    }
    pos = p
    atLineStart = false
    return true
  }

  /// Where the blanks from `start` (before `end`) end, and the indentation they make: tabs to
  /// the next multiple of 8 and, in `altColumn`, as 1 (CPython compares both to detect
  /// inconsistent tabs and spaces); a form feed resets both.
  @inline(__always)
  static func indentation(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (end: Int, column: Int, altColumn: Int) {
    var column = 0
    var altColumn = 0
    var p = start
    // Eight spaces at a time: most indentation is spaces, in steps of four.
    if let base = buf.baseAddress {
      let raw = UnsafeRawPointer(base)
      while p &+ 8 <= end && raw.loadUnaligned(fromByteOffset: p, as: UInt64.self) == 0x2020_2020_2020_2020 {
        p &+= 8
      }
      column = p &- start
      altColumn = column
    }
    while p < end {
      let b = buf[p]
      if b == 0x20 {
        column += 1
        altColumn += 1
      } else if b == 0x09 {
        column = (column / 8 + 1) * 8
        altColumn += 1
      } else if b == 0x0C {
        column = 0
        altColumn = 0
      } else {
        break
      }
      p += 1
    }
    return (p, column, altColumn)
  }

  /// End of input: the implicit NEWLINE, the DEDENTs and ENDMARKER, as `tokenize` emits them.
  mutating func finish() {
    if let open = brackets.last {
      _ = fail(at: open.offset, "'\(Character(UnicodeScalar(open.byte)))' was never closed")
      return
    }
    if let last = tokens.last, last.kind != .newline, last.kind != .nl, last.kind != .dedent,
      last.kind != .indent
    {
      if last.kind == .comment && isCommentOnlyLine(last) {
        emit(.nl, count, count)
      } else {
        emit(.newline, count, count)
      }
    }
    while indents.count > 1 {
      indents.removeLast()
      emit(.dedent, count, count)
    }
    emit(.endMarker, count, count)
  }

  func isCommentOnlyLine(_ comment: Token) -> Bool {
    var p = comment.start - 1
    while p >= 0 {
      let b = buf[p]
      if b == 0x0A || b == 0x0D { return true }
      if b != 0x20 && b != 0x09 && b != 0x0C { return p == 2 && isBOMPrefix() }
      p -= 1
    }
    return true
  }

  func isBOMPrefix() -> Bool { count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF }

  // MARK: - Tokens

  mutating func lexToken() {
    let start = pos
    let b = buf[pos]
    switch classes[Int(b)] & ByteClass.kindMask {
    case ByteClass.name:
      lexNameOrPrefixedString()
    case ByteClass.op:
      lexOperator()
    case ByteClass.lineEnd:
      emitLineEnd(brackets.isEmpty ? .newline : .nl)
    case ByteClass.hash:
      let end = endOfLine(from: pos)
      emit(.comment, start, end)
      pos = end
    case ByteClass.quote:
      lexString(start: start, quoteAt: start, raw: false, formatted: false)
    case ByteClass.digit:
      lexNumber()
    case ByteClass.dot:
      if pos + 1 < count && isDigit(buf[pos + 1]) {
        lexNumber()
      } else {
        lexOperator()
      }
    case ByteClass.backslash:
      if isLineContinuation(at: pos) {
        pos += 1
        pos += lineEndLength(at: pos)
        if pos >= count { _ = fail(at: start, "unexpected EOF after line continuation character") }
      } else {
        _ = fail(at: start, "unexpected character after line continuation character")
      }
    case ByteClass.nonASCII:
      if Self.identifierScalarLength(buf, at: pos, start: true) != nil {
        lexNameOrPrefixedString()
      } else {
        // Like tokenize: one ERRORTOKEN for the character, and lexing goes on.
        let decoded = Self.scalar(buf, at: pos)
        let length = decoded?.length ?? 1
        softFail(at: pos, decoded == nil ? "invalid UTF-8 byte in source" : "invalid character in identifier")
        emit(.errorToken, pos, pos + length)
        pos += length
      }
    default:
      // A blank cannot start a token here; `$`, `?`, a backtick or a control byte is an error
      // token, which `lexOperator` reports.
      lexOperator()
    }
  }

  /// The length of the non-ASCII scalar at `p` if it may start (`start`) or continue an
  /// identifier (XID_Start / XID_Continue), else nil. Out of line: the Unicode property lookup
  /// needs runtime type metadata, which would otherwise be fetched on every ASCII name too.
  @inline(never)
  static func identifierScalarLength(_ buf: UnsafeBufferPointer<UInt8>, at p: Int, start: Bool) -> Int? {
    guard let (value, length) = scalar(buf, at: p) else { return nil }
    let properties = value.properties
    return (start ? properties.isXIDStart : properties.isXIDContinue) ? length : nil
  }

  /// Decodes the UTF-8 scalar at `p`, or nil for an invalid sequence.
  static func scalar(_ buf: UnsafeBufferPointer<UInt8>, at p: Int) -> (value: Unicode.Scalar, length: Int)? {
    let count = buf.count
    let b0 = buf[p]
    let length: Int
    var value: UInt32
    switch b0 {
    case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
    case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
    case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
    default: return nil
    }
    guard p + length <= count else { return nil }
    for i in 1..<length {
      let b = buf[p + i]
      guard b & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(b & 0x3F)
    }
    guard let scalar = Unicode.Scalar(value) else { return nil }
    return (scalar, length)
  }

  /// End of the identifier that starts at `start` (ASCII fast path; XID_Continue beyond ASCII).
  @inline(__always)
  func identifierEnd(from start: Int) -> Int {
    var p = start + 1
    if buf[start] < 0x80 {
      // ASCII names (nearly all): one table load per byte.
      while p < count && classes[Int(buf[p])] & ByteClass.continuesName != 0 { p += 1 }
      if p == count || buf[p] < 0x80 { return p }
    }
    return Self.unicodeIdentifierEnd(buf, classes, from: start)
  }

  /// `identifierEnd` for a name with non-ASCII letters (PEP 3131). Static: a method call would
  /// copy the whole lexer to pass `self`, on every name.
  @inline(never)
  static func unicodeIdentifierEnd(_ buf: UnsafeBufferPointer<UInt8>, _ classes: UnsafePointer<UInt8>, from start: Int) -> Int {
    let count = buf.count
    var p = start + (buf[start] < 0x80 ? 1 : (Self.scalar(buf, at: start)?.length ?? 1))
    while p < count {
      let b = buf[p]
      if b < 0x80 {
        if classes[Int(b)] & ByteClass.continuesName != 0 { p += 1 } else { break }
      } else if let length = Self.identifierScalarLength(buf, at: p, start: false) {
        p += length
      } else {
        break
      }
    }
    return p
  }

  mutating func lexNameOrPrefixedString() {
    let start = pos
    let p = identifierEnd(from: pos)
    if p < count && (buf[p] == UInt8(ascii: "\"") || buf[p] == UInt8(ascii: "'")),
      let prefix = stringPrefix(start, p)
    {
      lexString(start: start, quoteAt: p, raw: prefix.raw, formatted: prefix.formatted)
      return
    }
    if tooLong(.name, start, p) { return }
    let keyword = Keyword.lookup(buf, start, p, in: keywords)
    tokens.append(Token(kind: .name, start: start, end: p, firstByte: keyword?.rawValue ?? 0))
    pos = p
  }

  /// Valid prefixes: r, u, f, b, br, rb, fr, rf in any case.
  @inline(__always)
  func stringPrefix(_ start: Int, _ end: Int) -> (raw: Bool, formatted: Bool)? {
    let length = end - start
    if length < 1 || length > 2 { return nil }
    var raw = false
    var formatted = false
    var bytes = false
    var unicode = false
    for i in start..<end {
      switch buf[i] | 0x20 {
      case UInt8(ascii: "r"): if raw { return nil }; raw = true
      case UInt8(ascii: "f"): if formatted { return nil }; formatted = true
      case UInt8(ascii: "b"): if bytes { return nil }; bytes = true
      case UInt8(ascii: "u"): if unicode { return nil }; unicode = true
      default: return nil
      }
    }
    if unicode && length != 1 { return nil }
    if formatted && bytes { return nil }
    return (raw, formatted)
  }

  mutating func lexNumber() {
    let start = pos
    var p = pos
    if buf[p] == UInt8(ascii: "0") && p + 1 < count {
      let x = buf[p + 1] | 0x20
      if x == UInt8(ascii: "x") || x == UInt8(ascii: "o") || x == UInt8(ascii: "b") {
        p += 2
        while p < count && (isHexDigit(buf[p]) || buf[p] == UInt8(ascii: "_")) { p += 1 }
        emit(.number, start, p)
        pos = p
        return
      }
    }
    p = scanDigits(p)
    if p < count && buf[p] == UInt8(ascii: ".") {
      p = scanDigits(p + 1)
    }
    if p < count && (buf[p] | 0x20) == UInt8(ascii: "e") {
      var q = p + 1
      if q < count && (buf[q] == UInt8(ascii: "+") || buf[q] == UInt8(ascii: "-")) { q += 1 }
      if q < count && isDigit(buf[q]) { p = scanDigits(q) }
    }
    if p < count && (buf[p] | 0x20) == UInt8(ascii: "j") { p += 1 }
    emit(.number, start, p)
    pos = p
  }

  @inline(__always)
  func scanDigits(_ from: Int) -> Int {
    var p = from
    while p < count && (isDigit(buf[p]) || (buf[p] == UInt8(ascii: "_") && p + 1 < count && isDigit(buf[p + 1]))) {
      p += 1
    }
    return p
  }

  mutating func lexOperator() {
    let start = pos
    let b = buf[pos]
    // The next two bytes, read only by the operators that can be longer than one byte.
    var b1: UInt8 { pos + 1 < count ? buf[pos + 1] : 0 }
    var b2: UInt8 { pos + 2 < count ? buf[pos + 2] : 0 }
    var length = 1
    switch b {
    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
      brackets.push(byte: b, offset: pos)
    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
      guard let open = brackets.pop() else {
        _ = fail(at: pos, "unmatched '\(Character(UnicodeScalar(b)))'")
        return
      }
      if !bracketsMatch(open.byte, b) {
        _ = fail(
          at: pos,
          "closing parenthesis '\(Character(UnicodeScalar(b)))' does not match opening parenthesis '\(Character(UnicodeScalar(open.byte)))'"
        )
        return
      }
    case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "~"):
      break
    case UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"), UInt8(ascii: ">"):
      let next = b1
      if next == b {
        length = b2 == UInt8(ascii: "=") ? 3 : 2
      } else if next == UInt8(ascii: "=") {
        length = 2
      }
    case UInt8(ascii: "-"):
      let next = b1
      if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") { length = 2 }
    case UInt8(ascii: "+"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "^"),
      UInt8(ascii: "@"), UInt8(ascii: "="), UInt8(ascii: ":"):
      if b1 == UInt8(ascii: "=") { length = 2 }
    case UInt8(ascii: "!"):
      if b1 == UInt8(ascii: "=") {
        length = 2
      } else {
        softFail(at: start, "invalid syntax: '!'")
        emit(.errorToken, start, start + 1)
        pos += 1
        return
      }
    case UInt8(ascii: "."):
      if b1 == UInt8(ascii: ".") && b2 == UInt8(ascii: ".") { length = 3 }
    default:
      // `$`, `?`, a backtick, a NUL or a stray control byte: tokenize calls these ERRORTOKEN;
      // CPython would not compile the file, so the result carries an error and nothing rewrites it.
      softFail(at: pos, "invalid character '\(printable(b))' in source")
      emit(.errorToken, start, start + 1)
      pos += 1
      return
    }
    tokens.append(Token(kind: .op, start: start, end: start + length, firstByte: b))
    pos = start + length
  }

  /// True when the operator byte `b` at `p` is a whole one-byte token that `lexOperator` would
  /// emit without further checks: a bracket, `,`, `;`, or `.`, `:`, `=` not followed by what
  /// would make them longer (`...`, `:=`, `==`) or a number (`.5`).
  @inline(__always)
  func isPlainOneByteOperator(_ b: UInt8, at p: Int) -> Bool {
    switch b {
    case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
      UInt8(ascii: ","), UInt8(ascii: ";"):
      return true
    case UInt8(ascii: ":"), UInt8(ascii: "="):
      return p + 1 >= count || buf[p + 1] != UInt8(ascii: "=")
    default:
      return false
    }
  }

  func bracketsMatch(_ open: UInt8, _ close: UInt8) -> Bool {
    (open == UInt8(ascii: "(") && close == UInt8(ascii: ")"))
      || (open == UInt8(ascii: "[") && close == UInt8(ascii: "]"))
      || (open == UInt8(ascii: "{") && close == UInt8(ascii: "}"))
  }

  // MARK: - Helpers

  @inline(__always)
  mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int) {
    if tooLong(kind, start, end) { return }
    tokens.append(Token(kind: kind, start: start, end: end, firstByte: kind == .op ? buf[start] : 0))
  }

  /// A token longer than a `Token` can hold (16 MiB, 64 KiB for a name) stops the lexer with an
  /// error: the file is reported and skipped, never rewritten from a truncated token.
  @inline(__always)
  mutating func tooLong(_ kind: TokenKind, _ start: Int, _ end: Int) -> Bool {
    guard end - start > Token.maximumLength(of: kind) else { return false }
    _ = fail(at: start, "a \(kind.pythonName) token of \(end - start) bytes is longer than ssot-migrate handles (\(Token.maximumLength(of: kind)) bytes)")
    return true
  }

  /// Emits a NEWLINE or NL token covering `\n`, `\r\n` or `\r` at `pos`, or an empty one at EOF.
  mutating func emitLineEnd(_ kind: TokenKind) {
    let length = pos < count ? lineEndLength(at: pos) : 0
    emit(kind, pos, pos + length)
    pos += length
    atLineStart = true
  }

  @inline(__always)
  func lineEndLength(at p: Int) -> Int {
    guard p < count else { return 0 }
    if buf[p] == 0x0A { return 1 }
    if buf[p] == 0x0D { return p + 1 < count && buf[p + 1] == 0x0A ? 2 : 1 }
    return 0
  }

  func isLineContinuation(at p: Int) -> Bool {
    p + 1 < count && (buf[p + 1] == 0x0A || buf[p + 1] == 0x0D)
  }

  func endOfLine(from p: Int) -> Int {
    var q = p
    while q < count && buf[q] != 0x0A && buf[q] != 0x0D { q += 1 }
    return q
  }

  /// Records a hard error and stops lexing.
  mutating func fail(at offset: Int, _ message: String) -> Bool {
    softFail(at: offset, message)
    stopped = true
    pos = count
    return false
  }

  /// Records an error (the first one wins) but lets lexing go on, as tokenize does for ERRORTOKEN.
  mutating func softFail(at offset: Int, _ message: String) {
    if errorOffset == nil {
      errorOffset = offset
      errorMessage = message
    }
  }

  func printable(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? String(Character(UnicodeScalar(b))) : "\\x" + String(b, radix: 16)
  }
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
@inline(__always) func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- UInt8(ascii: "a") < 6 }

/// ASCII letters, `_`, and any non-ASCII byte: CPython accepts non-ASCII identifiers (PEP 3131);
/// a non-ASCII byte that is not a letter would not compile anyway.
@inline(__always)
public func isIdentifierStart(_ b: UInt8) -> Bool {
  (b | 0x20) &- UInt8(ascii: "a") < 26 || b == UInt8(ascii: "_") || b >= 0x80
}

@inline(__always)
public func isIdentifierContinue(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

/// What a byte can be at the start of a token, and whether it continues a name: the lexer's
/// dispatch and its name loop read one table entry per byte.
enum ByteClass {
  static let kindMask: UInt8 = 0x0F
  static let other: UInt8 = 0
  static let blank: UInt8 = 1
  static let lineEnd: UInt8 = 2
  static let name: UInt8 = 3
  static let digit: UInt8 = 4
  static let quote: UInt8 = 5
  static let hash: UInt8 = 6
  static let backslash: UInt8 = 7
  static let dot: UInt8 = 8
  static let op: UInt8 = 9
  static let nonASCII: UInt8 = 10
  /// Set on ASCII letters, digits and `_`.
  static let continuesName: UInt8 = 0x10

  /// Made once and never freed: a pointer, so that a lookup is one load with no bounds check
  /// or reference count.
  nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for b in 0..<256 {
      let byte = UInt8(b)
      var value: UInt8
      switch byte {
      case 0x20, 0x09, 0x0C: value = blank
      case 0x0A, 0x0D: value = lineEnd
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
        value = name | continuesName
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit | continuesName
      case UInt8(ascii: "'"), UInt8(ascii: "\""): value = quote
      case UInt8(ascii: "#"): value = hash
      case UInt8(ascii: "\\"): value = backslash
      case UInt8(ascii: "."): value = dot
      case 0x80...0xFF: value = nonASCII
      default:
        value = "()[]{}+-*/%&|^~<>=!:;,@".utf8.contains(byte) ? op : other
      }
      table[b] = value
    }
    return UnsafePointer(table)
  }()
}

/// The lexer's open brackets, on a growable buffer of its own (`Array` checks uniqueness on every
/// push and pop); freed by `free()` when the lexer is done.
struct BracketStack {
  private var storage: UnsafeMutablePointer<(byte: UInt8, offset: Int)>
  private var capacity = 16
  private(set) var count = 0

  init() { storage = .allocate(capacity: 16) }

  var isEmpty: Bool { count == 0 }

  var last: (byte: UInt8, offset: Int)? { count == 0 ? nil : storage[count - 1] }

  @inline(__always)
  mutating func push(byte: UInt8, offset: Int) {
    if count == capacity {
      let bigger = UnsafeMutablePointer<(byte: UInt8, offset: Int)>.allocate(capacity: capacity * 2)
      bigger.moveInitialize(from: storage, count: count)
      storage.deallocate()
      storage = bigger
      capacity *= 2
    }
    (storage + count).initialize(to: (byte, offset))
    count += 1
  }

  @inline(__always)
  mutating func pop() -> (byte: UInt8, offset: Int)? {
    guard count > 0 else { return nil }
    count -= 1
    return storage[count]
  }

  mutating func free() {
    storage.deallocate()
    count = 0
    capacity = 0
  }
}
