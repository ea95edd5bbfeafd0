/// Engine findings (the import gate's) attached to a phase report after it was computed.
extension PhaseReport {
  /// The report with `extra` findings added to the results of their files; a finding on a file
  /// without a result gets an unchanged result of its own.
  public func adding(_ extra: [Finding]) -> PhaseReport {
    if extra.isEmpty { return self }
    var byPath: [String: [Finding]] = [:]
    for finding in extra { byPath[finding.path, default: []].append(finding) }
    var results: [FileResult] = results.map { result in
      guard let more = byPath.removeValue(forKey: result.path) else { return result }
      var copy = FileResult(
        path: result.path, original: result.original, output: result.output, outcome: result.outcome, edits: result.edits,
        findings: (result.findings + more).sorted(), prefiltered: result.prefiltered)
      copy.deleted = result.deleted
      return copy
    }
    for (path, findings) in byPath {
      results.append(FileResult(path: path, original: [], output: [], outcome: .unchanged, edits: [], findings: findings.sorted(), prefiltered: false))
    }
    results.sort { $0.path < $1.path }
    return PhaseReport(phase: phase, results: results, filesConsidered: filesConsidered, filesInPhase: filesInPhase, filesLexed: filesLexed)
  }
}

extension PhaseReport {
  /// The report without its files' bytes: what a summary, JSON or SARIF needs (paths, outcomes,
  /// edits, findings) once the phase's outputs live in the workspace. Keeps the memory of a run
  /// of many phases to one copy of the changed files.
  public func withoutBytes() -> PhaseReport {
    let slim = results.map { result -> FileResult in
      var copy = FileResult(
        path: result.path, original: [], output: [], outcome: result.outcome, edits: result.edits, findings: result.findings,
        prefiltered: result.prefiltered)
      copy.deleted = result.deleted
      return copy
    }
    return PhaseReport(phase: phase, results: slim, filesConsidered: filesConsidered, filesInPhase: filesInPhase, filesLexed: filesLexed)
  }

  /// The report of the files `filter` reports on (its counts are theirs already: `PhaseRunner`).
  public func restricted(to filter: PathFilter) -> PhaseReport {
    if filter.includesEverything { return self }
    return PhaseReport(
      phase: phase, results: results.filter { filter.includes($0.path) }, filesConsidered: filesConsidered, filesInPhase: filesInPhase,
      filesLexed: filesLexed)
  }

  /// The report with the results of the files `filter` reports on taken from `reported` (a
  /// review of them): the other files' results stay.
  func replacingResults(of filter: PathFilter, with reported: PhaseReport) -> PhaseReport {
    if filter.includesEverything { return reported }
    let results = (self.results.filter { !filter.includes($0.path) } + reported.results).sorted { $0.path < $1.path }
    return PhaseReport(phase: phase, results: results, filesConsidered: filesConsidered, filesInPhase: filesInPhase, filesLexed: filesLexed)
  }

  /// The report without its outputs' tokens.
  func withoutTokens() -> PhaseReport {
    PhaseReport(
      phase: phase, results: results.map { $0.withoutTokens() }, filesConsidered: filesConsidered, filesInPhase: filesInPhase,
      filesLexed: filesLexed)
  }
}
