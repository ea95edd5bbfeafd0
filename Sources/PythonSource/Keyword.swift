/// Python's hard keywords. The lexer recognises them once, as it emits a NAME token, and stores
/// the keyword in the token (`Token.keyword`): the analysis asks "is this name `import`" for
/// almost every token, and one byte compare answers it without touching the source again.
///
/// Soft keywords (`match`, `case`, `type`, `_`) are ordinary names here: whether they are keywords
/// depends on the statement around them.
public enum Keyword: UInt8, Sendable, CaseIterable {
  // Raw values start at 1: 0 in a NAME token's tag byte means "not a keyword".
  case `False` = 1, `None`, `True`, and, `as`, assert, async, await, `break`, `class`, `continue`
  case def, del, elif, `else`, except, finally, `for`, from, global, `if`, `import`, `in`
  case `is`, lambda, nonlocal, not, or, pass, raise, `return`, `try`, `while`, with, yield

  public var text: String { String(describing: self) }

  /// The keyword spelled by `bytes[start..<end]`, if any. One multiply, one table load and one
  /// compare: every keyword is 2 to 8 ASCII bytes, packed little-endian into a `UInt64`, and
  /// `slot` places the 35 of them in 256 slots without collision.
  @inlinable
  public static func lookup(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, in table: KeywordTable = .shared
  ) -> Keyword? {
    let length = end - start
    guard length >= 2, length <= 8 else { return nil }
    var packed: UInt64 = 0
    if start + 8 <= bytes.count {
      packed = UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self).littleEndian
      packed &= length == 8 ? ~0 : (UInt64(1) << (8 * UInt64(length))) &- 1
    } else {
      for k in 0..<length { packed |= UInt64(bytes[start + k]) << (8 * UInt64(k)) }
    }
    let slot = table.slot(packed)
    guard table.packed[slot] == packed else { return nil }
    return Keyword(rawValue: table.ids[slot])
  }

  public static func lookup(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Keyword? {
    bytes.withUnsafeBufferPointer { lookup($0, start, end) }
  }
}

/// The collision-free table behind `Keyword.lookup`, built once.
public final class KeywordTable: Sendable {
  public static let shared = KeywordTable()

  public let packed: [UInt64]
  public let ids: [UInt8]
  public let multiplier: UInt64

  @inlinable
  public func slot(_ packed: UInt64) -> Int { Int(truncatingIfNeeded: (packed &* multiplier) >> 56) }

  init() {
    let words = Keyword.allCases.map { keyword -> (UInt64, UInt8) in
      var packed: UInt64 = 0
      for (k, byte) in keyword.text.utf8.enumerated() { packed |= UInt64(byte) << (8 * UInt64(k)) }
      return (packed, keyword.rawValue)
    }
    // A fixed, deterministic search for a multiplier that separates the keywords; the first
    // candidates already do (35 keys in 256 slots).
    var candidate: UInt64 = 0x9E37_79B9_7F4A_7C15
    while true {
      var packed = [UInt64](repeating: 0, count: 256)
      var ids = [UInt8](repeating: 0, count: 256)
      var ok = true
      for (word, id) in words {
        let slot = Int((word &* candidate) >> 56)
        if ids[slot] != 0 {
          ok = false
          break
        }
        packed[slot] = word
        ids[slot] = id
      }
      if ok {
        self.packed = packed
        self.ids = ids
        self.multiplier = candidate
        return
      }
      candidate = candidate &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      candidate |= 1
    }
  }
}
