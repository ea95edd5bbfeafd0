/// A location inside a JSON document, rendered the way error messages show it:
/// `phases[1].transforms[0].match[2].callee`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
  public enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  public var components: [Component]

  public init(_ components: [Component] = []) { self.components = components }

  public static let root = JSONPath()

  public func key(_ name: String) -> JSONPath { JSONPath(components + [.key(name)]) }
  public func index(_ i: Int) -> JSONPath { JSONPath(components + [.index(i)]) }
  public static func + (lhs: JSONPath, rhs: JSONPath) -> JSONPath { JSONPath(lhs.components + rhs.components) }

  /// A Swift `codingPath` as a key path: keys with an `intValue` are array indices (that is
  /// how `JSONDecoder` names array elements).
  public init(codingPath: [any CodingKey]) {
    components = codingPath.map { key in
      if let i = key.intValue { return .index(i) }
      return .key(key.stringValue)
    }
  }

  /// Keys that are plain words (letters, digits, `_`, `-`) print bare; anything else prints as
  /// `["a key"]` so a dot or space inside a key cannot be mistaken for nesting.
  public var description: String {
    var out = ""
    for component in components {
      switch component {
      case .index(let i): out += "[\(i)]"
      case .key(let k):
        if Self.isBare(k) {
          if !out.isEmpty { out += "." }
          out += k
        } else {
          out += "[\(JSONWriter.quoted(k))]"
        }
      }
    }
    return out
  }

  private static func isBare(_ key: String) -> Bool {
    guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), first != UInt8(ascii: "-")
    else { return false }
    return key.utf8.allSatisfy { b in
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }
  }
}
