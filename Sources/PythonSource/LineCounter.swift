#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// 1-based line numbers of byte offsets asked in increasing order, counted as the offsets go.
///
/// A `LineIndex` records every line start; the repository index's facts ask for the lines of a
/// file's imports and dotted strings only, a few dozen offsets per file, and building the table
/// was most of what those facts cost. Line ends are those of `LineIndex`: `\n`, `\r\n`, lone `\r`.
public struct LineCounter {
  private let bytes: [UInt8]
  private let hasCR: Bool
  private var offset = 0
  private var line = 1

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    hasCR = bytes.withUnsafeBufferPointer { $0.count > 0 && memchr($0.baseAddress!, 0x0D, $0.count) != nil }
  }

  /// The line of `target`; an offset before the previous one counts again from the start.
  public mutating func line(of target: Int) -> Int {
    if target < offset {
      offset = 0
      line = 1
    }
    let end = min(target, bytes.count)
    guard end > offset else { return line }
    let from = offset
    let cr = hasCR
    let added = bytes.withUnsafeBufferPointer { buf -> Int in
      var n = 0
      if !cr {
        // From line end to line end with memchr (vectorised), not a test per byte.
        let base = UnsafeRawPointer(buf.baseAddress!)
        var at = from
        while at < end, let found = memchr(base + at, 0x0A, end - at) {
          n &+= 1
          at = base.distance(to: UnsafeRawPointer(found)) + 1
        }
        return n
      }
      for i in from..<end {
        let b = buf[i]
        // `\r\n` ends its line at the `\n`; a `\r` whose `\n` is at `end` or later has not ended
        // a line before `end` either.
        if b == 0x0A || (b == 0x0D && (i + 1 >= buf.count || buf[i + 1] != 0x0A)) { n &+= 1 }
      }
      return n
    }
    line += added
    offset = end
    return line
  }
}
