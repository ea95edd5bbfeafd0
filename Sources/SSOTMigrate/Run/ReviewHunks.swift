import PythonSource

/// A file's change cut into the pieces a person accepts or rejects (`--interactive`), and the
/// bytes a choice of them gives.
///
/// The pieces are the blocks of changed lines the diff shows (git's `add -p` hunks, before
/// context merges them), joined where one needs another so that no choice can leave a name
/// unbound: a block that starts using a name is joined with every block that changes how the
/// name is bound (the import it needs, the import it replaces), and a block that removes a
/// binding with every block that adds or drops a use of that name. A rewritten call and its new
/// import, or a moved import and the renamed uses of its name, are therefore one piece; two
/// rewritten calls that share a new import are one piece too (accepting one and not the
/// other would still need the import, and rejecting the import would break the one).
public struct ReviewHunks: Sendable {
  /// One piece: the line changes it groups, in file order.
  public struct Group: Sendable {
    /// Indices into `changes`.
    public let changes: [Int]
    /// The original file's lines (1-based, inclusive) the group touches, for findings.
    public let lines: ClosedRange<Int>
  }

  public let path: String
  public let original: [UInt8]
  public let output: [UInt8]
  let changes: [LineDiff.Change]
  public let groups: [Group]

  /// The pieces of `original` -> `output` (both must lex: they are a phase's input and output).
  public init(path: String, original: [UInt8], output: [UInt8], roots: [String]) {
    self.path = path
    self.original = original
    self.output = output
    let old = Lines(original)
    let new = Lines(output)
    let changes = LineDiff.changes(from: old, to: new)
    self.changes = changes
    var parent = Array(changes.indices)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
      }
      return x
    }
    func union(_ members: [Int]) {
      guard let first = members.first else { return }
      for other in members.dropFirst() { parent[find(other)] = find(first) }
    }
    let before = Self.namesByLine(path: path, bytes: original, roots: roots)
    let after = Self.namesByLine(path: path, bytes: output, roots: roots)
    // Per name: the changes that bind it differently, and those that add or drop a use of it.
    var rebinds: [String: [Int]] = [:]
    var reuses: [String: [Int]] = [:]
    for (k, change) in changes.enumerated() {
      let old = Self.names(in: before, from: change.oldStart, count: change.oldCount)
      let new = Self.names(in: after, from: change.newStart, count: change.newCount)
      for name in old.bound.symmetricDifference(new.bound) { rebinds[name, default: []].append(k) }
      for name in old.used.symmetricDifference(new.used) { reuses[name, default: []].append(k) }
    }
    for (name, binders) in rebinds { union(binders + (reuses[name] ?? [])) }
    var members: [Int: [Int]] = [:]
    for k in changes.indices { members[find(k), default: []].append(k) }
    self.groups = members.values.map { list in
      let sorted = list.sorted()
      let first = changes[sorted.first!]
      let last = changes[sorted.last!]
      // A pure insertion touches no old line: it sits before line `oldStart` (0-based).
      return Group(changes: sorted, lines: (first.oldStart + 1)...max(first.oldStart + 1, last.oldStart + last.oldCount))
    }.sorted { $0.changes[0] < $1.changes[0] }
  }

  /// The file with the changes of `accepted` groups applied and the others left out: every
  /// group gives `output`, none gives `original`.
  public func bytes(accepting accepted: Set<Int>) -> [UInt8] {
    var taken = Set<Int>()
    for g in accepted { taken.formUnion(groups[g].changes) }
    let old = Lines(original)
    let new = Lines(output)
    var out: [UInt8] = []
    out.reserveCapacity(max(original.count, output.count))
    var line = 0
    for (k, change) in changes.enumerated() {
      while line < change.oldStart {
        out += old[line]
        line += 1
      }
      if taken.contains(k) {
        for n in change.newStart..<(change.newStart + change.newCount) { out += new[n] }
      } else {
        for n in change.oldStart..<(change.oldStart + change.oldCount) { out += old[n] }
      }
      line = change.oldStart + change.oldCount
    }
    while line < old.count {
      out += old[line]
      line += 1
    }
    return out
  }

  /// The accepted groups as edits of the original bytes, one per line change, attributed to
  /// `transform`.
  public func edits(accepting accepted: Set<Int>, by transform: String) -> [Edit] {
    let old = Lines(original)
    let new = Lines(output)
    var edits: [Edit] = []
    for g in accepted.sorted() {
      for k in groups[g].changes {
        let change = changes[k]
        let range = ByteRange(old.bounds[change.oldStart], old.bounds[change.oldStart + change.oldCount])
        let replacement = Array(new.bytes[new.bounds[change.newStart]..<new.bounds[change.newStart + change.newCount]])
        edits.append(Edit(range: range, replacement: replacement, transform: transform))
      }
    }
    return edits
  }

  // MARK: - Names

  /// Per line (0-based) of a file: the names its module-scope bindings bind there, and the names
  /// its tokens use there.
  struct LineNames {
    var bound: [Int: Set<String>] = [:]
    var used: [Int: Set<String>] = [:]
  }

  static func namesByLine(path: String, bytes: [UInt8], roots: [String]) -> LineNames {
    var result = LineNames()
    guard case .success(let file) = AnalyzedFile.analyze(SourceFile(path: path, bytes: bytes), roots: roots) else { return result }
    let lines = file.source.lineIndex
    for (scope, _) in file.index.scopes.enumerated() {
      for name in file.index.bindings[scope].keys {
        for binding in file.index.bindings.bindings(of: name, in: scope) ?? [] {
          result.bound[lines.line(of: file.tokens[binding.token].start) - 1, default: []].insert(name)
        }
      }
    }
    for (i, token) in file.tokens.enumerated() where token.kind == .name && file.index.roles[i] == .reference {
      result.used[lines.line(of: token.start) - 1, default: []].insert(file.text(i))
    }
    return result
  }

  static func names(in table: LineNames, from start: Int, count: Int) -> (bound: Set<String>, used: Set<String>) {
    var bound: Set<String> = []
    var used: Set<String> = []
    for line in start..<(start + count) {
      bound.formUnion(table.bound[line] ?? [])
      used.formUnion(table.used[line] ?? [])
    }
    return (bound, used)
  }
}
