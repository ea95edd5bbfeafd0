import PythonSource

/// The safety net of phase 5 and `verify`: after every rewriting phase, each place a transform
/// must handle (a call of a deprecated callee, a non-canonical import; `Transform.auditSites`)
/// is gone or covered by a finding on its line. A site that is neither means a transform skipped
/// it silently (a relevance shortcut, a form it does not know): the run fails and names it,
/// instead of passing while deprecated code remains.
///
/// The sites are judged on the files as the phases leave them, where the pipeline took a
/// shortcut: a transform's relevance test from the index facts ruled the file out, so no
/// analysis saw it. Where the pipeline did analyze a file, the transform met every site it
/// declares and rewrote or reported each (that is how `apply` is written), so those files are
/// not analysed twice. Two tests skip files too: the prefilter of trigger words, and the file's
/// imports (every site starts from an import that binds a followed name or a module or class it
/// lives in; re-exports are judged by the same table the relevance tests ask).
public enum SiteAudit {
  public static let rule = "unreported-site"

  /// The sites of `workspace` (the tree after the rewriting phases) in its reported files that
  /// no finding of `findings` covers (same path and line), as error findings, sorted. `phases`:
  /// only these phases' transforms (all rewriting phases when nil); `skipping`: paths not judged
  /// (files a phase still changes, whose findings are on lines of the text before it).
  public static func unreported(
    codemod: Codemod, workspace: Workspace, findings: [Finding], jobs: Int, phases only: Set<Int>? = nil, skipping: Set<String> = []
  ) -> [Finding] {
    let phases = codemod.phases.filter { $0.mode == .rewrite && (only?.contains($0.number) ?? true) }
    guard let repository = workspace.repository, phases.contains(where: { !$0.transforms.isEmpty }) else { return [] }
    let reexports = repository.reexports(of: ReexportTable.Names(codemod: codemod))
    let aliases = reexports.aliasNames.sorted()
    let prefilters = phases.map { phase in phase.transforms.map { Prefilter.shared(triggers: $0.triggers + aliases) } }
    let contexts = phases.map {
      TransformContext(repository: repository, phase: $0.number, equivalents: codemod.equivalentNames, reexports: reexports)
    }
    // Per transform: its followed names and every dotted prefix of them.
    let wanted: [[Set<String>]] = phases.map { phase in
      phase.transforms.map { transform in
        var names: Set<String> = []
        for name in transform.followedNames {
          names.insert(name)
          var prefix = Substring(name)
          while let dot = prefix.utf8.lastIndex(of: UInt8(ascii: ".")) {
            prefix = prefix[..<dot]
            names.insert(String(prefix))
          }
        }
        return names
      }
    }
    /// True when the file imports one of `wanted` (a followed name, a module or class one
    /// lives in): every site starts from such an import, or from a re-export of one. The
    /// re-export part is left out: relevance tests ask the same `ReexportTable`, so judging
    /// them by it again would find nothing at the cost of a second look at every import.
    let mayHaveSites: @Sendable (RepositoryIndex.FileFacts, Set<String>) -> Bool = { facts, wanted in
      let fromImports = facts.fromImports
      for k in fromImports.indices where wanted.contains(fromImports[k].qualifiedName) { return true }
      let moduleImports = facts.moduleImports
      for k in moduleImports.indices where wanted.contains(moduleImports[k].name) { return true }
      return false
    }
    var covered: Set<String> = []
    for finding in findings { covered.insert("\(finding.path):\(finding.line)") }
    let tokens = workspace.tokens
    let roots = codemod.roots
    // A run given PATHs audits their files (its findings are theirs only).
    let reported = workspace.reported
    let files = reported.includesEverything ? workspace.files : workspace.files.filter { reported.includes($0.path) }
    let found = ParallelMap.map(files, jobs: jobs) { file -> [Finding] in
      // A file without facts was not judged by relevance: the pipeline analysed it.
      guard !skipping.contains(file.path), let facts = repository.facts[file.path] else { return [] }
      var analyzed: AnalyzedFile? = nil
      var out: [Finding] = []
      for (p, phase) in phases.enumerated() where phase.includes(file.path) {
        for (t, transform) in phase.transforms.enumerated() {
          // The pipeline's own skip (FilePipeline.run): only there can a site go unseen.
          guard mayHaveSites(facts, wanted[p][t]), transform.isRelevant(facts, reexports: reexports) == false,
            prefilters[p][t].matches(file.bytes)
          else { continue }
          if analyzed == nil {
            let source = SourceFile(path: file.path, bytes: file.bytes)
            if let known = tokens[file.path] {
              analyzed = AnalyzedFile(source: source, tokens: known, roots: roots)
            } else if case .success(let fresh) = AnalyzedFile.analyze(source, roots: roots) {
              analyzed = fresh
            } else {
              return []
            }
          }
          for site in transform.auditSites(in: analyzed!, context: contexts[p]) {
            out.append(
              Finding(
                analyzed!.source, at: site.offset, rule: rule,
                "\(site.description), but phase \(phase.number) \(phase.name) neither rewrote nor reported it (\(transform.id))",
                severity: .error, transform: transform.id))
          }
        }
      }
      return out
    }
    var result: [Finding] = []
    var seen: Set<Finding> = []
    for finding in found.joined() where !covered.contains("\(finding.path):\(finding.line)") && seen.insert(finding).inserted {
      result.append(finding)
    }
    return result.sorted()
  }
}
