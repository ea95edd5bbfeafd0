/// A half-open range of UTF-8 byte offsets into a file's bytes: `start..<end`.
///
/// Every position in ssot-migrate is a byte offset, never a `String.Index` or a character count,
/// so edits made from tokens apply to the file's exact bytes (CRLF, BOM and non-ASCII included).
public struct ByteRange: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var start: Int
  public var end: Int

  @inlinable
  public init(_ start: Int, _ end: Int) {
    precondition(start <= end, "ByteRange start \(start) after end \(end)")
    self.start = start
    self.end = end
  }

  @inlinable public var count: Int { end - start }
  @inlinable public var isEmpty: Bool { start == end }

  @inlinable
  public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }

  @inlinable
  public func contains(_ other: ByteRange) -> Bool { other.start >= start && other.end <= end }

  @inlinable
  public func overlaps(_ other: ByteRange) -> Bool {
    // Two insertions at the same offset do not overlap; an insertion strictly inside a
    // replaced range does.
    if isEmpty || other.isEmpty {
      return (isEmpty && other.start < start && start < other.end)
        || (other.isEmpty && start < other.start && other.start < end)
    }
    return start < other.end && other.start < end
  }

  public static func < (lhs: ByteRange, rhs: ByteRange) -> Bool {
    lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
  }

  public var description: String { "\(start)..\(end)" }
}
