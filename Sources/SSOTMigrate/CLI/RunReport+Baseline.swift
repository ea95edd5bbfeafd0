/// `--baseline FILE`: the run's sites against the file's, and how each format shows it.
struct BaselineOutcome {
  /// The file as given on the command line.
  let file: String
  let comparison: Baseline.Comparison
  /// The findings that are sites of the comparison (new or not), and the new ones.
  let siteFindings: Set<Finding>
  let newFindings: Set<Finding>

  init(file: String, comparison: Baseline.Comparison, sites: [Baseline.Site]) {
    self.file = file
    self.comparison = comparison
    siteFindings = Set(sites.compactMap(\.finding))
    newFindings = Set(comparison.new.compactMap(\.finding))
  }

  /// SARIF's `baselineState` of a finding: nil when it is not a site.
  func state(of finding: Finding) -> String? {
    newFindings.contains(finding) ? "new" : siteFindings.contains(finding) ? "unchanged" : nil
  }

  /// The new sites as findings, for GitHub annotations and SARIF: a new finding as it is, a new
  /// pending edit as a `pending-edits` finding on its line.
  var newAnnotations: [Finding] {
    comparison.new.map { site in
      site.finding
        ?? Finding(
          path: site.entry.path, line: site.line, column: site.column, rule: "pending-edits", message: "new since the baseline: \(site.message)",
          severity: .manualReview, transform: String(site.entry.rule.drop { $0 != ":" }.dropFirst()))
    }
  }

  /// The command that records the tree as it is now.
  var ratchetCommand: String { "ssot-migrate discover --write-baseline \(file)" }
}

extension RunReport {
  /// Whether `finding` is a site the baseline judged (and so listed with the baseline, if new).
  func isSite(_ finding: Finding) -> Bool { baseline?.siteFindings.contains(finding) ?? false }
}

extension RunReportFormatter {
  /// `baseline FILE: 1 new site, 3 fixed, 120 unchanged`, the new sites (unless a check lists
  /// them), the fixed ones indented, and how to ratchet when there are fewer.
  static func baselineText(_ outcome: BaselineOutcome, listingNew: Bool) -> [String] {
    let c = outcome.comparison
    let unchanged = c.current - c.new.count
    var lines = [
      "baseline \(outcome.file): \(c.new.count) new site\(plural(c.new.count)), \(c.fixed.count) fixed, \(unchanged) unchanged"
    ]
    if listingNew { lines += c.new.map(\.description) }
    for entry in c.fixed {
      lines.append("  fixed: \(FindingFormatter.quotedPath(entry.path)): [\(entry.rule)] phase \(entry.phase): `\(entry.statement)`")
    }
    if !c.fixed.isEmpty {
      lines.append("  \(c.fixed.count) fewer than the baseline: run '\(outcome.ratchetCommand)' to ratchet")
    }
    return lines
  }

  /// `{file, compared, current, new: [site], fixed: [site]}`: a new site has its place and
  /// message, a fixed one only its key.
  static func baselineJSON(_ outcome: BaselineOutcome) -> JSONValue {
    func key(_ entry: Baseline.Entry) -> [(key: String, value: JSONValue)] {
      [
        ("path", .string(entry.path)), ("phase", .int(entry.phase)), ("rule", .string(entry.rule)), ("occurrence", .int(entry.occurrence)),
        ("statement", .string(entry.statement)),
      ]
    }
    let c = outcome.comparison
    return .object([
      ("file", .string(outcome.file)),
      ("compared", .int(c.compared)),
      ("current", .int(c.current)),
      ("new", .array(c.new.map { .object(key($0.entry) + [("line", .int($0.line)), ("column", .int($0.column)), ("message", .string($0.message))]) })),
      ("fixed", .array(c.fixed.map { .object(key($0)) })),
    ])
  }
}
