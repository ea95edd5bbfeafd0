/// Maps byte offsets to 1-based lines and columns. `\n`, `\r\n` and a lone `\r` each end a line,
/// as in CPython's tokenizer (ruff `line_index.rs`).
public struct LineIndex: Sendable {
  /// Byte offset at which each line starts; `lineStarts[0] == 0`.
  public let lineStarts: [Int]

  public init(_ bytes: [UInt8]) {
    var starts = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    let n = bytes.count
    var i = 0
    bytes.withUnsafeBufferPointer { buf in
      while i < n {
        let b = buf[i]
        if b == 0x0A {
          starts.append(i + 1)
        } else if b == 0x0D {
          if i + 1 < n && buf[i + 1] == 0x0A { i += 1 }
          starts.append(i + 1)
        }
        i += 1
      }
    }
    lineStarts = starts
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
