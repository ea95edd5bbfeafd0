import PythonSource

/// One byte-range replacement in one file (ruff `Edit`, swift-syntax `SourceEdit`).
public struct Edit: Sendable, Hashable, CustomStringConvertible {
  public let range: ByteRange
  public let replacement: [UInt8]
  /// The transform that asked for it, so an overlap can name both culprits.
  public let transform: String

  public init(range: ByteRange, replacement: [UInt8], transform: String) {
    self.range = range
    self.replacement = replacement
    self.transform = transform
  }

  public static func replace(_ range: ByteRange, with replacement: [UInt8], by transform: String) -> Edit {
    assert(!replacement.isEmpty || !range.isEmpty, "an edit that does nothing")
    return Edit(range: range, replacement: replacement, transform: transform)
  }

  public static func replace(_ range: ByteRange, with replacement: String, by transform: String) -> Edit {
    replace(range, with: Array(replacement.utf8), by: transform)
  }

  public static func insert(_ text: [UInt8], at offset: Int, by transform: String) -> Edit {
    Edit(range: ByteRange(offset, offset), replacement: text, transform: transform)
  }

  public static func insert(_ text: String, at offset: Int, by transform: String) -> Edit {
    insert(Array(text.utf8), at: offset, by: transform)
  }

  public static func delete(_ range: ByteRange, by transform: String) -> Edit {
    Edit(range: range, replacement: [], transform: transform)
  }

  public var description: String {
    "\(transform)@\(range) -> \(String(decoding: replacement, as: UTF8.self).debugDescription)"
  }
}
