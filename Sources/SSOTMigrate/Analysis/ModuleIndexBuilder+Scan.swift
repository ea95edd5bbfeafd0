import Foundation
import PythonSource

/// The one walk over a statement's tokens of the full pass: roles, assignment, walrus and
/// comprehension targets, calls and subscripts.
extension ModuleIndexBuilder {
  // MARK: - One walk per statement

  /// The stack of open brackets of a statement, one bit each: whether it is a call's `(`
  /// (`f(x=1)`: `x` is a keyword argument). Bits past 64 levels go to `deepCallParens`.
  struct CallParens {
    var bits: UInt64 = 0
    var depth = 0
  }

  /// The full analysis's walk over a statement's tokens `start..<stop` (`stop`: its terminator),
  /// in one loop instead of one per question: each token's statement and scope, the roles of
  /// its names, and (for `bindSimpleStatement` and `bindExpressionTargets`, which bind them
  /// later, in the order the bindings always had) its assignment targets when `assignments`,
  /// its walrus targets and its comprehension variables.
  mutating func scanStatement(_ index: Int, _ start: Int, _ stop: Int, scope: Int, assignments: Bool) {
    let n = tokens.count
    let statement32 = Int32(index)
    let scope32 = Int32(scope)
    if stop < n {
      statementOfToken[stop] = statement32
      scopeOfToken[stop] = scope32
    }
    if !deepCallParens.isEmpty { deepCallParens.removeAll(keepingCapacity: true) }
    if !expressionTargets.isEmpty { expressionTargets.removeAll(keepingCapacity: true) }
    if !assignmentTargets.isEmpty { assignmentTargets.removeAll(keepingCapacity: true) }
    // The first depth-0 `:` before any `=`: an annotated assignment's target ends there.
    var annotationColon = -1
    // Assignment targets (simple statements but `global`, `nonlocal`, `del`): every segment
    // before the last depth-0 `=`; the target of an augmented or annotated assignment.
    let collectAssignments =
      assignments && !isKeyword(start, .global) && !isKeyword(start, .nonlocal) && !isKeyword(start, .del)
    var segmentStart = start
    var lastEquals = -1
    var depth = 0
    // Walrus and comprehension targets: a comprehension's target tokens are not looked at
    // again (nor their brackets counted), up to and including `skipThrough`.
    var expressionDepth = 0
    var skipThrough = -1
    var parens = CallParens()
    // The previous token that is not trivia, kept as the loop goes instead of searched back for.
    var previous = start - 1
    var j = start
    while j < stop {
      let t = tokens[j]
      statementOfToken[j] = statement32
      scopeOfToken[j] = scope32
      let p = previous
      if !t.isTrivia { previous = j }
      if t.kind == .op {
        let b = t.firstByte
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          pushCallParen(&parens, b == UInt8(ascii: "(") && opensTrailer(after: p, start))
          depth += 1
          if j > skipThrough { expressionDepth += 1 }
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          popCallParen(&parens)
          depth -= 1
          if j > skipThrough { expressionDepth -= 1 }
        default:
          if collectAssignments && depth == 0 {
            if t.length == 1 && b == UInt8(ascii: "=") {
              assignmentTargets.append((segmentStart, j))
              segmentStart = j + 1
              lastEquals = j
            } else if t.length >= 2 && file.bytes[t.end - 1] == UInt8(ascii: "=") && !isOp(j, "==")
              && !isOp(j, "<=") && !isOp(j, ">=") && !isOp(j, "!=") && lastEquals < 0
            {
              assignmentTargets.append((start, j))  // augmented assignment; `:=` is a walrus
            } else if t.length == 1 && b == UInt8(ascii: ":") && annotationColon < 0 && lastEquals < 0 {
              annotationColon = j
            }
          }
          if b == UInt8(ascii: ":") && j > skipThrough && t.length == 2, j > start, tokens[j - 1].kind == .name {
            expressionTargets.append((j - 1, -1))  // `:=` is the only two-byte operator starting with `:`
          }
        }
        j += 1
        continue
      }
      if t.kind == .name {
        if p >= start && tokens[p].isOp(UInt8(ascii: ".")) {
          roles[j] = .attribute
        } else if t.isKeyword {
          roles[j] = .keyword
        } else if parens.bits & 1 == 1 && parens.depth > 0, isOp(significant(from: j + 1, before: stop), "=") {
          roles[j] = .keywordArgument
        }
        if t.firstByte == Keyword.for.rawValue && expressionDepth > 0 && j > skipThrough {
          let k = comprehensionTargetEnd(from: j + 1, before: stop)
          expressionTargets.append((j + 1, k))
          skipThrough = k
        }
      }
      j += 1
    }
    if annotationColon >= 0 && assignmentTargets.isEmpty {
      assignmentTargets.append((start, annotationColon))
    } else if annotationColon >= 0, let first = assignmentTargets.first, first.start == start {
      assignmentTargets[0] = (start, annotationColon)
    }
  }

  /// True when an opening bracket whose previous significant token is `p` is a call or
  /// subscript (it follows an expression).
  mutating func opensTrailer(after p: Int, _ statementStart: Int) -> Bool {
    guard p >= statementStart else { return false }
    let t = tokens[p]
    switch t.kind {
    case .name: return !t.isKeyword || isKeyword(p, .`None`) || isKeyword(p, .`True`) || isKeyword(p, .`False`)
    case .string, .number: return true
    case .op: return t.isOp(UInt8(ascii: ")")) || t.isOp(UInt8(ascii: "]")) || t.isOp(UInt8(ascii: "}"))
    default: return false
    }
  }

  mutating func pushCallParen(_ parens: inout CallParens, _ isCall: Bool) {
    if parens.depth >= 64 { deepCallParens.append(parens.bits >> 63 == 1) }
    parens.bits = parens.bits << 1 | (isCall ? 1 : 0)
    parens.depth += 1
  }

  mutating func popCallParen(_ parens: inout CallParens) {
    guard parens.depth > 0 else { return }
    parens.depth -= 1
    parens.bits >>= 1
    if parens.depth >= 64, let bit = deepCallParens.popLast() { parens.bits |= (bit ? 1 : 0) << 63 }
  }

  /// The `in` that ends a comprehension's target list starting at `start`, or the bracket that
  /// closes the comprehension first, or `end`.
  mutating func comprehensionTargetEnd(from start: Int, before end: Int) -> Int {
    var k = start
    var inner = 0
    while k < end {
      if tokens[k].kind == .op {
        let b = tokens[k].firstByte
        if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { inner += 1 }
        if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") {
          if inner == 0 { break }
          inner -= 1
        }
      }
      if inner == 0 && isKeyword(k, .`in`) { break }
      k += 1
    }
    return k
  }
}
