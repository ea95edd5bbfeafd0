import Foundation

/// What `--check`, `--dry-run`, `verify` and `discover` found, independent of how it is printed.
struct RunReport {
  /// One selected phase: a rewrite phase has its `report`; a report/validate phase carries the
  /// pending work of every rewrite phase (`pending`), computed over the tree as it stands.
  struct Section {
    let phase: Phase
    let report: PhaseReport?
    let pending: [PhaseReport]
  }

  /// One line of `verify`: a check of one phase and whether it passed.
  struct Check {
    let phase: Int
    let name: String
    let passed: Bool
    let details: [String]
    /// The details are sites of the baseline's comparison, which the machine formats annotate
    /// each on its own: the check adds no annotation of its own.
    var detailsAreSites = false
  }

  var command: String
  var codemod: Codemod
  var sections: [Section] = []
  var checks: [Check] = []
  /// Phase 1's discovery report (`discover`, `--phase 1`).
  var discovery: DiscoveryReport?
  /// Findings of the run as a whole rather than of one phase (`verify`'s syntax check).
  var notes: [Finding] = []
  /// The comparison with `--baseline FILE`.
  var baseline: BaselineOutcome?

  var findings: [Finding] {
    var seen: Set<Finding> = []
    var out: [Finding] = []
    for finding in notes where seen.insert(finding).inserted { out.append(finding) }
    for section in sections {
      for finding in (section.report?.findings ?? []) + section.pending.flatMap(\.findings) where seen.insert(finding).inserted {
        out.append(finding)
      }
    }
    return out.sorted()
  }

  var editCount: Int { sections.reduce(0) { $0 + ($1.report?.editCount ?? 0) } }
  var pendingEditCount: Int { sections.reduce(0) { $0 + $1.pending.reduce(0) { $0 + $1.editCount } } }
  var changedFiles: Set<String> { Set(sections.flatMap { ($0.report?.changed ?? []).map(\.path) }) }
  var failures: [FileResult] { sections.flatMap { ($0.report?.failed ?? []) + $0.pending.flatMap(\.failed) } }
  var checksPassed: Bool { checks.allSatisfy(\.passed) }

  /// Whether the run passes: with a baseline, nothing new; else nothing pending.
  var passed: Bool {
    let pending = baseline.map { !$0.comparison.new.isEmpty } ?? (editCount + pendingEditCount > 0)
    // An error of the run as a whole (phase 5's `[unreported-site]`) fails it as its exit code does.
    return !pending && failures.isEmpty && checksPassed && !notes.contains { $0.severity == .error }
  }
}

/// Renders a `RunReport` as text (stderr), JSON, GitHub workflow annotations or SARIF 2.1.0
/// (stdout).
enum RunReportFormatter {
  // MARK: - Text

  static func text(_ report: RunReport) -> [String] {
    var lines: [String] = []
    for section in report.sections {
      if let phase = section.report {
        lines.append(contentsOf: summary(phase))
        // With a baseline, the sites it does not hold are listed below it instead.
        let shown = report.baseline == nil ? phase.findings : phase.findings.filter { !report.isSite($0) }
        lines.append(contentsOf: FindingFormatter.text(shown).utf8.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) })
        for failed in phase.failed { if case .failed(let why) = failed.outcome { lines.append("\(failed.path): error: \(why)") } }
      } else {
        let total = section.pending.reduce(0) { $0 + $1.editCount }
        lines.append("phase \(section.phase.number) \(section.phase.name) (\(section.phase.mode.rawValue)): \(total) edit\(plural(total)) pending")
        // Each report's findings are gathered and sorted once (`findings` computes them).
        let findings = section.pending.map(\.findings)
        for (pending, found) in zip(section.pending, findings) {
          let changed = pending.changedCount
          lines.append("  phase \(pending.phase.number) \(pending.phase.name): \(changed) file\(plural(changed)), \(pending.editCount) edit\(plural(pending.editCount)), \(found.count) finding\(plural(found.count))")
        }
        var seen: Set<Finding> = []
        // With a baseline these are its sites (or, after every phase ran, the same sites again).
        for finding in findings.joined() where report.baseline == nil && seen.insert(finding).inserted {
          lines.append(finding.description)
        }
      }
    }
    if let discovery = report.discovery { lines.append(contentsOf: DiscoveryFormatter.text(discovery)) }
    lines.append(contentsOf: report.notes.sorted().map(\.description))
    for check in report.checks {
      lines.append("\(check.passed ? "PASS" : "FAIL") phase \(check.phase): \(check.name)")
      lines.append(contentsOf: check.details.map { "  " + $0 })
    }
    if let baseline = report.baseline {
      // verify lists the new sites under its checks already.
      lines.append(contentsOf: baselineText(baseline, listingNew: !report.checks.contains(where: \.detailsAreSites)))
    }
    return lines
  }

  static func summary(_ report: PhaseReport) -> [String] {
    let p = report.phase
    var lines = [
      "phase \(p.number) \(p.name): \(report.filesInPhase) file\(plural(report.filesInPhase)) in phase, \(report.filesLexed) lexed, "
        + "\(report.changedCount) changed, \(report.editCount) edit\(plural(report.editCount)), \(report.findings.count) finding\(plural(report.findings.count))"
    ]
    for entry in report.editsPerTransform {
      lines.append("  \(entry.id): \(entry.edits) edit\(plural(entry.edits)) in \(entry.files) file\(plural(entry.files))")
    }
    return lines
  }

  static func plural(_ n: Int) -> String { n == 1 ? "" : "s" }

  // MARK: - JSON (schema ssot-migrate/report/v1, documented in README.d-cli.md)

  static func json(_ report: RunReport) -> [UInt8] {
    var phases: [JSONValue] = []
    for section in report.sections {
      var members: [(key: String, value: JSONValue)] = [
        ("number", .int(section.phase.number)), ("name", .string(section.phase.name)),
        ("mode", .string(section.phase.mode.rawValue)),
      ]
      if let phase = section.report {
        members.append(contentsOf: phaseMembers(phase))
      } else {
        members.append(("pending", .array(section.pending.map { .object([("number", .int($0.phase.number)), ("name", .string($0.phase.name))] + phaseMembers($0)) })))
      }
      phases.append(.object(members))
    }
    let findings = report.findings
    let states = report.baseline.map { outcome in findings.map { outcome.state(of: $0) } }
    let checks: [JSONValue] = report.checks.map {
      .object([("phase", .int($0.phase)), ("check", .string($0.name)), ("passed", .bool($0.passed)), ("details", .array($0.details.map { .string($0) }))])
    }
    let pending = report.editCount + report.pendingEditCount > 0
    var members: [(key: String, value: JSONValue)] = [
      ("schema", "ssot-migrate/report/v1"),
      ("tool", .object([("name", "ssot-migrate"), ("version", .string(HelpText.version))])),
      ("command", .string(report.command)),
      ("codemod", .string(report.codemod.name)),
      ("phases", .array(phases)),
      ("findings", .array(findings.indices.map { findingJSON(findings[$0], baselineState: states?[$0]) })),
      ("checks", .array(checks)),
      ("summary", .object([
        ("filesChanged", .int(report.changedFiles.count)),
        ("edits", .int(report.editCount + report.pendingEditCount)),
        ("findings", .int(findings.count)),
        ("failures", .int(report.failures.count)),
        ("pending", .bool(pending)),
        ("passed", .bool(report.passed)),
      ])),
    ]
    if let baseline = report.baseline { members.append(("baseline", baselineJSON(baseline))) }
    if let discovery = report.discovery { members.append(("discovery", DiscoveryFormatter.json(discovery))) }
    let document: JSONValue = .object(members)
    return JSONWriter.bytes(document, pretty: true) + [0x0A]
  }

  static func phaseMembers(_ report: PhaseReport) -> [(key: String, value: JSONValue)] {
    let files: [JSONValue] = report.changed.map { result in
      .object([
        ("path", .string(result.path)),
        ("edits", .array(result.edits.flatMap { group in
          group.edits.map { edit in
            JSONValue.object([
              ("transform", .string(group.transform)), ("start", .int(edit.range.start)), ("end", .int(edit.range.end)),
              ("replacement", .string(String(decoding: edit.replacement, as: UTF8.self))),
            ])
          }
        })),
      ])
    }
    return [
      ("filesInPhase", .int(report.filesInPhase)), ("filesLexed", .int(report.filesLexed)),
      ("filesChanged", .int(report.changedCount)), ("edits", .int(report.editCount)),
      ("transforms", .array(report.editsPerTransform.map { .object([("id", .string($0.id)), ("edits", .int($0.edits)), ("files", .int($0.files))]) })),
      ("files", .array(files)),
      ("findings", .int(report.findings.count)),
    ]
  }

  static func findingJSON(_ f: Finding) -> JSONValue {
    .object([
      ("path", .string(f.path)), ("line", .int(f.line)), ("column", .int(f.column)), ("rule", .string(f.rule)),
      ("severity", .string(f.severity.rawValue)), ("transform", .string(f.transform)), ("message", .string(f.message)),
    ])
  }

  /// With `baselineState` (SARIF's word): "new" or "unchanged" for a site compared with the
  /// baseline; nil without a baseline, or for a finding that is not a site (the gates').
  static func findingJSON(_ f: Finding, baselineState: String?) -> JSONValue {
    guard let baselineState, case .object(let members) = findingJSON(f) else { return findingJSON(f) }
    return .object(members + [("baselineState", .string(baselineState))])
  }

  // MARK: - GitHub workflow annotations and SARIF (FindingFormatter)

  /// Findings, plus one `pending-edits` finding per file a phase would still change, plus one
  /// `verify-failed` finding per failed verify check.
  static func annotated(_ report: RunReport) -> [Finding] {
    if let baseline = report.baseline {
      return (baseline.newAnnotations + failedChecks(report)).sorted()
    }
    var out = report.findings
    for section in report.sections {
      for phase in [section.report].compactMap({ $0 }) + section.pending {
        for result in phase.changed {
          out.append(Finding(
            path: result.path, line: 1, column: 1, rule: "pending-edits",
            message: "\(result.editCount) edit\(plural(result.editCount)) pending from phase \(phase.phase.number) \(phase.phase.name); run ssot-migrate --phase \(phase.phase.number)",
            severity: .manualReview))
        }
      }
    }
    return (out + failedChecks(report)).sorted()
  }

  /// One `verify-failed` finding per detail of a failed verify check.
  static func failedChecks(_ report: RunReport) -> [Finding] {
    var out: [Finding] = []
    for check in report.checks where !check.passed && !check.detailsAreSites {
      for detail in check.details {
        let path = detail.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        out.append(Finding(path: path, line: 1, column: 1, rule: "verify-failed", message: "phase \(check.phase) \(check.name): \(detail)", severity: .error))
      }
    }
    return out
  }

  static func github(_ report: RunReport) -> [UInt8] {
    Array(FindingFormatter.github(annotated(report)).utf8)
  }

  static func sarif(_ report: RunReport) -> [UInt8] {
    let rules = [
      (id: "pending-edits", description: "A codemod phase would still change this file."),
      (id: "verify-failed", description: "ssot-migrate verify failed: not idempotent, or an output does not lex or parse."),
    ]
    let new = Set(report.baseline?.newAnnotations ?? [])
    return Array(
      FindingFormatter.sarif(annotated(report), toolVersion: HelpText.version, rules: rules, baselineState: { new.contains($0) ? "new" : nil }).utf8)
  }
}
