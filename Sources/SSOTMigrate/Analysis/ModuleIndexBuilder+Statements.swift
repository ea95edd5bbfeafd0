import Foundation
import PythonSource

/// Where a statement ends, and what kind of statement it is.
extension ModuleIndexBuilder {
  /// The first NEWLINE or ENDMARKER from `start` (`tokens.count` if none), or nil when a `;`
  /// comes first. NEWLINE only comes at bracket depth 0, so no bracket bookkeeping is needed.
  mutating func lineEndBeforeSemicolon(from start: Int) -> Int? {
    let j = tokens.withUnsafeBufferPointer { Token.firstLineEndOrSemicolon(in: $0, from: start) }
    return j < tokens.count && tokens[j].kind == .op ? nil : j
  }

  /// One past the statement's last token (its NEWLINE or `;`), and the header colon if it is a
  /// compound-statement header.
  mutating func statementEnd(from start: Int) -> (end: Int, colon: Int?) {
    let header = mayBeHeader(start)
    let n = tokens.count
    // Most statements: no header colon to find, so the end is the first NEWLINE; a `;` (rare)
    // needs the bracket depth, below.
    if !header, let end = lineEndBeforeSemicolon(from: start) { return (end, nil) }
    var depth = 0
    var lambdas = 0
    var j = start
    while j < n {
      let t = tokens[j]
      if t.kind == .newline || t.kind == .endMarker { return (j, nil) }
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          depth = max(0, depth - 1)
        case UInt8(ascii: ";") where depth == 0:
          return (j, nil)
        case UInt8(ascii: ":") where depth == 0 && t.length == 1:
          if lambdas > 0 {
            lambdas -= 1
          } else if header {
            return (j, j)
          }
        default:
          break
        }
      } else if t.kind == .name && depth == 0 && isKeyword(j, .lambda) {
        lambdas += 1
      }
      j += 1
    }
    return (n, nil)
  }

  mutating func mayBeHeader(_ i: Int) -> Bool {
    guard tokens[i].kind == .name else { return false }
    if let keyword = tokens[i].keyword {
      switch keyword {
      case .if, .elif, .else, .while, .for, .try, .except, .finally, .with, .def, .class, .async: return true
      default: return false
      }
    }
    if isName(i, "match") || isName(i, "case") {
      // Soft keywords: a header only when followed by an expression and ending in `:`.
      let next = i + 1
      guard next < tokens.count else { return false }
      let t = tokens[next]
      if t.kind == .newline || t.kind == .endMarker { return false }
      if t.kind == .op && t.length == 1
        && [UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"),
          UInt8(ascii: ")")].contains(t.firstByte)
      {
        return false
      }
      if t.kind == .op && t.length == 2 && file.bytes[t.start + 1] == UInt8(ascii: "=") { return false }
      var j = next
      while j < tokens.count && tokens[j].kind != .newline && tokens[j].kind != .endMarker { j += 1 }
      var last = j - 1
      while last > i && tokens[last].kind == .comment { last -= 1 }
      return tokens[last].isOp(UInt8(ascii: ":"))
    }
    return false
  }

  mutating func classify(_ i: Int, colon: Int?) -> Statement.Kind {
    if tokens[i].isOp(UInt8(ascii: "@")) { return .decorator }
    guard tokens[i].kind == .name else { return .simple }
    if isKeyword(i, .`import`) { return .importModule }
    if isKeyword(i, .from) { return .importFrom }
    guard colon != nil else { return .simple }
    if isKeyword(i, .def) || (isKeyword(i, .async) && isKeyword(i + 1, .def)) { return .functionDef }
    if isKeyword(i, .`class`) { return .classDef }
    return .header
  }

  mutating func isTypeCheckingHeader(_ start: Int, _ end: Int) -> Bool {
    guard isKeyword(start, .`if`) else { return false }
    if end == start + 2 && isName(start + 1, "TYPE_CHECKING") { return true }
    return end == start + 4 && isName(start + 1, "typing") && isOp(start + 2, UInt8(ascii: "."))
      && isName(start + 3, "TYPE_CHECKING")
  }
}
