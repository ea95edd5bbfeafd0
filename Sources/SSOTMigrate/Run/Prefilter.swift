/// One pass over a file's bytes looking for any of a phase's trigger identifiers: a file that
/// spells none of them cannot be changed or reported by the phase, so it is never lexed.
public struct Prefilter: Sendable {
  let patterns: [[UInt8]]
  /// For each first byte, the patterns that start with it.
  let byFirstByte: [[Int]]

  public init(triggers: [String]) {
    patterns = Array(Set(triggers)).sorted().map { Array($0.utf8) }.filter { !$0.isEmpty }
    var table = Array(repeating: [Int](), count: 256)
    for (k, p) in patterns.enumerated() { table[Int(p[0])].append(k) }
    byFirstByte = table
  }

  public var isEmpty: Bool { patterns.isEmpty }

  /// True when `bytes` contain at least one trigger.
  public func matches(_ bytes: [UInt8]) -> Bool {
    if patterns.isEmpty { return false }
    return bytes.withUnsafeBufferPointer { buf -> Bool in
      let n = buf.count
      var i = 0
      while i < n {
        let candidates = byFirstByte[Int(buf[i])]
        if !candidates.isEmpty {
          for k in candidates {
            let p = patterns[k]
            if i + p.count <= n {
              var j = 1
              while j < p.count && buf[i + j] == p[j] { j += 1 }
              if j == p.count { return true }
            }
          }
        }
        i += 1
      }
      return false
    }
  }
}
