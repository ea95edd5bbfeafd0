/// Malformed JSON: where (byte offset, 1-based line and column, the key path of the enclosing
/// value) and what was expected.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  public let offset: Int
  public let line: Int
  public let column: Int
  public let path: JSONPath
  public let message: String

  public var description: String { "line \(line), column \(column): \(message)" }
}

/// A strict RFC 8259 parser into `JSONValue` that keeps object member order (which
/// `JSONSerialization` and `JSONDecoder` lose), rejects duplicate keys (which they resolve
/// silently), and reports line and column. It never traps: nesting is capped, every index is
/// checked, and invalid UTF-8 is an error.
public enum JSONParser {
  /// Deepest nesting of arrays and objects accepted; deeper input is an error, not a stack overflow.
  public static let maxDepth = 200

  public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
    var parser = Parser(bytes: bytes)
    return try parser.parseDocument()
  }

  /// 1-based line and column (in Unicode scalars) of a byte offset. `\n`, `\r\n` and a lone `\r`
  /// end a line.
  public static func location(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var i = 0
    let end = min(offset, bytes.count)
    while i < end {
      let b = bytes[i]
      if b == 0x0A || (b == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 && b != 0x0D {
        column += 1
      }
      i += 1
    }
    return (line, column)
  }
}

private struct Parser {
  let bytes: [UInt8]
  var i = 0
  var path: [JSONPath.Component] = []
  var depth = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    if let bad = Self.firstInvalidUTF8(bytes) {
      throw error(at: bad, "invalid UTF-8 (byte 0x\(Self.hex(bytes[bad]))); save the file as UTF-8")
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    skipWhitespace()
    if i >= bytes.count { throw error(at: i, "expected a JSON value, found the end of the file") }
    let value = try parseValue()
    skipWhitespace()
    if i < bytes.count {
      throw error(at: i, "unexpected \(found(i)) after the end of the JSON value")
    }
    return value
  }

  // MARK: - Values

  mutating func parseValue() throws(JSONParseError) -> JSONValue {
    guard i < bytes.count else { throw error(at: i, "expected a value, found the end of the file") }
    switch bytes[i] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","):
      throw error(at: i, "expected a value, found \(found(i)) (a trailing comma?)")
    case UInt8(ascii: "'"):
      throw error(at: i, "expected a value, found ' (JSON strings use double quotes)")
    default:
      throw error(at: i, "expected a value (string, number, object, array, true, false or null), found \(found(i))")
    }
  }

  mutating func enter() throws(JSONParseError) {
    depth += 1
    if depth > JSONParser.maxDepth {
      throw error(at: i, "nested more than \(JSONParser.maxDepth) levels deep")
    }
  }

  mutating func parseObject() throws(JSONParseError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    i += 1  // {
    var members: [(key: String, value: JSONValue)] = []
    var seen: Set<String> = []
    skipWhitespace()
    if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
      i += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard i < bytes.count else { throw error(at: i, "unterminated object: expected a key in double quotes or '}', found the end of the file") }
      guard bytes[i] == UInt8(ascii: "\"") else {
        let hint = bytes[i] == UInt8(ascii: "}") ? " (a trailing comma?)" : ""
        throw error(at: i, "expected a key in double quotes, found \(found(i))\(hint)")
      }
      let keyStart = i
      let key = try parseString()
      if !seen.insert(key).inserted {
        throw error(at: keyStart, "duplicate key '\(key)'")
      }
      skipWhitespace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
        throw error(at: i, "expected ':' after the key '\(key)', found \(found(i))")
      }
      i += 1
      skipWhitespace()
      path.append(.key(key))
      let value = try parseValue()
      path.removeLast()
      members.append((key: key, value: value))
      skipWhitespace()
      guard i < bytes.count else { throw error(at: i, "unterminated object: expected ',' or '}', found the end of the file") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        continue
      }
      if bytes[i] == UInt8(ascii: "}") {
        i += 1
        return .object(members)
      }
      throw error(at: i, "expected ',' or '}' after the value of '\(key)', found \(found(i))")
    }
  }

  mutating func parseArray() throws(JSONParseError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    i += 1  // [
    var elements: [JSONValue] = []
    skipWhitespace()
    if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
      i += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      path.append(.index(elements.count))
      let value = try parseValue()
      path.removeLast()
      elements.append(value)
      skipWhitespace()
      guard i < bytes.count else { throw error(at: i, "unterminated array: expected ',' or ']', found the end of the file") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        continue
      }
      if bytes[i] == UInt8(ascii: "]") {
        i += 1
        return .array(elements)
      }
      throw error(at: i, "expected ',' or ']' after an array element, found \(found(i))")
    }
  }

  mutating func literal(_ word: String) throws(JSONParseError) {
    let w = Array(word.utf8)
    guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else {
      throw error(at: i, "expected a value, found \(found(i))")
    }
    i += w.count
  }

  mutating func parseNumber() throws(JSONParseError) -> String {
    let start = i
    if bytes[i] == UInt8(ascii: "-") { i += 1 }
    guard i < bytes.count, isDigit(bytes[i]) else {
      throw error(at: i, "expected a digit in the number, found \(found(i))")
    }
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
      if i < bytes.count && isDigit(bytes[i]) {
        throw error(at: start, "numbers cannot have leading zeros")
      }
    } else {
      while i < bytes.count && isDigit(bytes[i]) { i += 1 }
    }
    if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard i < bytes.count, isDigit(bytes[i]) else {
        throw error(at: i, "expected a digit after the decimal point, found \(found(i))")
      }
      while i < bytes.count && isDigit(bytes[i]) { i += 1 }
    }
    if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
      i += 1
      if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
      guard i < bytes.count, isDigit(bytes[i]) else {
        throw error(at: i, "expected a digit in the exponent, found \(found(i))")
      }
      while i < bytes.count && isDigit(bytes[i]) { i += 1 }
    }
    return String(decoding: bytes[start..<i], as: UTF8.self)
  }

  /// At an opening quote; returns the decoded string and leaves `i` after the closing quote.
  mutating func parseString() throws(JSONParseError) -> String {
    let open = i
    i += 1
    var out: [UInt8] = []
    while true {
      guard i < bytes.count else {
        throw error(at: open, "unterminated string (no closing '\"' before the end of the file)")
      }
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "\""):
        i += 1
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        i += 1
        guard i < bytes.count else { throw error(at: open, "unterminated string (no closing '\"' before the end of the file)") }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          let escapeStart = i - 2
          var scalar = try hex4()
          if (0xD800...0xDBFF).contains(scalar) {
            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
              throw error(at: escapeStart, "lone UTF-16 surrogate \\u\(Self.hex4Text(scalar)) in a string")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
              throw error(at: escapeStart, "lone UTF-16 surrogate \\u\(Self.hex4Text(scalar)) in a string")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00...0xDFFF).contains(scalar) {
            throw error(at: escapeStart, "lone UTF-16 surrogate \\u\(Self.hex4Text(scalar)) in a string")
          }
          guard let u = Unicode.Scalar(scalar) else {
            throw error(at: escapeStart, "invalid \\u escape")
          }
          out.append(contentsOf: UTF8.encode(u)!)
        default:
          throw error(at: i - 2, "invalid escape '\\\(Self.printable(e))' in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
      case 0x00..<0x20:
        let what = b == 0x0A || b == 0x0D ? "a line break" : "control character 0x\(Self.hex(b))"
        throw error(at: i, "\(what) inside a string (unterminated string, or write it escaped)")
      default:
        out.append(b)
        i += 1
      }
    }
  }

  mutating func hex4() throws(JSONParseError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard i < bytes.count, let d = Self.hexDigit(bytes[i]) else {
        throw error(at: i, "expected 4 hex digits after \\u, found \(found(i))")
      }
      value = value << 4 | UInt32(d)
      i += 1
    }
    return value
  }

  // MARK: - Helpers

  mutating func skipWhitespace() {
    while i < bytes.count {
      switch bytes[i] {
      case 0x20, 0x09, 0x0A, 0x0D: i += 1
      default: return
      }
    }
  }

  func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

  func found(_ at: Int) -> String {
    guard at < bytes.count else { return "the end of the file" }
    let b = bytes[at]
    if b >= 0x21 && b < 0x7F { return "'\(Self.printable(b))'" }
    if b == 0x20 { return "a space" }
    if b >= 0x80 {
      // Show the whole character when it is one.
      var end = at + 1
      while end < bytes.count && end < at + 4 && bytes[end] & 0xC0 == 0x80 { end += 1 }
      return "'\(String(decoding: bytes[at..<end], as: UTF8.self))'"
    }
    return "byte 0x\(Self.hex(b))"
  }

  func error(at offset: Int, _ message: String) -> JSONParseError {
    let loc = JSONParser.location(of: offset, in: bytes)
    return JSONParseError(offset: offset, line: loc.line, column: loc.column, path: JSONPath(path), message: message)
  }

  static func printable(_ b: UInt8) -> String { String(UnicodeScalar(b)) }

  static func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
  }

  static func hex4Text(_ v: UInt32) -> String {
    hex(UInt8(truncatingIfNeeded: v >> 8)) + hex(UInt8(truncatingIfNeeded: v))
  }

  static func hexDigit(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// Offset of the first byte that does not belong to a well-formed UTF-8 sequence.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var lower: UInt8 = 0x80
      var upper: UInt8 = 0xBF
      switch b {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; lower = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; upper = 0x9F
      case 0xF0: length = 4; lower = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; upper = 0x8F
      default: return i
      }
      guard i + length <= n else { return i }
      if bytes[i + 1] < lower || bytes[i + 1] > upper { return i }
      var k = 2
      while k < length {
        if bytes[i + k] & 0xC0 != 0x80 { return i }
        k += 1
      }
      i += length
    }
    return nil
  }
}
