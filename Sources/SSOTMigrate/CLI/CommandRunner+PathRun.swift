extension CommandRunner {
  /// The import gate's findings for one rewrite phase, on a thread of their own: `whole`, every
  /// file's changes over `before`, leaves the repository index `after`; `own` are the reported
  /// files' changes.
  ///
  /// The whole repository's phase is judged as a run without PATHs judges it, and its findings
  /// in the reported files are kept: a PATH run reports what the full run reports there. A PATH
  /// run writes only its reported files, so it also judges that tree: `written` (the tree as
  /// the run writes it, before the phase) advances by the reported files' changes only, and
  /// every import those changes alone break is kept, wherever it is (typically a file outside
  /// the PATHs that imports a name the phase takes out of a reported file).
  static func phaseGate(
    _ roots: [String], before: Workspace, whole changes: [FileResult], after: RepositoryIndex?, reported own: [FileResult],
    written: inout Workspace
  ) -> BackgroundJob<[Finding]> {
    let reported = before.reported
    if reported.includesEverything {
      return BackgroundJob { importGate(roots, before).check(changes, after: after) }
    }
    let writtenBefore = written
    if !own.isEmpty { written.apply(own) }
    let writtenAfter = written.repository
    // The two judgements share nothing: each on a thread of its own.
    let writtenTree = own.isEmpty ? nil : BackgroundJob {
      importGate(roots, writtenBefore).check(own, after: writtenAfter, judgingEveryImporter: true)
    }
    return BackgroundJob {
      let whole = importGate(roots, before).check(changes, after: after).filter { reported.includes($0.path) }
      return Array(Set(whole + (writtenTree?.value() ?? []))).sorted()
    }
  }
}

extension CommandRunner {
  /// A rewrite phase the run shows or applies. `last`: nothing after it reads the workspace it
  /// leaves, only the reported files' results and the gate do. The gate's findings in a
  /// reported file that imports nothing new depend only on the phase's outputs of the modules
  /// it imports: a PATH run's pipeline then runs on the reported files and those modules. A
  /// reported file that gains an import is judged against every file's output (a new import
  /// cycle may close anywhere): the phase then runs over every file.
  func rewritePhase(_ phase: Phase, _ codemod: Codemod, _ ws: Workspace, last: Bool) -> PhaseReport {
    let whole = { PhaseRunner.run(phase, codemod: codemod, workspace: ws, jobs: jobs, progress: progress) }
    guard last && !ws.reported.includesEverything else { return whole() }
    let partial = PhaseRunner.run(phase, codemod: codemod, workspace: ws, jobs: jobs, progress: progress, only: Self.reportedFilesAndTheirImports(ws))
    return Self.gainImports(partial.restricted(to: ws.reported).changed, in: ws, roots: codemod.roots) ? whole() : partial
  }

  /// The reported files and the module files they import from (`from m import n`: `m` and the
  /// submodule `m.n`; `import a.b`: `a` and `a.b`).
  static func reportedFilesAndTheirImports(_ ws: Workspace) -> PathFilter {
    guard let repository = ws.repository else { return .everything }
    let modules = repository.modules
    var imported: [String] = []
    for (path, facts) in repository.facts where ws.reported.includes(path) {
      for item in facts.fromImports {
        if let file = modules[item.module] { imported.append(file) }
        if item.name != "*", let file = modules[item.module + "." + item.name] { imported.append(file) }
      }
      for (name, _) in facts.moduleImports {
        var prefix = ""
        for part in name.split(separator: ".") {
          prefix += prefix.isEmpty ? String(part) : "." + part
          if let file = modules[prefix] { imported.append(file) }
        }
      }
    }
    return ws.reported.adding(imported)
  }

  /// Whether one of `changed` imports something it did not import before, or now at import
  /// time what it imported only later (a new edge for the cycle check).
  static func gainImports(_ changed: [FileResult], in ws: Workspace, roots: [String]) -> Bool {
    changed.contains { result in
      guard !result.deleted else { return false }
      guard let before = ws.repository?.facts[result.path]?.imports,
        let after = ImportGate.ImportSummary.of(path: result.path, bytes: result.output, roots: roots)
      else { return true }
      return !after.importsNothingNew(since: before)
    }
  }
}
