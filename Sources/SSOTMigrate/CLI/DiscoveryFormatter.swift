/// Renders a `DiscoveryReport` as text sections (stderr), a JSON object (the `discovery` member
/// of the report schema) or Markdown for a pull request or issue (stdout).
enum DiscoveryFormatter {
  static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

  static func describe(_ d: DiscoveryReport.Definition) -> String {
    switch d.kind {
    case .class: return "class \(d.name)"
    case .alias(let target): return "\(d.name) = \(target)"
    }
  }

  static func comparisonLine(_ c: DiscoveryReport.ClassComparison) -> String {
    "missing=\(c.missing.count), extra=\(c.extra.count), differing=\(c.differing.count) vs \(c.canonical)"
  }

  // MARK: - Text

  static func text(_ r: DiscoveryReport) -> [String] {
    var lines: [String] = []
    let duplicated = r.duplicatedNames
    lines.append("== duplicate definitions: \(plural(duplicated.count, "name")) defined in more than one module")
    for group in r.duplicates {
      lines.append("  \(group.name) -> \(group.canonical.isEmpty ? "(no canonical name)" : group.canonical)\(group.isDuplicated ? "" : " (one definition)")")
      for d in group.definitions {
        lines.append("    \(d.location): \(describe(d))\(d.isCanonical ? "  [canonical]" : "")")
      }
      for c in group.comparisons {
        lines.append("    \(c.duplicate): \(comparisonLine(c))")
        if !c.missing.isEmpty { lines.append("      missing: \(c.missing.joined(separator: ", "))") }
        if !c.extra.isEmpty { lines.append("      extra: \(c.extra.joined(separator: ", "))") }
        for d in c.differing { lines.append("      \(d.method): \(d.duplicate) here, \(d.canonical) in the canonical class") }
      }
    }
    lines.append("== deprecated call sites: \(r.rewritableCalls.count) rewritable, \(r.manualReview.count) for manual review")
    for call in r.rewritableCalls { lines.append("  \(call.location): rewritten by phase \(call.phase) (\(call.transform))") }
    for f in r.manualReview { lines.append("  \(f.path):\(f.line): manual review [\(f.rule)] \(f.message)") }
    lines.append("== non-canonical imports: \(r.nonCanonicalImportCount) in \(plural(r.nonCanonicalImports.count, "module"))")
    for group in r.nonCanonicalImports {
      lines.append("  from \(group.module) (\(group.sites.count)):")
      for site in group.sites {
        lines.append("    \(site.location): \(site.name.split(separator: ".").last ?? "") -> \(site.canonical)\(site.phase.map { " (phase \($0))" } ?? "")")
      }
    }
    lines.append("== kept imports: \(r.keptImports.count)")
    for f in r.keptImports { lines.append("  \(f.path):\(f.line): \(f.message)") }
    lines.append("== stale patch targets: \(r.stalePatchTargets.count)")
    for f in r.stalePatchTargets { lines.append("  \(f.path):\(f.line): [\(f.rule)] \(f.message)") }
    lines.append("== import cycles already present: \(r.importCycles.count)")
    for chain in r.importCycles { lines.append("  \(chain)") }
    lines.append("== per directory: definitions, rewritable calls, manual review, imports, kept imports, stale patch targets")
    for d in r.directories {
      lines.append("  \(d.directory): \(d.definitions), \(d.rewritableCalls), \(d.manualReview), \(d.nonCanonicalImports), \(d.keptImports), \(d.stalePatchTargets)")
    }
    lines.append("== per phase")
    for p in r.phases {
      lines.append("  phase \(p.phase) \(p.name): \(plural(p.files, "file")), \(plural(p.edits, "edit")), \(plural(p.rewritableCalls, "call")), \(plural(p.nonCanonicalImports, "import")), \(plural(p.findings, "finding"))")
    }
    return lines
  }

  // MARK: - JSON

  static func json(_ r: DiscoveryReport) -> JSONValue {
    func location(_ l: DiscoveryReport.Location) -> [(key: String, value: JSONValue)] { [("path", .string(l.path)), ("line", .int(l.line))] }
    let duplicates: [JSONValue] = r.duplicates.map { group in
      .object([
        ("name", .string(group.name)), ("canonical", .string(group.canonical)), ("duplicated", .bool(group.isDuplicated)),
        ("definitions", .array(group.definitions.map { d in
          var members = location(d.location)
          members.append(("module", d.module.map(JSONValue.string) ?? .null))
          switch d.kind {
          case .class: members.append(("kind", "class"))
          case .alias(let target): members += [("kind", "alias"), ("target", .string(target))]
          }
          members.append(("canonical", .bool(d.isCanonical)))
          return .object(members)
        })),
        ("comparisons", .array(group.comparisons.map { c in
          .object([
            ("duplicate", .object(location(c.duplicate))), ("canonical", .object(location(c.canonical))),
            ("missing", .array(c.missing.map { .string($0) })), ("extra", .array(c.extra.map { .string($0) })),
            ("differing", .array(c.differing.map {
              .object([("method", .string($0.method)), ("duplicate", .string($0.duplicate)), ("canonical", .string($0.canonical))])
            })),
          ])
        })),
      ])
    }
    let calls: [JSONValue] = r.rewritableCalls.map {
      .object(location($0.location) + [("phase", .int($0.phase)), ("transform", .string($0.transform))])
    }
    let imports: [JSONValue] = r.nonCanonicalImports.map { group in
      .object([
        ("module", .string(group.module)),
        ("sites", .array(group.sites.map {
          .object(location($0.location) + [("name", .string($0.name)), ("canonical", .string($0.canonical)), ("phase", $0.phase.map(JSONValue.int) ?? .null)])
        })),
      ])
    }
    let directories: [JSONValue] = r.directories.map {
      .object([
        ("directory", .string($0.directory)), ("definitions", .int($0.definitions)), ("rewritableCalls", .int($0.rewritableCalls)),
        ("manualReview", .int($0.manualReview)), ("nonCanonicalImports", .int($0.nonCanonicalImports)),
        ("keptImports", .int($0.keptImports)), ("stalePatchTargets", .int($0.stalePatchTargets)),
      ])
    }
    let phases: [JSONValue] = r.phases.map {
      .object([
        ("number", .int($0.phase)), ("name", .string($0.name)), ("files", .int($0.files)), ("edits", .int($0.edits)),
        ("rewritableCalls", .int($0.rewritableCalls)), ("nonCanonicalImports", .int($0.nonCanonicalImports)), ("findings", .int($0.findings)),
      ])
    }
    return .object([
      ("duplicates", .array(duplicates)),
      ("calls", .object([
        ("rewritable", .array(calls)),
        ("manualReview", .array(r.manualReview.map(RunReportFormatter.findingJSON))),
        ("manualReviewByRule", .array(r.manualReviewByRule.map { .object([("rule", .string($0.rule)), ("count", .int($0.count))]) })),
      ])),
      ("nonCanonicalImports", .array(imports)),
      ("keptImports", .object([("count", .int(r.keptImports.count)), ("findings", .array(r.keptImports.map(RunReportFormatter.findingJSON)))])),
      ("stalePatchTargets", .object([("count", .int(r.stalePatchTargets.count)), ("findings", .array(r.stalePatchTargets.map(RunReportFormatter.findingJSON)))])),
      ("importCycles", .array(r.importCycles.map { .string($0) })),
      ("directories", .array(directories)),
      ("phases", .array(phases)),
      ("summary", .object([
        ("duplicatedNames", .int(r.duplicatedNames.count)),
        ("rewritableCalls", .int(r.rewritableCalls.count)),
        ("manualReview", .int(r.manualReview.count)),
        ("nonCanonicalImports", .int(r.nonCanonicalImportCount)),
        ("keptImports", .int(r.keptImports.count)),
        ("stalePatchTargets", .int(r.stalePatchTargets.count)),
      ])),
    ])
  }

  // MARK: - Markdown

  /// Backticks around code; a backtick inside is doubled-fenced.
  static func code(_ s: String) -> String { s.contains("`") ? "`` \(s) ``" : "`\(s)`" }

  /// Escapes `|` for table cells and strips line breaks.
  static func cell(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// A heading, an optional sentence, then the items as a bullet list (or "None."), then a blank
  /// line.
  static func list(_ heading: String, _ items: [String], into out: inout [String], intro: String? = nil) {
    out.append(heading)
    out.append("")
    if let intro {
      out.append(intro)
      out.append("")
    }
    if items.isEmpty { out.append("None.") }
    for item in items { out.append("- " + item) }
    out.append("")
  }

  static func findingItem(_ f: Finding) -> String { "\(code("\(f.path):\(f.line)")) **\(f.rule)**: \(f.message)" }

  static func markdown(_ r: DiscoveryReport, codemod: Codemod) -> String {
    var out: [String] = []
    out.append("# SSOT migration report: \(codemod.name)")
    out.append("")
    out.append("Generated by `ssot-migrate discover` \(HelpText.version). Nothing was changed.")
    out.append("")
    out.append("## Summary")
    out.append("")
    out.append("| What | Count |")
    out.append("| --- | ---: |")
    out.append("| Names defined in more than one module | \(r.duplicatedNames.count) |")
    out.append("| Rewritable deprecated calls | \(r.rewritableCalls.count) |")
    out.append("| Manual-review findings | \(r.manualReview.count) |")
    out.append("| Non-canonical imports | \(r.nonCanonicalImportCount) |")
    out.append("| Kept imports | \(r.keptImports.count) |")
    out.append("| Stale patch targets | \(r.stalePatchTargets.count) |")
    out.append("")
    if !r.phases.isEmpty {
      out.append("| Phase | Files | Edits | Calls | Imports | Findings |")
      out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
      for p in r.phases {
        out.append("| \(p.phase) \(cell(p.name)) | \(p.files) | \(p.edits) | \(p.rewritableCalls) | \(p.nonCanonicalImports) | \(p.findings) |")
      }
      out.append("")
    }

    out.append("## Duplicate definitions")
    out.append("")
    if r.duplicates.isEmpty { out.append("None found."); out.append("") }
    for group in r.duplicates {
      out.append("### \(code(group.name))\(group.isDuplicated ? "" : " (one definition)")")
      out.append("")
      if !group.canonical.isEmpty { out.append("Canonical: \(code(group.canonical))") ; out.append("") }
      for d in group.definitions {
        out.append("- \(code(d.location.description)) \(code(describe(d)))\(d.isCanonical ? " **canonical**" : "")")
      }
      for c in group.comparisons {
        out.append("- \(code(c.duplicate.description)) vs \(code(c.canonical.description)): missing=\(c.missing.count), extra=\(c.extra.count), differing=\(c.differing.count)")
        if !c.missing.isEmpty { out.append("  - missing: \(c.missing.map(code).joined(separator: ", "))") }
        if !c.extra.isEmpty { out.append("  - extra: \(c.extra.map(code).joined(separator: ", "))") }
        for d in c.differing { out.append("  - \(code(d.method)): \(code(d.duplicate)) here, \(code(d.canonical)) in the canonical class") }
      }
      out.append("")
    }

    out.append("## Deprecated call sites")
    out.append("")
    list("### Rewritable (\(r.rewritableCalls.count))", r.rewritableCalls.map { "\(code($0.location.description)) phase \($0.phase) (\(code($0.transform)))" }, into: &out)
    list("### Manual review (\(r.manualReview.count))", r.manualReview.map(findingItem), into: &out)

    out.append("## Non-canonical imports (\(r.nonCanonicalImportCount))")
    out.append("")
    if r.nonCanonicalImports.isEmpty { out.append("None."); out.append("") }
    for group in r.nonCanonicalImports {
      out.append("### from \(code(group.module)) (\(group.sites.count))")
      out.append("")
      for site in group.sites {
        out.append("- \(code(site.location.description)) \(code(String(site.name.split(separator: ".").last ?? ""))) -> \(code(site.canonical))\(site.phase.map { " (phase \($0))" } ?? "")")
      }
      out.append("")
    }

    list("## Kept imports (\(r.keptImports.count))", r.keptImports.map { "\(code("\($0.path):\($0.line)")) \($0.message)" }, into: &out)
    list(
      "## Import cycles already present (\(r.importCycles.count))", r.importCycles.map(code), into: &out,
      intro: "Module-level cycles that exist before any phase; phases are only stopped by cycles they create.")
    list("## Stale patch targets (\(r.stalePatchTargets.count))", r.stalePatchTargets.map(findingItem), into: &out)

    out.append("## Per directory")
    out.append("")
    out.append("| Directory | Definitions | Rewritable calls | Manual review | Imports | Kept imports | Stale patch targets |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for d in r.directories {
      out.append("| \(code(d.directory)) | \(d.definitions) | \(d.rewritableCalls) | \(d.manualReview) | \(d.nonCanonicalImports) | \(d.keptImports) | \(d.stalePatchTargets) |")
    }
    out.append("")
    return out.joined(separator: "\n")
  }
}
