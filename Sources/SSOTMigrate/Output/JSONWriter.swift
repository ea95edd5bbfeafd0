/// A JSON value whose objects keep their members in the order they were written, so output is
/// stable without sorting keys and a parsed codemod keeps the order of its `ssotNames`.
///
/// Numbers keep their exact text (`"1.50"` stays `1.50`), so a parsed document can be written
/// back byte-for-byte equivalent and integers never pass through `Double`.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// The number's JSON text, e.g. `42`, `-1.5e3`.
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in document order; duplicate keys are the caller's business.
  case object([(key: String, value: JSONValue)])

  public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  /// The member named `key` of an object (the first one, if repeated).
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first(where: { $0.key == key })?.value
  }

  /// What the value is, for messages: "a string", "the number 3", "an object".
  public var kindDescription: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return "the number \(n)"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  /// Dictionary literals keep their written order.
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(elements.map { (key: $0.0, value: $0.1) })
  }
  public init(nilLiteral: ()) { self = .null }
}

/// Writes `JSONValue`s as text: members in their stored order, non-ASCII kept as UTF-8, control
/// characters, quotes and backslashes escaped, and `/` left alone.
public enum JSONWriter {
  /// `pretty` indents by two spaces and puts each member on its own line (empty arrays and
  /// objects stay `[]` / `{}`); otherwise no whitespace at all. No trailing newline.
  public static func write(_ value: JSONValue, pretty: Bool = true) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(256)
    write(value, into: &out, pretty: pretty, depth: 0)
    return String(decoding: out, as: UTF8.self)
  }

  /// The UTF-8 bytes of `write(value, pretty:)`.
  public static func bytes(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    write(value, into: &out, pretty: pretty, depth: 0)
    return out
  }

  /// `"text"` with JSON escaping, as it appears in a document.
  public static func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    appendString(text, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  // Iterative for arrays of scalars, recursive for nesting: depth is bounded by the caller's
  // values, which are built by code or by `JSONParser` (which caps nesting).
  private static func write(_ value: JSONValue, into out: inout [UInt8], pretty: Bool, depth: Int) {
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let n): out.append(contentsOf: n.utf8)
    case .string(let s): appendString(s, to: &out)
    case .array(let elements):
      if elements.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (i, element) in elements.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(&out, pretty: pretty, depth: depth + 1)
        write(element, into: &out, pretty: pretty, depth: depth + 1)
      }
      newline(&out, pretty: pretty, depth: depth)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      if members.isEmpty {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (i, member) in members.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(&out, pretty: pretty, depth: depth + 1)
        appendString(member.key, to: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(UInt8(ascii: " ")) }
        write(member.value, into: &out, pretty: pretty, depth: depth + 1)
      }
      newline(&out, pretty: pretty, depth: depth)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func newline(_ out: inout [UInt8], pretty: Bool, depth: Int) {
    guard pretty else { return }
    out.append(UInt8(ascii: "\n"))
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
  }

  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  static func appendString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in s.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
      case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
      case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
      case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
      case 0x00..<0x20, 0x7F:
        out.append(contentsOf: "\\u00".utf8)
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
