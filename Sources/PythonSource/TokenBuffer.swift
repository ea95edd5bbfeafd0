/// The lexer's output while it runs: a growable buffer that appends with one compare and one
/// store. `Array.append` also asks the runtime whether the storage is uniquely referenced, on
/// every token; the exact-size array is made once at the end (one copy of 12-byte tokens).
struct TokenBuffer {
  private var storage: UnsafeMutablePointer<Token>
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int) {
    self.capacity = max(16, capacity)
    storage = .allocate(capacity: self.capacity)
  }

  @inline(__always)
  mutating func append(_ token: Token) {
    if count == capacity { grow() }
    (storage + count).initialize(to: token)
    count += 1
  }

  var last: Token? { count == 0 ? nil : storage[count - 1] }

  private mutating func grow() {
    let bigger = UnsafeMutablePointer<Token>.allocate(capacity: capacity * 2)
    bigger.moveInitialize(from: storage, count: count)
    storage.deallocate()
    storage = bigger
    capacity *= 2
  }

  /// The tokens as an array; the buffer is freed and must not be used again.
  mutating func finish() -> [Token] {
    let tokens = Array(UnsafeBufferPointer(start: storage, count: count))
    storage.deallocate()
    count = 0
    capacity = 0
    return tokens
  }
}
