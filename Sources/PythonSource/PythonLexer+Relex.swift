// MARK: - Relexing an edited file

extension PythonLexer {
  /// One change between two versions of a file: `old[start..<end]` became `length` bytes.
  public struct Change: Sendable, Equatable {
    public let start: Int
    public let end: Int
    public let length: Int

    public init(start: Int, end: Int, length: Int) {
      self.start = start
      self.end = end
      self.length = length
    }
  }

  /// The tokens of `bytes`, which are `oldBytes` after `changes` (sorted, not overlapping, in
  /// `oldBytes`' offsets): the same result as `tokenize(bytes)`, lexing only the lines around
  /// each change.
  ///
  /// A transform edits a few lines of a file; lexing it whole again after every transform cost
  /// as much as lexing the repository once more. The state of the lexer at the start of the line
  /// after a NEWLINE token is nothing but its indentation stack (brackets are closed, no string is
  /// open), so lexing restarts after the last NEWLINE before a change, with the stack the old
  /// tokens' INDENTs and DEDENTs give there, and stops at the first NEWLINE past the change whose
  /// end, line start and stack the old tokens share: from there the bytes are the same, and so
  /// are the tokens, moved by the change in length. Nothing synchronises when a change opens a
  /// bracket or a string it does not close: the lexing then runs to the end of the file, as
  /// `tokenize` would.
  ///
  /// `oldTokens` must be the tokens of `oldBytes`, lexed without error.
  public static func relex(_ bytes: [UInt8], from oldBytes: [UInt8], changes: [Change], oldTokens: [Token]) -> LexResult {
    guard !changes.isEmpty, oldTokens.last?.kind == .endMarker else { return tokenize(bytes) }
    return bytes.withUnsafeBufferPointer { buffer in
      oldBytes.withUnsafeBufferPointer { oldBuffer in
        relex(buffer, oldBuffer, bytes, changes, oldTokens)
      }
    }
  }

  private static func relex(
    _ buffer: UnsafeBufferPointer<UInt8>, _ oldBuffer: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8], _ changes: [Change], _ oldTokens: [Token]
  ) -> LexResult {
    // As in `tokenize`: the result's own storage is written in place unless the edits made the
    // file much denser.
    var spilled: [Token]? = nil
    var failed = false
    let inPlace = [Token](unsafeUninitializedCapacity: oldTokens.count + oldTokens.count / 8 + 64) { storage, initialized in
      var relexer = Relexer(buffer: buffer, oldBytes: oldBuffer, changes: changes, old: oldTokens, into: TokenBuffer(borrowing: storage))
      relexer.run()
      failed = relexer.failed
      if let tokens = relexer.result.finishSpilled() {
        spilled = tokens
        initialized = 0
      } else {
        initialized = relexer.failed ? 0 : relexer.result.count
      }
    }
    let tokens = spilled ?? inPlace
    // A change that breaks the file: its tokens and first error exactly as `tokenize` gives them
    // (rare, and the file is not written anyway).
    guard !failed else { return tokenize(bytes) }
    return LexResult(tokens: tokens, error: nil)
  }
}

/// The state of one `relex`: old tokens copied (moved) between windows of new tokens.
private struct Relexer {
  let buffer: UnsafeBufferPointer<UInt8>
  let oldBytes: UnsafeBufferPointer<UInt8>
  let changes: [PythonLexer.Change]
  let old: [Token]
  /// `deltas[i]`: how much longer the file is after the first `i` changes.
  let deltas: [Int]
  var result: TokenBuffer
  /// The indentation stacks after the old tokens before `replayed`.
  var oldIndents: [Int] = [0]
  var oldAltIndents: [Int] = [0]
  var replayed = 0
  /// Set when a window of new tokens has a lex error.
  var failed = false

  init(buffer: UnsafeBufferPointer<UInt8>, oldBytes: UnsafeBufferPointer<UInt8>, changes: [PythonLexer.Change], old: [Token], into result: TokenBuffer) {
    self.buffer = buffer
    self.oldBytes = oldBytes
    self.changes = changes
    self.old = old
    var deltas = [0]
    deltas.reserveCapacity(changes.count + 1)
    for change in changes { deltas.append(deltas[deltas.count - 1] + change.length - (change.end - change.start)) }
    self.deltas = deltas
    self.result = result
  }

  /// Fills `result`; sets `failed` instead when a window does not lex.
  mutating func run() {
    var next = 0  // the next old token to copy
    var change = 0  // the first change not yet lexed
    while change < changes.count {
      // Copy up to and including the last NEWLINE that ends before the change.
      let start = changes[change].start
      var last = next - 1
      var j = next
      while j < old.count && old[j].start < start {
        if old[j].kind == .newline && old[j].end <= start { last = j }
        j += 1
      }
      let delta = deltas[change]
      if last >= next {
        result.append(old[next...last], shiftedBy: delta)
        next = last + 1
      }
      replay(to: next)
      let restart = next == 0 ? 0 : old[next - 1].end + delta
      var lexer = PythonLexer(buffer, tokens: TokenBuffer(capacity: 256))
      lexer.pos = restart
      lexer.indents = oldIndents
      lexer.altIndents = oldAltIndents
      var synced: (oldNext: Int, change: Int)? = nil
      while lexer.run(pausing: true) {
        if let sync = syncPoint(at: lexer.pos, after: change, indents: lexer.indents, altIndents: lexer.altIndents, from: next) {
          synced = sync
          break
        }
      }
      result.append(contentsOf: lexer.tokens.all)
      lexer.tokens.free()
      lexer.brackets.free()
      if lexer.errorOffset != nil {
        failed = true
        return
      }
      // Without a sync point the window ran to the end of the file.
      guard let synced else { return }
      next = synced.oldNext
      change = synced.change
    }
    result.append(old[next...], shiftedBy: deltas[changes.count])
  }

  /// Whether lexing that paused at new offset `p` (the start of the line after a NEWLINE) may
  /// stop: every change that starts before `p` ends by `p`, at least one past `first` does, the
  /// old file has a NEWLINE ending at the same place, and the indentation stacks agree. Returns
  /// the old token to copy from and the next change to lex.
  mutating func syncPoint(at p: Int, after first: Int, indents: [Int], altIndents: [Int], from next: Int) -> (oldNext: Int, change: Int)? {
    // Changes that start before p, in the new file's offsets.
    var passed = first
    while passed < changes.count && changes[passed].start + deltas[passed] < p { passed += 1 }
    guard passed > first else { return nil }
    let lastChange = changes[passed - 1]
    guard lastChange.start + deltas[passed - 1] + lastChange.length <= p else { return nil }
    let q = p - deltas[passed]
    // The old NEWLINE that ends at q, if any (old tokens are in order).
    var low = next
    var high = old.count
    while low < high {
      let mid = (low + high) / 2
      if old[mid].end < q { low = mid + 1 } else { high = mid }
    }
    var k = low
    while k < old.count && old[k].end == q && old[k].kind != .newline { k += 1 }
    guard k < old.count, old[k].end == q, old[k].kind == .newline else { return nil }
    replay(to: k + 1)
    guard oldIndents == indents && oldAltIndents == altIndents else { return nil }
    return (k + 1, passed)
  }

  /// Brings the old indentation stacks to just before old token `index`, from INDENT tokens (the
  /// whitespace they cover, measured as `lexLineStart` does) and DEDENTs.
  mutating func replay(to index: Int) {
    guard index > replayed else { return }
    for i in replayed..<index {
      let token = old[i]
      if token.kind == .indent {
        let measured = PythonLexer.indentation(oldBytes, from: token.start, to: token.end)
        oldIndents.append(measured.column)
        oldAltIndents.append(measured.altColumn)
      } else if token.kind == .dedent && oldIndents.count > 1 {
        oldIndents.removeLast()
        oldAltIndents.removeLast()
      }
    }
    replayed = index
  }
}
