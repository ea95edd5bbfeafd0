#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps byte offsets to 1-based lines and columns. `\n`, `\r\n` and a lone `\r` each end a line,
/// as in CPython's tokenizer (ruff `line_index.rs`).
public struct LineIndex: Sendable {
  /// Byte offset at which each line starts; `lineStarts[0] == 0`.
  public let lineStarts: [Int]

  public init(_ bytes: [UInt8]) {
    var starts = [0]
    let n = bytes.count
    bytes.withUnsafeBufferPointer { buf in
      guard n > 0 else { return }
      let base = UnsafeRawPointer(buf.baseAddress!)
      if memchr(base, 0x0D, n) == nil {
        // No CR (almost every file): line ends are the \n bytes, found with vectorised memchr.
        starts.reserveCapacity(n / 32 + 2)
        var offset = 0
        while offset < n, let found = memchr(base + offset, 0x0A, n - offset) {
          offset = base.distance(to: UnsafeRawPointer(found)) + 1
          starts.append(offset)
        }
        return
      }
      // Lines average ~35 bytes: count them first, eight bytes at a time, so the array is sized
      // once; then record the starts.
      var lines = 0
      Self.forEachLineEnd(base, n) { _ in lines += 1 }
      starts.reserveCapacity(lines + 1)
      Self.forEachLineEnd(base, n) { starts.append($0) }
    }
    lineStarts = starts
  }

  /// Calls `body` with the offset after each line end (`\n`, `\r\n`, lone `\r`), in order.
  @inline(__always)
  static func forEachLineEnd(_ base: UnsafeRawPointer, _ n: Int, _ body: (Int) -> Void) {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var i = 0
    while i + 8 <= n {
      // The lowest byte of the word that is \n or \r, by the classic "has zero byte" test on
      // word ^ pattern (exact for the lowest such byte, which is all we use).
      let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian
      let lf = word ^ (ones &* 0x0A)
      let cr = word ^ (ones &* 0x0D)
      let found = ((lf &- ones) & ~lf & highs) | ((cr &- ones) & ~cr & highs)
      if found == 0 {
        i += 8
        continue
      }
      i += found.trailingZeroBitCount >> 3
      if base.load(fromByteOffset: i, as: UInt8.self) == 0x0D && i + 1 < n && base.load(fromByteOffset: i + 1, as: UInt8.self) == 0x0A {
        i += 1
      }
      i += 1
      body(i)
    }
    while i < n {
      let b = base.load(fromByteOffset: i, as: UInt8.self)
      if b == 0x0A {
        body(i + 1)
      } else if b == 0x0D {
        if i + 1 < n && base.load(fromByteOffset: i + 1, as: UInt8.self) == 0x0A { i += 1 }
        body(i + 1)
      }
      i += 1
    }
  }

  public var lineCount: Int { lineStarts.count }

  /// 1-based line of `offset`.
  public func line(of offset: Int) -> Int {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo + 1
  }

  /// 1-based line and 1-based column in bytes, as `path:line:col` findings show it.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let line = line(of: offset)
    return (line, offset - lineStarts[line - 1] + 1)
  }

  public func lineStart(_ line: Int) -> Int { lineStarts[line - 1] }
}
