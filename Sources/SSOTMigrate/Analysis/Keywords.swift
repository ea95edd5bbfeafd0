import PythonSource

/// Python's hard keywords, compared as bytes: the analysis asks "is this NAME a keyword" for every
/// name token, so it must not allocate a `String` to find out.
enum Keywords {
  static let all = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]

  /// Keywords packed into a little-endian `UInt64` each (all are 2 to 8 bytes), grouped by
  /// length (index = length): a name is compared with a handful of integers.
  static let packedByLength: [[UInt64]] = {
    var table = Array(repeating: [UInt64](), count: 9)
    for word in all {
      var packed: UInt64 = 0
      for (k, byte) in word.utf8.enumerated() { packed |= UInt64(byte) << (8 * UInt64(k)) }
      table[word.utf8.count].append(packed)
    }
    return table
  }()

  @inline(__always)
  static func isKeyword(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
    let length = end - start
    guard length >= 2, length <= 8 else { return false }
    // Keywords are ASCII letters: a name starting otherwise (`_x`, a digit-free non-letter) is not one.
    let first = bytes[start] | 0x20
    guard first >= 0x61, first <= 0x7A else { return false }
    var packed: UInt64 = 0
    bytes.withUnsafeBufferPointer { buffer in
      for k in 0..<length { packed |= UInt64(buffer[start + k]) << (8 * UInt64(k)) }
    }
    for word in packedByLength[length] where word == packed { return true }
    return false
  }

  static func isKeyword(_ token: Token, in bytes: [UInt8]) -> Bool { isKeyword(bytes, token.start, token.end) }
}
