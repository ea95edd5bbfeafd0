/// A coding key for any string, to list the keys a JSON object really has.
public struct AnyCodingKey: CodingKey, Sendable {
  public let stringValue: String
  public let intValue: Int?
  public init(stringValue: String) {
    self.stringValue = stringValue
    self.intValue = nil
  }
  public init(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
}

extension Decoder {
  /// `JSONDecoder` silently ignores unknown keys; a codemod file with a misspelt key must fail
  /// instead (ast-grep's `deny_unknown_fields`).
  public func rejectUnknownKeys(allowed: Set<String>) throws {
    let container = try container(keyedBy: AnyCodingKey.self)
    for key in container.allKeys where !allowed.contains(key.stringValue) {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: codingPath + [key],
          debugDescription: "unknown key '\(key.stringValue)'; expected one of: \(allowed.sorted().joined(separator: ", "))"))
    }
  }
}
