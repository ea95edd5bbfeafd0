import Foundation

/// One pass over a file's bytes looking for any of a phase's trigger identifiers: a file that
/// spells none of them cannot be changed or reported by the phase, so it is never lexed.
///
/// Multi-pattern search in the Wu-Manber style: a window as long as the shortest trigger slides
/// over the bytes and jumps ahead by a shift looked up from its last two bytes, so most bytes of
/// a file are never looked at. Only windows whose last two bytes end some trigger's prefix are
/// verified. Four windows slide at once, over four parts of the file.
public struct Prefilter: Sendable {
  let patterns: [[UInt8]]
  /// Length of the shortest pattern: the window.
  let window: Int
  /// The search's tables, one reference: the loop over every byte window of every file reads
  /// plain memory (a dictionary of candidate lists was hashed, and its arrays retained and
  /// released, at each window that needed verifying).
  private let tables: Tables

  public init(triggers: [String]) {
    patterns = Array(Set(triggers)).sorted().map { Array($0.utf8) }.filter { !$0.isEmpty }
    window = patterns.map(\.count).min() ?? 0
    tables = Tables(patterns, window: window)
  }

  /// The prefilter of `triggers`, built once per process: every phase's pipeline, the phase-5
  /// re-runs included, asks for its own and its transforms' prefilters, and the tables
  /// (192 KB each) cost more to set up than a small repository's whole phase.
  public static func shared(triggers: [String]) -> Prefilter {
    let key = Array(Set(triggers)).sorted()
    return cache.withLock { entries in
      if let known = entries[key] { return known }
      let made = Prefilter(triggers: key)
      // A long-running library caller with ever new codemods keeps at most this many.
      if entries.count < 64 { entries[key] = made }
      return made
    }
  }

  private static let cache = Cache()

  private final class Cache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [[String]: Prefilter] = [:]

    func withLock<T>(_ body: (inout [[String]: Prefilter]) -> T) -> T {
      lock.lock()
      defer { lock.unlock() }
      return body(&entries)
    }
  }

  public var isEmpty: Bool { patterns.isEmpty }

  /// True when `bytes` contain at least one trigger.
  public func matches(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { matches($0) }
  }

  public func matches(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
    if patterns.isEmpty || buf.count < window { return false }
    if window < 2 { return naiveMatches(Array(buf)) }
    let t = tables
    let base = buf.baseAddress!
    let n = buf.count
    // Four windows slide at once, each over a quarter of the window positions: a window's next
    // position waits on its shift load, so one window alone leaves the core idle most of the
    // time; four independent chains fill it (measured: 44 ms one window, 28 ms two, 19-20 ms
    // four, on 99 MB).
    let quarter = (n - window + 1) / 4
    let (e1, e2, e3) = (window - 1 + quarter, window - 1 + 2 * quarter, window - 1 + 3 * quarter)
    var (a, b, c, d) = (window - 1, e1, e2, e3)  // each window's last byte
    while a < e1 && b < e2 && c < e3 && d < n {
      let (sa, sb, sc, sd) = (t.shift(endingAt: a, base), t.shift(endingAt: b, base), t.shift(endingAt: c, base), t.shift(endingAt: d, base))
      if advance(&a, by: sa, base, n, t) || advance(&b, by: sb, base, n, t) || advance(&c, by: sc, base, n, t)
        || advance(&d, by: sd, base, n, t)
      {
        return true
      }
    }
    return scan(from: a, to: e1, base, n, t) || scan(from: b, to: e2, base, n, t) || scan(from: c, to: e3, base, n, t)
      || scan(from: d, to: n, base, n, t)
  }

  /// Moves the window ending at `end` on by its shift `s`; a window of shift 0 is verified
  /// first (true: a trigger starts there).
  @inline(__always)
  private func advance(_ end: inout Int, by s: Int, _ base: UnsafePointer<UInt8>, _ n: Int, _ t: Tables) -> Bool {
    if s > 0 {
      end += s
      return false
    }
    if verify(endingAt: end, base, n, t) { return true }
    end += 1
    return false
  }

  /// One window from the one ending at `start`, while its last byte is before `stop`.
  @inline(__always)
  private func scan(from start: Int, to stop: Int, _ base: UnsafePointer<UInt8>, _ n: Int, _ t: Tables) -> Bool {
    var end = start
    while end < stop {
      if advance(&end, by: t.shift(endingAt: end, base), base, n, t) { return true }
    }
    return false
  }

  /// Whether a trigger starts where the window ending at `end` starts (its last two bytes have
  /// shift 0).
  @inline(__always)
  private func verify(endingAt end: Int, _ base: UnsafePointer<UInt8>, _ n: Int, _ t: Tables) -> Bool {
    let start = end - window + 1
    let slot = Int(t.slot[Tables.block(endingAt: end, base)])
    for m in Int(t.listStart[slot])..<Int(t.listStart[slot + 1]) {
      let k = Int(t.members[m])
      let first = Int(t.offsets[k])
      let length = Int(t.offsets[k + 1]) - first
      if start + length <= n && base[start] == t.pool[first] && memcmp(base + start, t.pool + first, length) == 0 { return true }
    }
    return false
  }

  func naiveMatches(_ bytes: [UInt8]) -> Bool {
    for p in patterns {
      var i = 0
      while i + p.count <= bytes.count {
        if bytes[i..<(i + p.count)].elementsEqual(p) { return true }
        i += 1
      }
    }
    return false
  }

  /// Immutable once built; freed with the last prefilter that shares it.
  private final class Tables: @unchecked Sendable {
    /// Shift for the two-byte block ending the window (index `b0 << 8 | b1`).
    let shift: UnsafeMutablePointer<UInt8>
    /// For a block of shift 0: its list of candidate patterns (those whose window-prefix ends
    /// with the block), `members[listStart[slot]..<listStart[slot + 1]]`.
    let slot: UnsafeMutablePointer<UInt16>
    let listStart: UnsafeMutablePointer<Int32>
    let members: UnsafeMutablePointer<Int32>
    /// The patterns' bytes, pattern `k` at `pool[offsets[k]..<offsets[k + 1]]`.
    let pool: UnsafeMutablePointer<UInt8>
    let offsets: UnsafeMutablePointer<Int32>

    /// The two-byte block ending at `end`, as a table index.
    @inline(__always)
    static func block(endingAt end: Int, _ base: UnsafePointer<UInt8>) -> Int { Int(base[end - 1]) << 8 | Int(base[end]) }

    @inline(__always)
    func shift(endingAt end: Int, _ base: UnsafePointer<UInt8>) -> Int { Int(shift[Self.block(endingAt: end, base)]) }

    init(_ patterns: [[UInt8]], window: Int) {
      shift = .allocate(capacity: 65536)
      slot = .allocate(capacity: 65536)
      shift.initialize(repeating: window >= 2 ? UInt8(min(window - 1, 255)) : 0, count: 65536)
      slot.initialize(repeating: 0, count: 65536)
      var lists: [[Int32]] = []
      var listOfBlock: [Int: Int] = [:]
      if window >= 2 {
        for (k, p) in patterns.enumerated() {
          for q in 0...(window - 2) {
            let block = Int(p[q]) << 8 | Int(p[q + 1])
            let distance = window - 2 - q
            if distance < Int(shift[block]) { shift[block] = UInt8(distance) }
            guard distance == 0 else { continue }
            if let existing = listOfBlock[block] {
              lists[existing].append(Int32(k))
            } else {
              listOfBlock[block] = lists.count
              slot[block] = UInt16(lists.count)
              lists.append([Int32(k)])
            }
          }
        }
      }
      listStart = .allocate(capacity: lists.count + 1)
      let total = lists.reduce(0) { $0 + $1.count }
      members = .allocate(capacity: max(total, 1))
      var at: Int32 = 0
      for (i, list) in lists.enumerated() {
        listStart[i] = at
        for m in list {
          members[Int(at)] = m
          at += 1
        }
      }
      listStart[lists.count] = at
      let bytes = patterns.reduce(0) { $0 + $1.count }
      pool = .allocate(capacity: max(bytes, 1))
      offsets = .allocate(capacity: patterns.count + 1)
      var offset = 0
      for (k, p) in patterns.enumerated() {
        offsets[k] = Int32(offset)
        for b in p {
          pool[offset] = b
          offset += 1
        }
      }
      offsets[patterns.count] = Int32(offset)
    }

    deinit {
      shift.deallocate()
      slot.deallocate()
      listStart.deallocate()
      members.deallocate()
      pool.deallocate()
      offsets.deallocate()
    }
  }
}
