/// ANSI colors for a unified diff on a terminal (git's defaults): file header lines (`---`,
/// `+++`, `diff --git`, `deleted file mode`) bold, `@@` hunk headers cyan, removed lines red,
/// added lines green; context lines and `\ No newline at end of file` stay plain.
///
/// Works on the bytes of one file's diff at a time: every line before the first `@@` is a header,
/// so a removed line that reads `-- x` (rendered `--- x`) is never taken for one. The escape
/// codes close before the line ending, so a CRLF line keeps `\r\n` as its last bytes.
public enum DiffColorizer {
  public static let bold: [UInt8] = Array("\u{1B}[1m".utf8)
  public static let cyan: [UInt8] = Array("\u{1B}[36m".utf8)
  public static let red: [UInt8] = Array("\u{1B}[31m".utf8)
  public static let green: [UInt8] = Array("\u{1B}[32m".utf8)
  public static let reset: [UInt8] = Array("\u{1B}[m".utf8)

  public static func colorize(_ diff: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(diff.count + diff.count / 4)
    var inHunks = false
    var start = 0
    while start < diff.count {
      var end = start
      while end < diff.count && diff[end] != 0x0A { end += 1 }
      // The line's content ends before its `\r\n` or `\n`.
      var contentEnd = end
      if contentEnd > start && diff[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      let first = diff[start]
      let isHunkHeader = diff.count - start >= 2 && first == UInt8(ascii: "@") && diff[start + 1] == UInt8(ascii: "@")
      if isHunkHeader { inHunks = true }
      let color: [UInt8]?
      if isHunkHeader {
        color = cyan
      } else if !inHunks {
        color = bold
      } else if first == UInt8(ascii: "-") {
        color = red
      } else if first == UInt8(ascii: "+") {
        color = green
      } else {
        color = nil
      }
      if let color, contentEnd > start {
        out += color
        out += diff[start..<contentEnd]
        out += reset
        out += diff[contentEnd..<min(end + 1, diff.count)]
      } else {
        out += diff[start..<min(end + 1, diff.count)]
      }
      start = end + 1
    }
    return out
  }
}
