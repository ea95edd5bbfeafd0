/// Sliding change groups to where a reader expects them (xdiff `xdl_change_compact`).
///
/// A run of inserted or deleted lines can often move up or down without changing the result
/// (`a` inserted into `a a` can be either one). git slides each run as far down as it goes,
/// lines it up with a change in the other file if it can, and otherwise picks the position the
/// indent heuristic scores best: a run that starts and ends at block boundaries. Doing the same
/// keeps our hunks identical to `git diff`'s.
extension LineDiff {
  /// A run of changed lines `start..<end` (empty: `start == end`, just above line `start`).
  struct Group {
    var start = 0
    var end = 0
  }

  static func compact(_ side: inout Side, other: Side) {
    var group = Group()
    while side.changed[group.end] { group.end += 1 }
    var otherGroup = Group()
    while other.changed[otherGroup.end] { otherGroup.end += 1 }

    while true {
      if group.end != group.start {
        var size = 0
        var earliestEnd = 0
        var endMatchingOther = -1
        // Slide up as far as possible, then down as far as possible; merging with a neighbour
        // changes the size, so repeat until it stops changing.
        repeat {
          size = group.end - group.start
          endMatchingOther = -1
          while slideUp(&side, &group) {
            guard previous(other, &otherGroup) else { fatalError("group sync broken sliding up") }
          }
          earliestEnd = group.end
          if otherGroup.end > otherGroup.start { endMatchingOther = group.end }
          while slideDown(&side, &group) {
            guard next(other, &otherGroup) else { fatalError("group sync broken sliding down") }
            if otherGroup.end > otherGroup.start { endMatchingOther = group.end }
          }
        } while size != group.end - group.start

        if group.end == earliestEnd {
          // It cannot move.
        } else if endMatchingOther != -1 {
          // Line it up with the last change in the other file it can face.
          while otherGroup.end == otherGroup.start {
            guard slideUp(&side, &group), previous(other, &otherGroup) else {
              fatalError("group sync broken sliding to match")
            }
          }
        } else {
          let bestEnd = bestEndByIndent(side, group: group, size: size, earliestEnd: earliestEnd)
          while group.end > bestEnd {
            guard slideUp(&side, &group), previous(other, &otherGroup) else {
              fatalError("group sync broken sliding to best indent")
            }
          }
        }
      }
      guard next(side, &group) else { break }
      guard next(other, &otherGroup) else { fatalError("group sync broken moving on") }
    }
  }

  /// Moves to the following group; false at the end of the file.
  private static func next(_ side: Side, _ group: inout Group) -> Bool {
    if group.end == side.count { return false }
    group.start = group.end + 1
    group.end = group.start
    while side.changed[group.end] { group.end += 1 }
    return true
  }

  /// Moves to the preceding group; false at the start of the file.
  private static func previous(_ side: Side, _ group: inout Group) -> Bool {
    if group.start == 0 { return false }
    group.end = group.start - 1
    group.start = group.end
    while side.changed[group.start - 1] { group.start -= 1 }
    return true
  }

  /// Moves the group down one line if its first line equals the line after it, absorbing a
  /// group it bumps into.
  private static func slideDown(_ side: inout Side, _ group: inout Group) -> Bool {
    guard group.end < side.count && side.classes[group.start] == side.classes[group.end] else {
      return false
    }
    side.changed[group.start] = false
    group.start += 1
    side.changed[group.end] = true
    group.end += 1
    while side.changed[group.end] { group.end += 1 }
    return true
  }

  private static func slideUp(_ side: inout Side, _ group: inout Group) -> Bool {
    guard group.start > 0 && side.classes[group.start - 1] == side.classes[group.end - 1] else {
      return false
    }
    group.start -= 1
    side.changed[group.start] = true
    group.end -= 1
    side.changed[group.end] = false
    while side.changed[group.start - 1] { group.start -= 1 }
    return true
  }

  // MARK: - Indent heuristic (Michael Haggerty's diff-slider-tools weights, as in git)

  private static let maxSliding = 100
  private static let maxIndent = 200
  private static let maxBlanks = 20

  /// The end position (at most 100 lines up) whose two boundaries score best; ties go down.
  private static func bestEndByIndent(_ side: Side, group: Group, size: Int, earliestEnd: Int)
    -> Int
  {
    var shift = max(earliestEnd, group.end - size - 1, group.end - maxSliding)
    var bestEnd = -1
    var best = Score()
    while shift <= group.end {
      var score = Score()
      score.add(measure(side, splitAt: shift))
      score.add(measure(side, splitAt: shift - size))
      if bestEnd == -1 || score.compare(best) <= 0 {
        best = score
        bestEnd = shift
      }
      shift += 1
    }
    return bestEnd
  }

  /// What surrounds a hypothetical boundary just above line `split`.
  private struct Measurement {
    var endOfFile = false
    /// Indent of the line after the boundary; -1 when blank.
    var indent = -1
    var blanksBefore = 0
    /// Indent of the nearest non-blank line above; -1 when none.
    var indentBefore = -1
    var blanksAfter = 0
    /// Indent of the nearest non-blank line below the next one; -1 when none.
    var indentAfter = -1
  }

  private struct Score {
    var effectiveIndent = 0
    var penalty = 0

    mutating func add(_ m: Measurement) {
      if m.indentBefore == -1 && m.blanksBefore == 0 { penalty += 1 }  // start of file
      if m.endOfFile { penalty += 21 }
      let postBlank = m.indent == -1 ? 1 + m.blanksAfter : 0
      let totalBlank = m.blanksBefore + postBlank
      penalty += -30 * totalBlank
      penalty += 6 * postBlank
      let indent = m.indent != -1 ? m.indent : m.indentAfter
      let anyBlanks = totalBlank != 0
      effectiveIndent += indent
      if indent == -1 || m.indentBefore == -1 {
        // Nothing to compare with.
      } else if indent > m.indentBefore {
        penalty += anyBlanks ? 10 : -4
      } else if indent == m.indentBefore {
        // Same level: no adjustment.
      } else if m.indentAfter != -1 && m.indentAfter > indent {
        penalty += anyBlanks ? 17 : 24  // probably starts a block
      } else {
        penalty += anyBlanks ? 17 : 23  // probably ends one
      }
    }

    /// Negative when `self` is better.
    func compare(_ other: Score) -> Int {
      let indents = (effectiveIndent > other.effectiveIndent ? 1 : 0)
        - (effectiveIndent < other.effectiveIndent ? 1 : 0)
      return 60 * indents + (penalty - other.penalty)
    }
  }

  private static func measure(_ side: Side, splitAt split: Int) -> Measurement {
    var m = Measurement()
    if split >= side.count {
      m.endOfFile = true
      m.indent = -1
    } else {
      m.indent = indent(side.lines[split])
    }
    var i = split - 1
    while i >= 0 {
      m.indentBefore = indent(side.lines[i])
      if m.indentBefore != -1 { break }
      m.blanksBefore += 1
      if m.blanksBefore == maxBlanks {
        m.indentBefore = 0
        break
      }
      i -= 1
    }
    i = split + 1
    while i < side.count {
      m.indentAfter = indent(side.lines[i])
      if m.indentAfter != -1 { break }
      m.blanksAfter += 1
      if m.blanksAfter == maxBlanks {
        m.indentAfter = 0
        break
      }
      i += 1
    }
    return m
  }

  /// Columns of leading whitespace (tab stops of 8), or -1 for a blank line.
  private static func indent(_ line: ArraySlice<UInt8>) -> Int {
    var columns = 0
    for byte in line {
      guard isGitSpace(byte) else { return columns }
      if byte == 0x20 {
        columns += 1
      } else if byte == 0x09 {
        columns += 8 - columns % 8
      }
      if columns >= maxIndent { return maxIndent }
    }
    return -1
  }
}

/// git's own `isspace`: space, tab, LF and CR only (not VT or FF, unlike C's).
@inline(__always)
func isGitSpace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}
