import PythonSource

/// Python's hard keywords, compared as bytes: the analysis asks "is this NAME a keyword" for every
/// name token, so it must not allocate a `String` to find out.
enum Keywords {
  static let all = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]

  /// Keywords grouped by length (index = length).
  static let byLength: [[[UInt8]]] = {
    var table = Array(repeating: [[UInt8]](), count: 9)
    for word in all { table[word.utf8.count].append(Array(word.utf8)) }
    return table
  }()

  @inline(__always)
  static func isKeyword(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
    let length = end - start
    guard length >= 2, length <= 8 else { return false }
    let first = bytes[start]
    for word in byLength[length] where word[0] == first {
      var k = 1
      while k < length && bytes[start + k] == word[k] { k += 1 }
      if k == length { return true }
    }
    return false
  }

  static func isKeyword(_ token: Token, in bytes: [UInt8]) -> Bool { isKeyword(bytes, token.start, token.end) }
}
