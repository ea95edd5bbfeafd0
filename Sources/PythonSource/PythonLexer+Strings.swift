// MARK: - Strings and f-strings (PEP 701)

extension PythonLexer {
  /// What the f-string scanner is inside of. Kept on an explicit stack so nesting depth is bounded
  /// by memory, not by the call stack.
  enum StringFrame {
    /// The literal part of a string: its quote byte, whether it is triple-quoted, raw, formatted.
    case literal(quote: UInt8, triple: Bool, raw: Bool, formatted: Bool)
    /// A replacement field's expression; `depth` counts brackets opened inside it.
    case expression(depth: Int)
    /// A format specification after `:`; literal text that may hold nested fields.
    case formatSpec
  }

  /// Lexes a string whose prefix starts at `start` and whose opening quote is at `quoteAt`.
  mutating func lexString(start: Int, quoteAt: Int, raw: Bool, formatted: Bool) {
    if !formatted {
      guard let end = scanPlainString(quoteAt: quoteAt, raw: raw, reportFrom: start) else { return }
      emit(.string, start, end)
      pos = end
      return
    }
    guard let end = scanFormattedString(quoteAt: quoteAt, raw: raw, reportFrom: start) else { return }
    emit(.string, start, end)
    pos = end
  }

  /// The end offset of a string without replacement fields, or nil after recording an error.
  mutating func scanPlainString(quoteAt: Int, raw: Bool, reportFrom: Int, quiet: Bool = false) -> Int? {
    let quote = buf[quoteAt]
    let triple = quoteAt + 2 < count && buf[quoteAt + 1] == quote && buf[quoteAt + 2] == quote
    var p = quoteAt + (triple ? 3 : 1)
    while p < count {
      let b = buf[p]
      if b == UInt8(ascii: "\\") {
        // Even in a raw string a backslash keeps the next quote from closing the literal.
        p += 1
        if p < count && buf[p] == 0x0D && p + 1 < count && buf[p + 1] == 0x0A { p += 1 }
        p += 1
        continue
      }
      if b == quote {
        if !triple { return p + 1 }
        if p + 2 < count && buf[p + 1] == quote && buf[p + 2] == quote { return p + 3 }
      } else if !triple && (b == 0x0A || b == 0x0D) {
        if !quiet { _ = fail(at: reportFrom, "unterminated string literal") }
        return nil
      }
      p += 1
    }
    if !quiet { _ = fail(at: reportFrom, triple ? "unterminated triple-quoted string literal" : "unterminated string literal") }
    return nil
  }

  /// The end offset of an f-string, scanning nested replacement fields, strings and f-strings.
  mutating func scanFormattedString(quoteAt: Int, raw: Bool, reportFrom: Int) -> Int? {
    var stack: [StringFrame] = []
    var starts: [Int] = []
    func open(_ q: Int, raw: Bool, formatted: Bool) -> Int {
      let quote = buf[q]
      let triple = q + 2 < count && buf[q + 1] == quote && buf[q + 2] == quote
      stack.append(.literal(quote: quote, triple: triple, raw: raw, formatted: formatted))
      return q + (triple ? 3 : 1)
    }
    starts.append(reportFrom)
    var p = open(quoteAt, raw: raw, formatted: true)

    while p < count, let top = stack.last {
      let b = buf[p]
      switch top {
      case .literal(let quote, let triple, let isRaw, _):
        if b == UInt8(ascii: "\\") {
          p += 1
          guard p < count else { break }
          if !isRaw && buf[p] == UInt8(ascii: "N") && p + 1 < count && buf[p + 1] == UInt8(ascii: "{") {
            // `\N{NAME}`: the braces belong to the escape, not to a replacement field.
            while p < count && buf[p] != UInt8(ascii: "}") && buf[p] != quote { p += 1 }
            if p < count && buf[p] == UInt8(ascii: "}") { p += 1 }
          } else if buf[p] != UInt8(ascii: "{") && buf[p] != UInt8(ascii: "}") {
            if buf[p] == 0x0D && p + 1 < count && buf[p + 1] == 0x0A { p += 1 }
            p += 1
          }
          continue
        }
        if b == quote {
          if !triple || (p + 2 < count && buf[p + 1] == quote && buf[p + 2] == quote) {
            p += triple ? 3 : 1
            stack.removeLast()
            starts.removeLast()
            if stack.isEmpty { return p }
            continue
          }
        } else if b == UInt8(ascii: "{") {
          if p + 1 < count && buf[p + 1] == UInt8(ascii: "{") {
            p += 2
            continue
          }
          stack.append(.expression(depth: 0))
        } else if b == UInt8(ascii: "}") {
          if p + 1 < count && buf[p + 1] == UInt8(ascii: "}") {
            p += 2
            continue
          }
        } else if !triple && (b == 0x0A || b == 0x0D) {
          _ = fail(at: starts[starts.count - 1], "unterminated f-string literal")
          return nil
        }
        p += 1

      case .expression(let depth):
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          stack[stack.count - 1] = .expression(depth: depth + 1)
          p += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"):
          stack[stack.count - 1] = .expression(depth: max(0, depth - 1))
          p += 1
        case UInt8(ascii: "}"):
          if depth == 0 {
            stack.removeLast()
          } else {
            stack[stack.count - 1] = .expression(depth: depth - 1)
          }
          p += 1
        case UInt8(ascii: ":"):
          if depth == 0 && !(p + 1 < count && buf[p + 1] == UInt8(ascii: "=")) {
            stack[stack.count - 1] = .formatSpec
          }
          p += 1
        case UInt8(ascii: "!"):
          p += 1
        case UInt8(ascii: "#"):
          p = endOfLine(from: p)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
          // A string inside a replacement field that does not close is, to the reader, the
          // f-string that does not close.
          guard let end = scanPlainString(quoteAt: p, raw: false, reportFrom: p, quiet: true) else {
            _ = fail(at: starts[starts.count - 1], "unterminated f-string literal")
            return nil
          }
          p = end
        default:
          if isIdentifierStart(b) {
            let q = identifierEnd(from: p)
            if q < count && (buf[q] == UInt8(ascii: "\"") || buf[q] == UInt8(ascii: "'")),
              let prefix = stringPrefix(p, q)
            {
              if prefix.formatted {
                starts.append(p)
                p = open(q, raw: prefix.raw, formatted: true)
              } else {
                guard let end = scanPlainString(quoteAt: q, raw: prefix.raw, reportFrom: p, quiet: true) else {
                  _ = fail(at: starts[starts.count - 1], "unterminated f-string literal")
                  return nil
                }
                p = end
              }
            } else {
              p = q
            }
          } else {
            p += 1
          }
        }

      case .formatSpec:
        if b == UInt8(ascii: "{") {
          stack.append(.expression(depth: 0))
          p += 1
        } else if b == UInt8(ascii: "}") {
          stack.removeLast()
          p += 1
        } else if b == UInt8(ascii: "\\") {
          p += 2
        } else {
          if let quote = enclosingQuote(stack), b == quote.byte, !quote.triple {
            _ = fail(at: p, "f-string: expecting '}'")
            return nil
          }
          if b == 0x0A || b == 0x0D, let quote = enclosingQuote(stack), !quote.triple {
            _ = fail(at: starts[starts.count - 1], "unterminated f-string literal")
            return nil
          }
          p += 1
        }
      }
    }
    _ = fail(at: starts.last ?? reportFrom, "unterminated f-string literal")
    return nil
  }

  func enclosingQuote(_ stack: [StringFrame]) -> (byte: UInt8, triple: Bool)? {
    for frame in stack.reversed() {
      if case .literal(let quote, let triple, _, _) = frame { return (quote, triple) }
    }
    return nil
  }
}
