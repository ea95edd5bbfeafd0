/// Why a file could not be tokenized, and where (1-based line and byte column).
public struct LexError: Error, Sendable, Equatable, CustomStringConvertible {
  public let offset: Int
  public let line: Int
  public let column: Int
  public let message: String

  public init(offset: Int, line: Int, column: Int, message: String) {
    self.offset = offset
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "\(line):\(column): \(message)" }
}
