/// A path pattern from a codemod's `include`/`exclude`, matched against a whole relative path
/// with `/` separators (gitignore and ast-grep syntax, but always anchored):
///
/// - `**` as a whole segment matches zero or more directories (`**/tests/**` matches
///   `tests/a.py` and `x/tests/y/z.py`); at the end it matches one or more segments, so
///   `tests/**` is everything under `tests/` but not a file named `tests`.
/// - `*` matches any run of characters within one segment, `?` one character, `[abc]`, `[a-z]`,
///   `[!abc]` one character of (or not of) a set; `\` makes the next character literal.
/// - A pattern without `/` matches a top-level path only: write `**/conftest.py` for anywhere.
///   Explicit beats gitignore's "no slash means basename" rule, which surprises in reviews.
///
/// The pattern is compiled once into segments; matching walks the path's UTF-8 bytes without
/// building strings or regexes, since every phase tests each of 8,000+ paths against each glob.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
  /// The compiled pattern, the glob's only reference (its text included): a path is tested
  /// against several globs per phase, and each glob copied out of its array retains what it
  /// holds.
  private let matcher: Matcher

  public var pattern: String { matcher.pattern }

  public init(_ pattern: String) throws(CodemodError) {
    matcher = Matcher(pattern, try PathGlob.compile(pattern))
  }

  public static func == (a: PathGlob, b: PathGlob) -> Bool { a.pattern == b.pattern }
  public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

  public var description: String { pattern }

  /// Whether `path` (relative, `/`-separated) matches the whole pattern.
  public func matches(_ path: String) -> Bool {
    PathGlob.withSegments(of: path) { matches($0) }
  }

  /// A path cut at its `/`s, so that several globs can test it without cutting it again.
  struct SplitPath {
    let bytes: UnsafeBufferPointer<UInt8>
    let bounds: UnsafeBufferPointer<Range<Int>>
  }

  /// Runs `body` with `path` cut into segments (false for an empty path). The bounds live on
  /// the stack: every path of the repository is cut once per run.
  static func withSegments(of path: String, _ body: (SplitPath) -> Bool) -> Bool {
    if path.isEmpty { return false }
    var path = path
    return path.withUTF8 { bytes in
      var segments = 1
      for byte in bytes where byte == 0x2F { segments += 1 }
      return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: segments) { bounds in
        var start = 0
        var k = 0
        for i in 0..<bytes.count where bytes[i] == 0x2F {
          bounds.initializeElement(at: k, to: start..<i)
          k += 1
          start = i + 1
        }
        bounds.initializeElement(at: k, to: start..<bytes.count)
        return body(SplitPath(bytes: bytes, bounds: UnsafeBufferPointer(bounds)))
      }
    }
  }

  func matches(_ path: SplitPath) -> Bool {
    matcher.match(segment: 0, part: 0, path.bounds, path.bytes)
  }

  private final class Matcher: Sendable {
    let pattern: String
    /// The segments as matching reads them: a kind and ranges of `pool` (an enum with array
    /// payloads was retained and released at every segment of every match).
    let steps: [Step]
    /// The literal bytes of `literal` and `affix` steps.
    let pool: [UInt8]
    /// The tokens of `wildcard` steps (sets, `?`, several `*`), by `Step.first`.
    let wildcards: [[Token]]
    /// Index of the first segment after the last `**` (0 when there is none).
    let firstOfLastRun: Int

    init(_ pattern: String, _ segments: [Segment]) {
      self.pattern = pattern
      var steps: [Step] = []
      var pool: [UInt8] = []
      var wildcards: [[Token]] = []
      for segment in segments {
        switch segment {
        case .anyDirectories:
          steps.append(Step(kind: .anyDirectories, first: 0, middle: 0, last: 0))
        case .literal(let bytes):
          let first = Int32(pool.count)
          pool += bytes
          steps.append(Step(kind: .literal, first: first, middle: Int32(pool.count), last: Int32(pool.count)))
        case .wildcard(let tokens):
          // `prefix*suffix` (most globs: `*.py`, `test_*.py`) is two comparisons, not a search.
          let stars = tokens.indices.filter { tokens[$0] == .anyRun }
          let bytesOnly = tokens.allSatisfy { if case .byte = $0 { true } else { $0 == .anyRun } }
          if stars.count == 1 && bytesOnly {
            let first = Int32(pool.count)
            pool += tokens[..<stars[0]].map { if case .byte(let b) = $0 { b } else { 0 } }
            let middle = Int32(pool.count)
            pool += tokens[(stars[0] + 1)...].map { if case .byte(let b) = $0 { b } else { 0 } }
            steps.append(Step(kind: .affix, first: first, middle: middle, last: Int32(pool.count)))
          } else {
            steps.append(Step(kind: .wildcard, first: Int32(wildcards.count), middle: 0, last: 0))
            wildcards.append(tokens)
          }
        }
      }
      self.steps = steps
      self.pool = pool
      self.wildcards = wildcards
      firstOfLastRun = (steps.lastIndex { $0.kind == .anyDirectories } ?? -1) + 1
    }

    func match(
      segment first: Int, part firstPart: Int, _ bounds: UnsafeBufferPointer<Range<Int>>, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
      var s = first
      var p = firstPart
      let count = steps.count
      while s < count {
        let step = steps[s]
        switch step.kind {
        case .anyDirectories:
          if s == count - 1 { return p < bounds.count }
          if s + 1 >= firstOfLastRun {
            // No `**` after this one: the segments left match exactly one part each, so only one
            // place to resume can work (`**/test_*.py` looks at the file name only).
            let next = bounds.count - (count - s - 1)
            return next >= p && match(segment: s + 1, part: next, bounds, bytes)
          }
          for next in p...bounds.count where match(segment: s + 1, part: next, bounds, bytes) {
            return true
          }
          return false
        case .literal:
          guard p < bounds.count, bounds[p].count == Int(step.last - step.first),
            equal(bytes, bounds[p].lowerBound, Int(step.first), Int(step.last))
          else { return false }
        case .affix:
          guard p < bounds.count else { return false }
          let range = bounds[p]
          let prefix = Int(step.middle - step.first)
          let suffix = Int(step.last - step.middle)
          guard range.count >= prefix + suffix, equal(bytes, range.lowerBound, Int(step.first), Int(step.middle)),
            equal(bytes, range.upperBound - suffix, Int(step.middle), Int(step.last))
          else { return false }
        case .wildcard:
          guard p < bounds.count, PathGlob.match(wildcards[Int(step.first)], bytes, bounds[p]) else { return false }
        }
        s += 1
        p += 1
      }
      return p == bounds.count
    }

    /// True when the path bytes from `at` equal `pool[first..<last]`.
    private func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ first: Int, _ last: Int) -> Bool {
      var i = at
      for k in first..<last {
        if bytes[i] != pool[k] { return false }
        i += 1
      }
      return true
    }
  }

  // MARK: - Compiled form

  private struct Step: Sendable, Hashable {
    enum Kind: UInt8, Sendable, Hashable {
      case anyDirectories
      /// `pool[first..<last]`, the whole part.
      case literal
      /// `pool[first..<middle]`, any run, then `pool[middle..<last]`.
      case affix
      /// `wildcards[first]`.
      case wildcard
    }
    let kind: Kind
    let first: Int32
    let middle: Int32
    let last: Int32
  }

  private enum Segment: Sendable, Hashable {
    /// `**`: zero or more whole segments.
    case anyDirectories
    case literal([UInt8])
    case wildcard([Token])
  }

  private enum Token: Sendable, Hashable {
    case byte(UInt8)
    /// `?`: one character.
    case anyCharacter
    /// `*`: any run of characters, possibly empty.
    case anyRun
    case set(negated: Bool, ranges: [ClosedRange<UInt32>])
  }

  private static func compile(_ pattern: String) throws(CodemodError) -> [Segment] {
    func invalid(_ why: String) -> CodemodError {
      .invalid("", "invalid path glob \"\(pattern)\": \(why)")
    }
    if pattern.isEmpty { throw invalid("it is empty; use \"**/*.py\" for every Python file") }
    if pattern.hasPrefix("/") {
      throw invalid("globs match paths relative to the repository root; drop the leading '/'")
    }
    if pattern.hasSuffix("/") {
      throw invalid("globs match files; write \"\(pattern)**\" for everything under the directory")
    }
    var segments: [Segment] = []
    for part in pattern.split(separator: "/", omittingEmptySubsequences: false) {
      if part.isEmpty { throw invalid("it has an empty segment ('//')") }
      if part == "." || part == ".." { throw invalid("'\(part)' segments are not allowed") }
      if part == "**" {
        // `**/**` is the same as `**`; keeping one keeps matching linear.
        if segments.last != .anyDirectories { segments.append(.anyDirectories) }
        continue
      }
      let tokens = try tokenize(Array(part.unicodeScalars), invalid)
      if tokens.allSatisfy({ if case .byte = $0 { true } else { false } }) {
        segments.append(.literal(tokens.map { if case .byte(let b) = $0 { b } else { 0 } }))
      } else {
        segments.append(.wildcard(tokens))
      }
    }
    return segments
  }

  private static func tokenize(_ scalars: [Unicode.Scalar], _ invalid: (String) -> CodemodError)
    throws(CodemodError) -> [Token]
  {
    var tokens: [Token] = []
    var i = 0
    func appendLiteral(_ scalar: Unicode.Scalar) {
      tokens.append(contentsOf: Array(String(scalar).utf8).map(Token.byte))
    }
    while i < scalars.count {
      let c = scalars[i]
      switch c {
      case "*":
        // `**` inside a segment is an ordinary `*` (gitignore); one token keeps matching linear.
        if tokens.last != .anyRun { tokens.append(.anyRun) }
        i += 1
      case "?":
        tokens.append(.anyCharacter)
        i += 1
      case "\\":
        guard i + 1 < scalars.count else { throw invalid("it ends with a lone '\\'") }
        appendLiteral(scalars[i + 1])
        i += 2
      case "[":
        var j = i + 1
        var negated = false
        if j < scalars.count && (scalars[j] == "!" || scalars[j] == "^") {
          negated = true
          j += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while j < scalars.count && (scalars[j] != "]" || first) {
          first = false
          var low = scalars[j]
          if low == "\\" && j + 1 < scalars.count {
            j += 1
            low = scalars[j]
          }
          j += 1
          var high = low
          if j + 1 < scalars.count && scalars[j] == "-" && scalars[j + 1] != "]" {
            high = scalars[j + 1]
            j += 2
            guard low.value <= high.value else {
              throw invalid("range '\(low)-\(high)' runs backwards")
            }
          }
          ranges.append(low.value...high.value)
        }
        guard j < scalars.count else { throw invalid("'[' has no closing ']'") }
        tokens.append(.set(negated: negated, ranges: ranges))
        i = j + 1
      default:
        appendLiteral(c)
        i += 1
      }
    }
    return tokens
  }

  // MARK: - Matching one segment

  /// Glob matching with one backtrack point per `*` (the last one seen), which is enough
  /// because a later `*` can absorb anything an earlier one would have: linear in practice.
  private static func match(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
    -> Bool
  {
    var t = 0
    var b = range.lowerBound
    var starToken = -1
    var starByte = 0
    while b < range.upperBound {
      if t < tokens.count {
        switch tokens[t] {
        case .byte(let expected) where bytes[b] == expected:
          t += 1
          b += 1
          continue
        case .anyCharacter:
          t += 1
          b += scalarLength(bytes, b, range.upperBound)
          continue
        case .set(let negated, let ranges):
          let (scalar, length) = decodeScalar(bytes, b, range.upperBound)
          if ranges.contains(where: { $0.contains(scalar) }) != negated {
            t += 1
            b += length
            continue
          }
        case .anyRun:
          starToken = t
          starByte = b
          t += 1
          continue
        default:
          break
        }
      }
      // Mismatch: let the last `*` swallow one more character and retry after it.
      guard starToken >= 0 else { return false }
      starByte += scalarLength(bytes, starByte, range.upperBound)
      b = starByte
      t = starToken + 1
    }
    while t < tokens.count && tokens[t] == .anyRun { t += 1 }
    return t == tokens.count
  }

  private static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
    var n = 1
    while i + n < end && bytes[i + n] & 0xC0 == 0x80 { n += 1 }
    return n
  }

  private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int)
    -> (UInt32, Int)
  {
    let n = scalarLength(bytes, i, end)
    if n == 1 { return (UInt32(bytes[i]), 1) }
    var decoder = UTF8()
    var iterator = UnsafeBufferPointer(rebasing: bytes[i..<(i + n)]).makeIterator()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar.value, n) }
    return (UInt32(bytes[i]), n)
  }
}
