import Foundation

/// The line ending a file mostly uses; new lines the tool writes use the same one.
public enum LineEnding: String, Sendable {
  case lf = "\n"
  case crlf = "\r\n"
  case cr = "\r"

  public var bytes: [UInt8] {
    switch self {
    case .lf: return [0x0A]
    case .crlf: return [0x0D, 0x0A]
    case .cr: return [0x0D]
    }
  }
}

/// One Python file as bytes: the immutable input every stage slices, never copies.
public struct SourceFile: Sendable {
  /// Path relative to the repository root, with `/` separators (what diffs and findings show).
  public let path: String
  public let bytes: [UInt8]
  public let hasBOM: Bool
  public let lineEnding: LineEnding
  private let lines: LazyLineIndex

  /// Line starts, computed on first use: most files never need a line number (no finding, or
  /// no match at all).
  public var lineIndex: LineIndex { lines.get(bytes) }

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    self.hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    self.lineEnding = SourceFile.detectLineEnding(bytes)
    self.lines = LazyLineIndex()
  }

  /// The first line ending decides, as in ruff's `Stylist`; a file with none gets `\n`.
  static func detectLineEnding(_ bytes: [UInt8]) -> LineEnding {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b == 0x0A { return .lf }
      if b == 0x0D { return i + 1 < n && bytes[i + 1] == 0x0A ? .crlf : .cr }
      i += 1
    }
    return .lf
  }

  @inlinable
  public subscript(range: ByteRange) -> ArraySlice<UInt8> { bytes[range.start..<range.end] }

  /// The bytes of `range` as a `String` (for messages and spec comparison, not hot loops).
  public func text(_ range: ByteRange) -> String {
    String(decoding: bytes[range.start..<range.end], as: UTF8.self)
  }
}

/// Computes a `LineIndex` once, on first use, safely from any thread.
final class LazyLineIndex: @unchecked Sendable {
  private let lock = NSLock()
  private var index: LineIndex?

  func get(_ bytes: [UInt8]) -> LineIndex {
    lock.lock()
    defer { lock.unlock() }
    if let index { return index }
    let computed = LineIndex(bytes)
    index = computed
    return computed
  }
}
