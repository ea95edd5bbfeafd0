import Foundation
import PythonSource

/// What a module binds at module scope besides imports, for the repository index's re-export
/// chains: `NAME = a.b.c` aliases, other assignments, and `__all__`.
extension ModuleIndexBuilder {
  /// A module-scope simple statement `start..<end`: `NAME = a.b.c` (an alias the repository
  /// index can follow), any other `NAME = ...`, and, in the light pass, `__all__` (the full
  /// pass collects it while binding).
  mutating func noteModuleStatement(_ start: Int, _ end: Int) {
    guard tokens[start].kind == .name, !tokens[start].isKeyword else { return }
    if !full && isName(start, "__all__") {
      collectAll(start, end)
      return
    }
    guard start + 2 < end, isOp(start + 1, UInt8(ascii: "=")), tokens[start + 1].length == 1 else { return }
    // The value: NAME (. NAME)*, then only a comment before the statement's end.
    var j = start + 2
    var dotted = tokens[j].kind == .name && !tokens[j].isKeyword
    while dotted && j + 2 < end && isOp(j + 1, UInt8(ascii: ".")) && tokens[j + 2].kind == .name { j += 2 }
    if dotted, j + 1 < end, !tokens[j + 1].isTrivia { dotted = false }
    moduleAssignments.append(.init(target: start, value: dotted ? (start + 2)..<(j + 1) : nil))
  }

  /// `__all__ = [...]`, `__all__ += [...]`, `__all__.extend([...])`, `__all__.append(...)`.
  mutating func collectAll(_ start: Int, _ end: Int) {
    guard isName(start, "__all__") else { return }
    for j in start..<end where tokens[j].kind == .string {
      if let value = plainStringValue(tokens[j], in: file) { allNames[value, default: []].append(j) }
    }
  }
}
