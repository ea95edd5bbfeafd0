/// Path names in patch headers, quoted the way git quotes them with its default
/// `core.quotePath=true`, so a path with `"`, `\`, control or non-ASCII bytes round-trips
/// through `git apply` and reads the same as in `git diff`.
enum GitPath {
  /// `prefix + path`, wrapped in quotes with C-style escapes when the path needs it
  /// (git `quote_two`).
  static func quoted(prefix: String, _ path: String) -> [UInt8] {
    let bytes = Array(path.utf8)
    guard bytes.contains(where: needsQuoting) else { return Array(prefix.utf8) + bytes }
    var out: [UInt8] = [0x22]
    for byte in Array(prefix.utf8) + bytes { appendEscaped(byte, to: &out) }
    out.append(0x22)
    return out
  }

  private static func needsQuoting(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x7F
  }

  private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
    let named: UInt8? =
      switch byte {
      case 0x07: UInt8(ascii: "a")
      case 0x08: UInt8(ascii: "b")
      case 0x09: UInt8(ascii: "t")
      case 0x0A: UInt8(ascii: "n")
      case 0x0B: UInt8(ascii: "v")
      case 0x0C: UInt8(ascii: "f")
      case 0x0D: UInt8(ascii: "r")
      case 0x22: UInt8(ascii: "\"")
      case 0x5C: UInt8(ascii: "\\")
      default: nil
      }
    if let named {
      out.append(0x5C)
      out.append(named)
    } else if needsQuoting(byte) {
      // Three octal digits, as git writes them (`\303\274` for "ü").
      out.append(0x5C)
      out.append(0x30 + (byte >> 6))
      out.append(0x30 + ((byte >> 3) & 7))
      out.append(0x30 + (byte & 7))
    } else {
      out.append(byte)
    }
  }
}
