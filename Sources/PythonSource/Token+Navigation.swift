#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Moving between the significant tokens of a file and testing what a token spells: the
/// questions every analysis asks, answered once for `ModuleIndexBuilder` and `AnalyzedFile`
/// alike. Out-of-range indices answer false (or the bound), so callers need no checks.
extension Array where Element == Token {
  /// The first index at or after `i`, and before `end`, that is not a comment or NL (`end`
  /// when there is none).
  @inlinable
  public func significant(from i: Int, before end: Int) -> Int {
    var j = i
    while j < end && self[j].isTrivia { j += 1 }
    return j
  }

  /// The last index before `i`, and at or after `start`, that is not a comment or NL
  /// (`start - 1` when there is none).
  @inlinable
  public func previousSignificant(_ i: Int, after start: Int) -> Int {
    var j = i - 1
    while j >= start && self[j].isTrivia { j -= 1 }
    return j
  }

  /// True when token `i` is the one-byte operator `byte`.
  @inlinable
  public func isOp(_ i: Int, _ byte: UInt8) -> Bool { i >= 0 && i < count && self[i].isOp(byte) }

  /// True when token `i` is a NAME spelling `word` in `bytes` (the file the tokens are of). The
  /// length and first byte decide almost every call, before any comparison of the rest.
  @inlinable
  public func isName(_ i: Int, _ word: UnsafeBufferPointer<UInt8>, in bytes: [UInt8]) -> Bool {
    guard i >= 0, i < count, self[i].kind == .name, self[i].length == word.count, let first = word.first else { return false }
    let t = self[i]
    return bytes.withUnsafeBufferPointer { $0[t.start] == first && memcmp($0.baseAddress! + t.start + 1, word.baseAddress! + 1, t.length - 1) == 0 }
  }

  /// True when token `i` is the operator spelled `op` in `bytes`; its first byte, which the
  /// token carries, decides a one-byte operator without a look at the text.
  @inlinable
  public func isOp(_ i: Int, _ op: UnsafeBufferPointer<UInt8>, in bytes: [UInt8]) -> Bool {
    guard i >= 0, i < count, self[i].kind == .op, self[i].length == op.count, let first = op.first, self[i].firstByte == first else { return false }
    let t = self[i]
    return t.length == 1 || bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + t.start + 1, op.baseAddress! + 1, t.length - 1) == 0 }
  }
}
