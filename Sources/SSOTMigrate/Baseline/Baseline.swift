/// The migration work a team has accepted for now: every pending edit and finding of the
/// rewriting phases, as `discover` computes them, recorded so that CI fails only on new ones
/// (the "baseline" or "ratchet" of ruff, pylint and betterer).
///
/// A site is keyed by what survives edits elsewhere in its file: the phase, the path, the rule
/// (`pending-edit:<transform>` for an edit) and the normalized text of the statement that holds
/// it (`StatementText`), plus its occurrence number among the sites with the same four. Line
/// numbers are not part of the key, so moving code, re-wrapping a call or adding comments
/// changes nothing; a second identical call in the same file is occurrence 2, a new site.
public struct Baseline: Sendable, Equatable {
  public static let schema = "ssot-migrate/baseline/v1"

  /// One recorded site: the key, and nothing that moves with the code.
  public struct Entry: Sendable, Hashable, Comparable {
    public let phase: Int
    public let path: String
    /// The finding's rule, or `pending-edit:<transform id>` for an edit (`pending-delete` for a
    /// file a phase would delete).
    public let rule: String
    public let statement: String
    /// 1 for the first site with this phase, path, rule and statement, in file order.
    public let occurrence: Int

    public init(phase: Int, path: String, rule: String, statement: String, occurrence: Int) {
      self.phase = phase
      self.path = path
      self.rule = rule
      self.statement = statement
      self.occurrence = occurrence
    }

    /// What the occurrence number counts within.
    var group: Group { Group(phase: phase, path: path, rule: rule, statement: statement) }

    /// Path first, so that one file's entries sit together in the file and in its diffs. (Field
    /// by field: a tuple of the fields would retain every string at every comparison.)
    public static func < (a: Entry, b: Entry) -> Bool {
      if a.path != b.path { return a.path < b.path }
      if a.phase != b.phase { return a.phase < b.phase }
      if a.rule != b.rule { return a.rule < b.rule }
      if a.statement != b.statement { return a.statement < b.statement }
      return a.occurrence < b.occurrence
    }
  }

  struct Group: Hashable {
    let phase: Int
    let path: String
    let rule: String
    let statement: String
  }

  /// A site of the current run: its key, and where it is and what it says, for reports.
  public struct Site: Sendable, Hashable {
    public let entry: Entry
    /// 1-based line and byte column in the file as the phase's transform saw it.
    public let line: Int
    public let column: Int
    public let message: String
    /// The finding the site is, or nil for a pending edit.
    public let finding: Finding?

    public init(entry: Entry, line: Int, column: Int, message: String, finding: Finding?) {
      self.entry = entry
      self.line = line
      self.column = column
      self.message = message
      self.finding = finding
    }

    /// `path:line:col: [rule] message`, the text format of findings.
    public var description: String {
      "\(FindingFormatter.quotedPath(entry.path)):\(line):\(column): [\(finding?.rule ?? entry.rule)] \(message)"
    }
  }

  /// The codemod the baseline was written for: another codemod's sites mean nothing here.
  public let codemod: String
  /// Sorted; each key once.
  public let entries: [Entry]

  public init(codemod: String, entries: [Entry]) {
    self.codemod = codemod
    // A file this tool wrote is in order already: one pass over it instead of a sort.
    guard !Self.isStrictlyIncreasing(entries) else {
      self.entries = entries
      return
    }
    var sorted = entries.sorted()
    sorted.removeDuplicatesInPlace()
    self.entries = sorted
  }

  static func isStrictlyIncreasing(_ entries: [Entry]) -> Bool {
    entries.indices.dropFirst().allSatisfy { entries[$0 - 1] < entries[$0] }
  }

  public init(codemod: String, sites: [Site]) {
    self.init(codemod: codemod, entries: sites.map(\.entry))
  }

  // MARK: - Comparison

  /// What changed since the baseline.
  public struct Comparison: Sendable {
    /// Current sites the baseline does not hold, in path order.
    public var new: [Site] = []
    /// Baseline entries no current site matches, in the baseline's order.
    public var fixed: [Entry] = []
    /// Baseline entries that were compared (those `comparing` selected).
    public var compared = 0
    /// Current sites that were compared.
    public var current = 0
  }

  /// Compares the current run's `sites` with the entries `comparing` selects (the phases and
  /// paths the run covered). Within a phase, path, rule and statement, sites are counted: the
  /// current sites past the baseline's count are new (the last ones in the file), the baseline's
  /// entries past the current count are fixed, whatever numbers a hand-edited file gives them.
  public func compare(_ sites: [Site], comparing: (Entry) -> Bool) -> Comparison {
    var recorded: [Group: [Entry]] = [:]
    var comparison = Comparison()
    for entry in entries where comparing(entry) {
      recorded[entry.group, default: []].append(entry)
      comparison.compared += 1
    }
    var current: [Group: [Site]] = [:]
    for site in sites where comparing(site.entry) {
      current[site.entry.group, default: []].append(site)
      comparison.current += 1
    }
    for (group, found) in current {
      let known = recorded[group]?.count ?? 0
      if found.count > known {
        comparison.new += found.sorted { $0.entry.occurrence < $1.entry.occurrence }.suffix(found.count - known)
      }
    }
    for (group, known) in recorded {
      let found = current[group]?.count ?? 0
      if known.count > found { comparison.fixed += known.sorted().suffix(known.count - found) }
    }
    comparison.new.sort { ($0.entry.path, $0.line, $0.column, $0.entry) < ($1.entry.path, $1.line, $1.column, $1.entry) }
    comparison.fixed.sort()
    return comparison
  }
}

extension Array where Element: Equatable {
  /// Drops each element equal to the one before it (of a sorted array: the repeats).
  fileprivate mutating func removeDuplicatesInPlace() {
    var kept = 0
    for k in indices where kept == 0 || self[kept - 1] != self[k] {
      self[kept] = self[k]
      kept += 1
    }
    removeSubrange(kept...)
  }
}
