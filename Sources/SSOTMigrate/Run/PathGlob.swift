/// A glob over `/`-separated repository-relative paths, compiled once: `**` matches zero or more
/// directories, `*` and `?` stay within one segment, `[abc]` is a class. The pattern matches the
/// whole path (write `**/x` for "anywhere").
public struct PathGlob: Sendable, CustomStringConvertible {
  public let pattern: String
  let segments: [[UInt8]?]  // nil = `**`

  public init(_ pattern: String) throws(CodemodError) {
    guard !pattern.isEmpty else { throw .invalid("", "an empty glob matches nothing; remove it") }
    guard !pattern.hasPrefix("/") else { throw .invalid("", "glob \"\(pattern)\" must be relative to the repository root (no leading /)") }
    self.pattern = pattern
    var segments: [[UInt8]?] = []
    for part in pattern.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "**" {
        if segments.last.map({ $0 == nil }) != true { segments.append(nil) }
      } else {
        var open = 0
        for c in part.utf8 {
          if c == UInt8(ascii: "[") { open += 1 }
          if c == UInt8(ascii: "]") { open -= 1 }
        }
        guard open == 0 else { throw .invalid("", "glob \"\(pattern)\" has an unclosed [") }
        segments.append(Array(part.utf8))
      }
    }
    self.segments = segments
  }

  public var description: String { pattern }

  public func matches(_ path: String) -> Bool {
    let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { Array($0) }
    return match(0, parts, 0)
  }

  private func match(_ s: Int, _ parts: [[UInt8]], _ p: Int) -> Bool {
    var s = s
    var p = p
    while s < segments.count {
      guard let segment = segments[s] else {
        // `**`: try every number of directories (the rest is short: paths are shallow).
        if s == segments.count - 1 { return true }
        var k = p
        while k <= parts.count {
          if match(s + 1, parts, k) { return true }
          k += 1
        }
        return false
      }
      guard p < parts.count, Self.matchSegment(segment, 0, parts[p], 0) else { return false }
      s += 1
      p += 1
    }
    return p == parts.count
  }

  static func matchSegment(_ pattern: [UInt8], _ i: Int, _ text: [UInt8], _ j: Int) -> Bool {
    var i = i
    var j = j
    var starI = -1
    var starJ = 0
    while j < text.count {
      if i < pattern.count {
        let c = pattern[i]
        if c == UInt8(ascii: "*") {
          starI = i
          starJ = j
          i += 1
          continue
        }
        if c == UInt8(ascii: "?") {
          i += 1
          j += 1
          continue
        }
        if c == UInt8(ascii: "["), let close = pattern[(i + 1)...].firstIndex(of: UInt8(ascii: "]")) {
          var set = pattern[(i + 1)..<close]
          let negate = set.first == UInt8(ascii: "!") || set.first == UInt8(ascii: "^")
          if negate { set = set.dropFirst() }
          var found = false
          var k = set.startIndex
          while k < set.endIndex {
            if k + 2 < set.endIndex && set[k + 1] == UInt8(ascii: "-") {
              if text[j] >= set[k] && text[j] <= set[k + 2] { found = true }
              k += 3
            } else {
              if text[j] == set[k] { found = true }
              k += 1
            }
          }
          if found != negate {
            i = close + 1
            j += 1
            continue
          }
        } else if c == text[j] {
          i += 1
          j += 1
          continue
        }
      }
      if starI >= 0 {
        i = starI + 1
        starJ += 1
        j = starJ
        continue
      }
      return false
    }
    while i < pattern.count && pattern[i] == UInt8(ascii: "*") { i += 1 }
    return i == pattern.count
  }
}
