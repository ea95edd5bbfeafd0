/// One pass over a file's bytes looking for any of a phase's trigger identifiers: a file that
/// spells none of them cannot be changed or reported by the phase, so it is never lexed.
///
/// Multi-pattern search in the Wu-Manber style: a window as long as the shortest trigger slides
/// over the bytes and jumps ahead by a shift looked up from its last two bytes, so most bytes of
/// a file are never looked at. Only windows whose last two bytes end some trigger's prefix are
/// verified.
public struct Prefilter: Sendable {
  let patterns: [[UInt8]]
  /// Length of the shortest pattern: the window.
  let window: Int
  /// Shift for the two-byte block ending the window (index `b0 << 8 | b1`).
  let shift: [UInt8]
  /// Patterns whose window-prefix ends with that block.
  let candidates: [UInt16: [Int]]

  public init(triggers: [String]) {
    patterns = Array(Set(triggers)).sorted().map { Array($0.utf8) }.filter { !$0.isEmpty }
    window = patterns.map(\.count).min() ?? 0
    var shift = Array(repeating: UInt8(0), count: 65536)
    var candidates: [UInt16: [Int]] = [:]
    if window >= 2 {
      let defaultShift = UInt8(min(window - 1, 255))
      for i in shift.indices { shift[i] = defaultShift }
      for (k, p) in patterns.enumerated() {
        for q in 0...(window - 2) {
          let block = Int(p[q]) << 8 | Int(p[q + 1])
          let distance = window - 2 - q
          if distance < Int(shift[block]) { shift[block] = UInt8(distance) }
          if distance == 0 { candidates[UInt16(block), default: []].append(k) }
        }
      }
    }
    self.shift = shift
    self.candidates = candidates
  }

  public var isEmpty: Bool { patterns.isEmpty }

  /// True when `bytes` contain at least one trigger.
  public func matches(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { matches($0) }
  }

  public func matches(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
    if patterns.isEmpty || buf.count < window { return false }
    if window < 2 { return naiveMatches(Array(buf)) }
    return shift.withUnsafeBufferPointer { shift -> Bool in
        let n = buf.count
        var end = window - 1  // index of the window's last byte
        while end < n {
          let block = Int(buf[end - 1]) << 8 | Int(buf[end])
          let s = Int(shift[block])
          if s > 0 {
            end += s
            continue
          }
          let start = end - window + 1
          for k in candidates[UInt16(block)] ?? [] {
            let p = patterns[k]
            if start + p.count <= n {
              var j = 0
              while j < p.count && buf[start + j] == p[j] { j += 1 }
              if j == p.count { return true }
            }
          }
          end += 1
        }
        return false
    }
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
}
