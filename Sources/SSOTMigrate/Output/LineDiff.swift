#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which lines of two files differ, chosen the way git's xdiff chooses them.
///
/// Many edit scripts are equally short; reviewers compare ssot-migrate's `--dry-run` with
/// `git diff` after applying, so this reproduces xdiff's choices step by step: the same
/// pre-pass that sets aside lines with no partner, the same Myers middle-snake search with the
/// same cost cut-offs, and the same sliding of change groups (indent heuristic on, git's default).
/// Line numbers here are 0-based.
struct LineDiff {
  /// `oldCount` lines from `oldStart` became `newCount` lines from `newStart`.
  struct Change: Equatable {
    var oldStart: Int
    var oldCount: Int
    var newStart: Int
    var newCount: Int
  }

  /// The changes from `old` to `new`, in file order.
  static func changes(from old: Lines, to new: Lines) -> [Change] {
    let (oldClasses, newClasses, classCount) = classify(old, new)
    var diff = LineDiff(
      old: Side(lines: old, classes: oldClasses),
      new: Side(lines: new, classes: newClasses),
      classCount: classCount)
    diff.markChanges()
    compact(&diff.old, other: diff.new)
    compact(&diff.new, other: diff.old)
    return diff.script()
  }

  /// Numbers the distinct lines of both files (equal lines, equal numbers), with an
  /// open-addressing table over the lines' own bytes: a `Dictionary` paid for SipHash and
  /// resizing on every line of every changed file. The table lives in one local struct, not in
  /// variables a nested function captures: captured `var`s are boxed, and every access to a box
  /// pays a dynamic exclusivity check (most of this function's time, measured).
  ///
  /// A line of the new file's common head or tail (the same bytes at the same place from either
  /// end, where most lines of a migrated file are) takes the class of its twin in the old file
  /// instead of being hashed and looked up again: the classes come out the same.
  static func classify(_ old: Lines, _ new: Lines) -> (old: [Int], new: [Int], count: Int) {
    var table = LineClassTable(lines: old.count + new.count)
    let (head, tail) = commonLines(old, new)
    // The table keeps pointers into both files' bytes: both stay pinned until it is done.
    let (oldClasses, newClasses) = old.bytes.withUnsafeBytes { oldBuffer in
      new.bytes.withUnsafeBytes { newBuffer in
        let oldClasses = table.number(old, oldBuffer)
        let newClasses = table.number(new, newBuffer, twins: oldClasses, head: head, tail: tail)
        return (oldClasses, newClasses)
      }
    }
    return (oldClasses, newClasses, table.count)
  }

  /// How many whole lines the two files share at the start and, after those, at the end.
  static func commonLines(_ old: Lines, _ new: Lines) -> (head: Int, tail: Int) {
    old.bytes.withUnsafeBufferPointer { a in
      new.bytes.withUnsafeBufferPointer { b in
        let shorter = min(a.count, b.count)
        let (pa, pb) = (UnsafeRawPointer(a.baseAddress), UnsafeRawPointer(b.baseAddress))
        // Eight bytes at a time: the common head and tail are most of both files.
        var first = 0
        if let pa, let pb {
          while first + 8 <= shorter {
            let x = pa.loadUnaligned(fromByteOffset: first, as: UInt64.self) ^ pb.loadUnaligned(fromByteOffset: first, as: UInt64.self)
            if x != 0 {
              first += UInt64(littleEndian: x).trailingZeroBitCount / 8
              break
            }
            first += 8
          }
        }
        while first < shorter && a[first] == b[first] { first += 1 }
        // Lines that end at or before the first difference are equal (they start at the same
        // offsets); a file's last line counts only if both files end there.
        var head = 0
        while head < old.count && head < new.count && old.bounds[head + 1] <= first
          && (old.bounds[head + 1] < a.count || a.count == b.count)
        {
          head += 1
        }
        var matched = 0
        if let pa, let pb {
          while matched + 8 <= shorter {
            let x = pa.loadUnaligned(fromByteOffset: a.count - matched - 8, as: UInt64.self)
              ^ pb.loadUnaligned(fromByteOffset: b.count - matched - 8, as: UInt64.self)
            if x != 0 {
              matched += UInt64(littleEndian: x).leadingZeroBitCount / 8
              break
            }
            matched += 8
          }
        }
        while matched < shorter && a[a.count - 1 - matched] == b[b.count - 1 - matched] { matched += 1 }
        var tail = 0
        let most = min(old.count, new.count) - head
        while tail < most
          && a.count - old.bounds[old.count - tail - 1] <= matched
          && b.count - new.bounds[new.count - tail - 1] <= matched
          && a.count - old.bounds[old.count - tail - 1] == b.count - new.bounds[new.count - tail - 1]
        {
          tail += 1
        }
        return (head, tail)
      }
    }
  }

  // MARK: - State

  /// One file: its lines, their equivalence classes and which of them changed.
  struct Side {
    let lines: Lines
    let classes: [Int]
    var changed: Marks
    /// Indices into `classes` of the lines the Myers search looks at (xdiff `rindex`).
    var kept: [Int] = []
    /// Their classes, packed (xdiff `ha`).
    var keptClasses: [Int] = []

    init(lines: Lines, classes: [Int]) {
      self.lines = lines
      self.classes = classes
      self.changed = Marks(count: classes.count)
    }

    var count: Int { classes.count }
  }

  /// Changed flags with a `false` sentinel before the first and after the last line, so group
  /// walks never need bounds checks.
  struct Marks {
    private var flags: [Bool]
    init(count: Int) { flags = Array(repeating: false, count: count + 2) }
    subscript(index: Int) -> Bool {
      get { flags[index + 1] }
      set { flags[index + 1] = newValue }
    }
  }

  var old: Side
  var new: Side
  let classCount: Int

  // MARK: - Pre-pass

  /// xdiff trims the common head and tail, then marks as changed the lines that have no partner
  /// in the other file (and runs of lines with too many partners), so the search sees less.
  mutating func markChanges() {
    let shorter = min(old.count, new.count)
    var head = 0
    while head < shorter && old.classes[head] == new.classes[head] { head += 1 }
    var tail = 0
    while tail < shorter - head
      && old.classes[old.count - 1 - tail] == new.classes[new.count - 1 - tail]
    {
      tail += 1
    }
    var oldCounts = Array(repeating: 0, count: classCount)
    for c in old.classes { oldCounts[c] += 1 }
    var newCounts = Array(repeating: 0, count: classCount)
    for c in new.classes { newCounts[c] += 1 }

    LineDiff.setAside(&old, first: head, last: old.count - tail - 1, partnerCounts: newCounts)
    LineDiff.setAside(&new, first: head, last: new.count - tail - 1, partnerCounts: oldCounts)

    let (oldChanged, newChanged) = MyersSearch.changedLines(old.keptClasses, new.keptClasses)
    for (i, isChanged) in oldChanged.enumerated() where isChanged { old.changed[old.kept[i]] = true }
    for (j, isChanged) in newChanged.enumerated() where isChanged { new.changed[new.kept[j]] = true }
  }

  /// Whether each line of `side[first...last]` has no (0), some (1) or many (2) partners, then
  /// which of them the search will see.
  private static func setAside(_ side: inout Side, first: Int, last: Int, partnerCounts: [Int]) {
    guard first <= last else { return }
    let limit = min(bogoSqrt(side.count), 1024)
    var partners = Array(repeating: UInt8(0), count: side.count)
    for i in first...last {
      let n = min(partnerCounts[side.classes[i]], limit)
      partners[i] = n == 0 ? 0 : n >= limit ? 2 : 1
    }
    for i in first...last {
      if partners[i] == 1
        || (partners[i] == 2 && !isInRunOfUnmatched(partners, i, first: first, last: last))
      {
        side.kept.append(i)
        side.keptClasses.append(side.classes[i])
      } else {
        side.changed[i] = true
      }
    }
  }

  /// A line with many partners is set aside only when it sits among lines with none (xdiff
  /// `xdl_clean_mmatch`), looking at most 100 lines each way.
  private static func isInRunOfUnmatched(_ partners: [UInt8], _ i: Int, first: Int, last: Int)
    -> Bool
  {
    let low = max(first, i - 100)
    let high = min(last, i + 100)
    var unmatchedBefore = 0
    var manyBefore = 1
    before: for k in stride(from: i - 1, through: low, by: -1) {
      switch partners[k] {
      case 0: unmatchedBefore += 1
      case 2: manyBefore += 1
      default: break before
      }
    }
    if unmatchedBefore == 0 { return false }
    var unmatchedAfter = 0
    var manyAfter = 1
    after: for k in stride(from: i + 1, through: high, by: 1) {
      switch partners[k] {
      case 0: unmatchedAfter += 1
      case 2: manyAfter += 1
      default: break after
      }
    }
    if unmatchedAfter == 0 { return false }
    let unmatched = unmatchedBefore + unmatchedAfter
    let many = manyBefore + manyAfter
    return many * 4 < many + unmatched
  }

  // MARK: - Script

  func script() -> [Change] {
    var changes: [Change] = []
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
      if old.changed[i] || new.changed[j] {
        let oldStart = i
        let newStart = j
        while old.changed[i] { i += 1 }
        while new.changed[j] { j += 1 }
        changes.append(
          Change(oldStart: oldStart, oldCount: i - oldStart, newStart: newStart, newCount: j - newStart))
      } else {
        i += 1
        j += 1
      }
    }
    return changes
  }
}

/// xdiff's integer square-root estimate; it sets several of its limits.
func bogoSqrt(_ n: Int) -> Int {
  var result = 1
  var n = n
  while n > 0 {
    result <<= 1
    n >>= 2
  }
  return result
}

/// A file's bytes cut at each `\n`; a line keeps its `\n` (and any `\r` before it), as git's
/// records do, so "x" at the end of a file and "x\n" are different lines.
/// A line's bytes as a dictionary key, hashed once with FNV-1a over whole words: `Hasher` fed
/// an `ArraySlice<UInt8>` byte by byte was most of the diff's time. Valid only while the buffer
/// it points into is.
/// Line -> class number, open addressing with linear probing over the lines' FNV hashes.
struct LineClassTable {
  private var slots: [Int32]
  private var representatives: [LineKey] = []
  private let capacity: Int
  private let shift: UInt64

  init(lines: Int) {
    var capacity = 16
    while capacity < 2 * lines { capacity *= 2 }
    self.capacity = capacity
    shift = UInt64(64 - capacity.trailingZeroBitCount)
    slots = [Int32](repeating: 0, count: capacity)
    representatives.reserveCapacity(lines)
  }

  var count: Int { representatives.count }

  /// The class of every line of `lines`, whose bytes are `buffer`; the first `head` and the last
  /// `tail` lines equal those of the file `twins` classified and take their classes.
  mutating func number(_ lines: Lines, _ buffer: UnsafeRawBufferPointer, twins: [Int] = [], head: Int = 0, tail: Int = 0) -> [Int] {
    var classes = [Int](repeating: 0, count: lines.count)
    for index in 0..<head { classes[index] = twins[index] }
    for k in 0..<tail { classes[lines.count - 1 - k] = twins[twins.count - 1 - k] }
    lines.bounds.withUnsafeBufferPointer { bounds in
      for index in head..<(lines.count - tail) {
        classes[index] = classify(LineKey(UnsafeRawBufferPointer(rebasing: buffer[bounds[index]..<bounds[index + 1]])))
      }
    }
    return classes
  }

  private mutating func classify(_ line: LineKey) -> Int {
    // The FNV word hash moves entropy upward only: mix before taking the top bits.
    var mixed = line.hash ^ (line.hash >> 32)
    mixed = (mixed &* 0x9E37_79B9_7F4A_7C15) >> shift
    var slot = Int(mixed)
    while slots[slot] != 0 {
      let id = Int(slots[slot] - 1)
      if representatives[id] == line { return id }
      slot = (slot + 1) & (capacity - 1)
    }
    slots[slot] = Int32(representatives.count + 1)
    representatives.append(line)
    return representatives.count - 1
  }
}

struct LineKey: Hashable {
  let bytes: UnsafeRawBufferPointer
  let hash: UInt64

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
      h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
      i += 8
    }
    while i < n {
      h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3
      i += 1
    }
    hash = h ^ UInt64(n)
  }

  func hash(into hasher: inout Hasher) { hasher.combine(hash) }

  static func == (a: LineKey, b: LineKey) -> Bool {
    a.hash == b.hash && a.bytes.count == b.bytes.count
      && (a.bytes.count == 0 || memcmp(a.bytes.baseAddress!, b.bytes.baseAddress!, a.bytes.count) == 0)
  }
}

struct Lines {
  let bytes: [UInt8]
  /// Start of each line, then `bytes.count`.
  let bounds: [Int]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var bounds = [0]
    bytes.withUnsafeBufferPointer { buffer in
      // memchr is vectorised; lines average ~35 bytes.
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
        let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        bounds.append(at + 1)
        offset = at + 1
      }
    }
    if bounds.last != bytes.count { bounds.append(bytes.count) }
    self.bounds = bounds
  }

  var count: Int { bounds.count - 1 }

  subscript(index: Int) -> ArraySlice<UInt8> { bytes[bounds[index]..<bounds[index + 1]] }

  var lacksFinalNewline: Bool { !bytes.isEmpty && bytes[bytes.count - 1] != 0x0A }
}
