import PythonSource

/// Phase 1 (`discover`): what the migration is about to touch, as facts a person can review.
///
/// Pure over the candidate files of a `Workspace`, the codemod, and the pending reports of the
/// rewrite phases that the CLI already computed (`PhaseReport`s over the tree as it stands):
/// - duplicate definitions of the codemod's SSOT names (and the classes its replace-call callees
///   name, e.g. `WebSocketManagerFactory`), which one is canonical, and how each duplicate class
///   differs from the canonical class (methods missing, extra, with other parameters);
/// - deprecated call sites: rewritable (edits of replace-call transforms) or for manual review
///   (manual-review findings, the rule being the reason);
/// - non-canonical imports (names a move-import transform moves), grouped by the old module;
/// - kept imports and stale patch targets (issue 8);
/// - counts per top-level directory and per phase that would fix them.
public struct DiscoveryReport: Sendable {
  public struct Location: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public var description: String { "\(path):\(line)" }
    public static func < (a: Location, b: Location) -> Bool { (a.path, a.line) < (b.path, b.line) }
  }

  /// One top-level `class NAME` or `NAME = Other` of a watched name.
  public struct Definition: Sendable {
    public enum Kind: Sendable, Equatable {
      case `class`
      /// `NAME = target` (target as written).
      case alias(target: String)
    }
    public let location: Location
    /// Dotted module name of the file, or nil when the path is not a module path.
    public let module: String?
    public let name: String
    public let kind: Kind
    /// Defined in the module of the name's canonical qualified name.
    public let isCanonical: Bool
  }

  /// A method whose parameter lists differ between a duplicate and the canonical class.
  public struct SignatureDifference: Sendable {
    public let method: String
    /// Parameter lists as token text, whitespace normalised, e.g. `(self, user_id: str)`.
    public let duplicate: String
    public let canonical: String
  }

  /// A duplicate class compared with the canonical class of the same name.
  public struct ClassComparison: Sendable {
    public let duplicate: Location
    public let canonical: Location
    /// Methods the canonical class has and the duplicate lacks.
    public let missing: [String]
    /// Methods the duplicate has and the canonical class lacks.
    public let extra: [String]
    public let differing: [SignatureDifference]
  }

  /// Every definition of one watched name.
  public struct DuplicateGroup: Sendable {
    public let name: String
    /// The qualified name the codemod calls canonical (empty for names only its callees name).
    public let canonical: String
    /// The definitions in the files the run reports on (`Workspace.reported`).
    public let definitions: [Definition]
    public let comparisons: [ClassComparison]
    /// True when more than one module defines the name, counting the files the run does not
    /// report on.
    public let isDuplicated: Bool
  }

  /// A call a replace-call transform rewrites.
  public struct CallSite: Sendable {
    public let location: Location
    public let phase: Int
    public let transform: String
  }

  /// A name imported from a module the codemod moves it out of.
  public struct ImportSite: Sendable {
    public let location: Location
    /// The qualified name as imported, e.g. `...websocket_core.manager.WebSocketManager`.
    public let name: String
    /// Where it moves to.
    public let canonical: String
    /// The phase whose move-import transform rewrites it, or nil when no phase's files include it.
    public let phase: Int?
  }

  /// Non-canonical imports of one old module.
  public struct ImportGroup: Sendable {
    public let module: String
    public let sites: [ImportSite]
  }

  /// Counts for one top-level directory (`.` for files at the root).
  public struct DirectoryCount: Sendable {
    public let directory: String
    public var definitions = 0
    public var rewritableCalls = 0
    public var manualReview = 0
    public var nonCanonicalImports = 0
    public var keptImports = 0
    public var stalePatchTargets = 0
    public var total: Int { definitions + rewritableCalls + manualReview + nonCanonicalImports + keptImports + stalePatchTargets }
  }

  /// What one rewrite phase would do.
  public struct PhaseCount: Sendable {
    public let phase: Int
    public let name: String
    public let files: Int
    public let edits: Int
    public let rewritableCalls: Int
    public let nonCanonicalImports: Int
    public let findings: Int
  }

  public let duplicates: [DuplicateGroup]
  public let rewritableCalls: [CallSite]
  /// Manual-review findings of the pending phases (the rule is the reason), sorted.
  public let manualReview: [Finding]
  public let nonCanonicalImports: [ImportGroup]
  /// `kept-import` findings.
  public let keptImports: [Finding]
  /// `stale-patch-target` and `patched-factory` findings.
  public let stalePatchTargets: [Finding]
  public let directories: [DirectoryCount]
  public let phases: [PhaseCount]
  /// Module-level import cycles that already exist (`ImportGate.existingCycles`), as chains;
  /// phases are never blamed for them. Filled in by the CLI, which owns the file reads.
  public var importCycles: [String] = []

  /// Rules counted as stale patch targets.
  public static let stalePatchRules: Set<String> = ["stale-patch-target", "patched-factory"]

  /// Duplicate groups where more than one module defines the name.
  public var duplicatedNames: [DuplicateGroup] { duplicates.filter(\.isDuplicated) }
  public var nonCanonicalImportCount: Int { nonCanonicalImports.reduce(0) { $0 + $1.sites.count } }
  /// Manual-review findings per rule, most frequent first.
  public var manualReviewByRule: [(rule: String, count: Int)] {
    var counts: [String: Int] = [:]
    for f in manualReview { counts[f.rule, default: 0] += 1 }
    return counts.map { ($0.key, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule }
  }
}

// MARK: - Building

extension DiscoveryReport {
  /// The report over `workspace` (its current bytes), given `pending`, the reports of the rewrite
  /// phases run in order over it. Only the workspace's reported files are listed; every file
  /// counts for what is duplicated and canonical.
  public static func build(workspace: Workspace, codemod: Codemod, pending: [PhaseReport], jobs: Int = 1) -> DiscoveryReport {
    let reported = workspace.reported
    let watched = watchedNames(codemod)
    let moves = codemod.equivalentNames
    let analyzed: [AnalyzedFile] = ParallelMap.map(workspace.files, jobs: jobs) { file -> AnalyzedFile? in
      guard case .success(let analyzed) = AnalyzedFile.analyze(SourceFile(path: file.path, bytes: file.bytes), roots: codemod.roots) else {
        return nil
      }
      return analyzed
    }.compactMap { $0 }.sorted { $0.source.path < $1.source.path }

    // (a) Definitions and classes.
    var definitions: [String: [Definition]] = [:]
    var classes: [Location: [Method]] = [:]
    for file in analyzed {
      for (definition, methods) in Self.definitions(in: file, watched: watched) {
        definitions[definition.name, default: []].append(definition)
        if let methods { classes[definition.location] = methods }
      }
    }
    var groups: [DuplicateGroup] = []
    for (name, canonical) in watched {
      guard let all = definitions[name] else { continue }
      let defs = all.filter { reported.includes($0.location.path) }
      guard !defs.isEmpty else { continue }
      var comparisons: [ClassComparison] = []
      if let reference = all.first(where: { $0.isCanonical && $0.kind == .class }), let referenceMethods = classes[reference.location] {
        for duplicate in defs where !duplicate.isCanonical && duplicate.kind == .class {
          guard let methods = classes[duplicate.location] else { continue }
          comparisons.append(compare(methods, at: duplicate.location, with: referenceMethods, at: reference.location))
        }
      }
      groups.append(
        DuplicateGroup(
          name: name, canonical: canonical, definitions: defs, comparisons: comparisons, isDuplicated: Set(all.map(\.location.path)).count > 1))
    }

    // (b) Call sites and findings of the pending phases.
    var calls: [CallSite] = []
    var seen: Set<Finding> = []
    var findings: [Finding] = []
    var phaseCalls: [Int: Int] = [:]
    for report in pending {
      let replaceCalls = report.phase.transforms.compactMap { $0 as? ReplaceCall }
      for result in report.changed {
        let lines = LineIndex(result.original)
        for group in result.edits {
          guard let transform = replaceCalls.first(where: { $0.id == group.transform }) else { continue }
          let callee = Array(transform.template.callee.utf8)
          for edit in group.edits where edit.replacement == callee {
            calls.append(CallSite(location: Location(path: result.path, line: lines.line(of: edit.range.start)), phase: report.phase.number, transform: group.transform))
            phaseCalls[report.phase.number, default: 0] += 1
          }
        }
      }
      for finding in report.findings where seen.insert(finding).inserted { findings.append(finding) }
    }
    findings.sort()
    let manual = findings.filter { $0.severity == .manualReview && $0.rule != "kept-import" && !stalePatchRules.contains($0.rule) }
    let kept = findings.filter { $0.rule == "kept-import" }
    let stale = findings.filter { stalePatchRules.contains($0.rule) }

    // (c) Non-canonical imports.
    let moveCodemodPhases = codemod.phases.filter { phase in phase.mode == .rewrite && phase.transforms.contains { $0 is MoveImport } }
    var byModule: [String: [ImportSite]] = [:]
    var phaseImports: [Int: Int] = [:]
    for file in analyzed where reported.includes(file.source.path) {
      for statement in file.index.imports where statement.isFrom {
        for item in statement.items {
          guard let target = moves[item.qualifiedName] else { continue }
          // The canonical module's own imports are what it re-exports, not imports to move.
          let targetModule = String(target[..<(target.lastIndex(of: ".") ?? target.startIndex)])
          if file.moduleName == targetModule { continue }
          let phase = moveCodemodPhases.first { $0.includes(file.source.path) }?.number
          let line = file.source.lineIndex.line(of: file.tokens[item.nameFirst].start)
          let oldModule = String(item.qualifiedName[..<(item.qualifiedName.lastIndex(of: ".") ?? item.qualifiedName.startIndex)])
          byModule[oldModule, default: []].append(
            ImportSite(location: Location(path: file.source.path, line: line), name: item.qualifiedName, canonical: target, phase: phase))
          if let phase { phaseImports[phase, default: 0] += 1 }
        }
      }
    }
    let importGroups = byModule.keys.sorted().map { ImportGroup(module: $0, sites: byModule[$0]!.sorted { $0.location < $1.location }) }

    // (e) Counts.
    var directories: [String: DirectoryCount] = [:]
    func bump(_ path: String, _ key: WritableKeyPath<DirectoryCount, Int>) {
      let dir = topLevelDirectory(path)
      directories[dir, default: DirectoryCount(directory: dir)][keyPath: key] += 1
    }
    for group in groups where group.isDuplicated {
      for d in group.definitions where !d.isCanonical { bump(d.location.path, \.definitions) }
    }
    for call in calls { bump(call.location.path, \.rewritableCalls) }
    for f in manual { bump(f.path, \.manualReview) }
    for group in importGroups { for site in group.sites { bump(site.location.path, \.nonCanonicalImports) } }
    for f in kept { bump(f.path, \.keptImports) }
    for f in stale { bump(f.path, \.stalePatchTargets) }

    let phaseCounts = pending.map { report in
      PhaseCount(
        phase: report.phase.number, name: report.phase.name, files: report.changedCount, edits: report.editCount,
        rewritableCalls: phaseCalls[report.phase.number] ?? 0, nonCanonicalImports: phaseImports[report.phase.number] ?? 0,
        findings: report.findings.count)
    }
    return DiscoveryReport(
      duplicates: groups, rewritableCalls: calls.sorted { $0.location < $1.location }, manualReview: manual,
      nonCanonicalImports: importGroups, keptImports: kept, stalePatchTargets: stale,
      directories: directories.values.sorted { $0.directory < $1.directory }, phases: phaseCounts)
  }

  /// The codemod's SSOT names with their canonical qualified names, in file order, then the
  /// classes its replace-call callees name (`...WebSocketManagerFactory.create` names
  /// `WebSocketManagerFactory`) with the module they are defined in.
  static func watchedNames(_ codemod: Codemod) -> [(name: String, canonical: String)] {
    var out = codemod.ssotNames
    var names = Set(out.map(\.name))
    for phase in codemod.phases {
      for case let call as ReplaceCall in phase.transforms {
        for callee in call.callees.keys.sorted() {
          let parts = callee.replacingSuffix("()").split(separator: ".").map(String.init)
          guard parts.count >= 3 else { continue }
          let owner = parts[parts.count - 2]
          guard owner.first?.isUppercase == true, names.insert(owner).inserted else { continue }
          out.append((owner, parts[..<(parts.count - 1)].joined(separator: ".")))
        }
      }
    }
    return out
  }

  static func topLevelDirectory(_ path: String) -> String {
    guard let slash = path.firstIndex(of: "/") else { return "." }
    return String(path[..<slash])
  }

  // MARK: - Definitions and methods

  struct Method {
    let name: String
    let parameters: String
  }

  /// Top-level (module scope) `class NAME` and `NAME = dotted.name` of watched names, with the
  /// methods of each class.
  static func definitions(in file: AnalyzedFile, watched: [(name: String, canonical: String)]) -> [(Definition, [Method]?)] {
    let index = file.index
    var out: [(Definition, [Method]?)] = []
    for (s, statement) in index.statements.enumerated() where statement.scope == 0 {
      let nameToken: Int
      var kind: Definition.Kind
      switch statement.kind {
      case .classDef:
        nameToken = file.nextSignificant(statement.first + 1)
        kind = .class
      case .simple:
        // NAME = NAME(.NAME)*
        nameToken = statement.first
        let eq = file.nextSignificant(nameToken + 1)
        guard file.tokens[nameToken].kind == .name, eq < statement.end, file.isOp(eq, UInt8(ascii: "=")) else { continue }
        var target = ""
        var j = file.nextSignificant(eq + 1)
        var expectName = true
        while j < statement.end {
          if expectName {
            guard file.tokens[j].kind == .name else { target = ""; break }
            target += file.text(j)
          } else {
            guard file.isOp(j, UInt8(ascii: ".")) else { target = ""; break }
            target += "."
          }
          expectName.toggle()
          j = file.nextSignificant(j + 1)
        }
        guard !target.isEmpty, !expectName else { continue }
        kind = .alias(target: target)
      default:
        continue
      }
      guard nameToken < statement.end, file.tokens[nameToken].kind == .name else { continue }
      let name = file.text(nameToken)
      guard let entry = watched.first(where: { $0.name == name }) else { continue }
      let canonicalModule = String(entry.canonical[..<(entry.canonical.lastIndex(of: ".") ?? entry.canonical.startIndex)])
      let location = Location(path: file.source.path, line: file.source.lineIndex.line(of: file.tokens[nameToken].start))
      let definition = Definition(location: location, module: file.moduleName, name: name, kind: kind, isCanonical: file.moduleName == canonicalModule)
      out.append((definition, kind == .class ? methods(of: s, in: file) : nil))
    }
    return out
  }

  /// `def` headers directly in the class whose header is statement `header`.
  static func methods(of header: Int, in file: AnalyzedFile) -> [Method] {
    var out: [Method] = []
    for statement in file.index.statements where statement.parent == header && statement.kind == .functionDef {
      var j = statement.first
      while j < statement.end && !file.isName(j, "def") { j += 1 }
      let nameToken = file.nextSignificant(j + 1)
      guard nameToken < statement.end, file.tokens[nameToken].kind == .name else { continue }
      let open = file.nextSignificant(nameToken + 1)
      var parameters = "()"
      if file.isOp(open, UInt8(ascii: "(")), let close = file.matchingBracket(open) {
        parameters = normalizedTokens(file, open, close)
      }
      out.append(Method(name: file.text(nameToken), parameters: parameters))
    }
    return out
  }

  /// Token text from `first` through `last`, comments and line breaks dropped, one space after
  /// `,` and `:`, around `=` and `->` and between words, no trailing comma: `(self, a: int = 1)`.
  static func normalizedTokens(_ file: AnalyzedFile, _ first: Int, _ last: Int) -> String {
    var significant: [Int] = []
    for j in first...last where !file.tokens[j].isTrivia && file.tokens[j].kind != .newline { significant.append(j) }
    // A trailing comma before the closing bracket changes nothing.
    if significant.count >= 2, file.isOp(significant[significant.count - 2], UInt8(ascii: ",")) {
      significant.remove(at: significant.count - 2)
    }
    var text = ""
    var previous: Int? = nil
    for j in significant {
      if let p = previous {
        let wordBefore = file.tokens[p].kind != .op
        let wordHere = file.tokens[j].kind != .op
        if file.isOp(p, UInt8(ascii: ",")) || file.isOp(p, UInt8(ascii: ":")) || (wordBefore && wordHere) { text += " " }
        else if file.isOp(j, UInt8(ascii: "=")) || file.isOp(p, UInt8(ascii: "=")) { text += " " }
        else if file.text(j) == "->" || file.text(p) == "->" { text += " " }
      }
      text += file.text(j)
      previous = j
    }
    return text
  }

  static func compare(_ methods: [Method], at location: Location, with reference: [Method], at referenceLocation: Location) -> ClassComparison {
    var mine: [String: String] = [:]
    for m in methods where mine[m.name] == nil { mine[m.name] = m.parameters }
    var theirs: [String: String] = [:]
    for m in reference where theirs[m.name] == nil { theirs[m.name] = m.parameters }
    var missing: [String] = []
    var differing: [SignatureDifference] = []
    var seen: Set<String> = []
    for m in reference where seen.insert(m.name).inserted {
      if let params = mine[m.name] {
        if params != m.parameters { differing.append(SignatureDifference(method: m.name, duplicate: params, canonical: m.parameters)) }
      } else {
        missing.append(m.name)
      }
    }
    var extra: [String] = []
    seen = []
    for m in methods where seen.insert(m.name).inserted && theirs[m.name] == nil { extra.append(m.name) }
    return ClassComparison(duplicate: location, canonical: referenceLocation, missing: missing, extra: extra, differing: differing)
  }
}
