/// The lexer's output while it runs: a growable buffer that appends with one compare and one
/// store. `Array.append` also asks the runtime whether the storage is uniquely referenced, on
/// every token.
///
/// It starts on storage it does not own, the uninitialized capacity of the result array, so
/// that the usual file (a token per 4-6 bytes) is lexed straight into its result and never
/// copied. A denser file outgrows it: the buffer then moves to storage of its own, and `finish`
/// copies that out once.
struct TokenBuffer {
  private var storage: UnsafeMutablePointer<Token>
  private var capacity: Int
  private(set) var count = 0
  /// True once the tokens live in storage this buffer allocated (from the start when made with
  /// `init(capacity:)`).
  private(set) var spilled = false

  /// A buffer with storage of its own (`finishSpilled` hands the tokens out).
  init(capacity: Int) {
    self.capacity = max(16, capacity)
    storage = .allocate(capacity: self.capacity)
    spilled = true
  }

  /// A buffer over `storage`, which the caller owns and keeps alive while the buffer is used.
  init(borrowing storage: UnsafeMutableBufferPointer<Token>) {
    self.storage = storage.baseAddress!
    capacity = storage.count
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
    if spilled { storage.deallocate() }
    storage = bigger
    capacity *= 2
    spilled = true
  }

  /// Appends `tokens` moved by `shift` bytes, in one pass over plain memory.
  mutating func append(_ tokens: ArraySlice<Token>, shiftedBy shift: Int) {
    while count + tokens.count > capacity { grow() }
    let destination = storage + count
    tokens.withUnsafeBufferPointer { source in
      guard let base = source.baseAddress else { return }
      if shift == 0 {
        destination.initialize(from: base, count: source.count)
      } else {
        for i in 0..<source.count { (destination + i).initialize(to: base[i].shifted(by: shift)) }
      }
    }
    count += tokens.count
  }

  /// Appends the tokens of `other`.
  mutating func append(contentsOf other: UnsafeBufferPointer<Token>) {
    while count + other.count > capacity { grow() }
    if let base = other.baseAddress { (storage + count).initialize(from: base, count: other.count) }
    count += other.count
  }

  /// The tokens in order.
  var all: UnsafeBufferPointer<Token> { UnsafeBufferPointer(start: storage, count: count) }

  /// Frees storage of its own (a borrowed one stays with its owner).
  mutating func free() {
    if spilled { storage.deallocate() }
    count = 0
    capacity = 0
  }

  /// The tokens as an array once they spilled (nil when they are still in the borrowed
  /// storage: `count` of them); the buffer is freed and must not be used again.
  mutating func finishSpilled() -> [Token]? {
    guard spilled else { return nil }
    let tokens = Array(UnsafeBufferPointer(start: storage, count: count))
    storage.deallocate()
    count = 0
    capacity = 0
    return tokens
  }
}
