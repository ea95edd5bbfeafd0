import PythonSource

/// `--write-baseline FILE` and `--baseline FILE`: the CLI's side of `Baseline`.
extension CommandRunner {
  /// The baseline of `--baseline`, read and checked before any Python file is: a missing or
  /// malformed file, or one written for another codemod, is a usage error.
  func loadBaseline(_ codemod: Codemod) throws(CLIFailure) -> Baseline? {
    guard let file = invocation.baseline else { return nil }
    let baseline: Baseline
    do {
      baseline = try Baseline.read(path: file)
    } catch {
      throw CLIFailure(MigrateExitCode.usage, "invalid baseline: \(error.description)")
    }
    guard baseline.codemod == codemod.name else {
      throw CLIFailure(
        MigrateExitCode.usage,
        "invalid baseline: \(file) was written for the codemod '\(baseline.codemod)', and this run uses '\(codemod.name)'; write it again with 'ssot-migrate discover --write-baseline \(file)'"
      )
    }
    return baseline
  }

  /// The rewriting phases whose sites the run judges: those selected, or every one when a
  /// report or validate phase (which compute them all) is.
  func baselinePhases(_ codemod: Codemod, _ phases: [Phase]) -> Set<Int> {
    let rewriting = codemod.phases.filter { $0.mode == .rewrite }.map(\.number)
    if phases.contains(where: { $0.mode != .rewrite }) { return Set(rewriting) }
    return Set(phases.map(\.number)).intersection(rewriting)
  }

  /// The sites of `covered` as `discover` computes them: every rewriting phase up to the last
  /// covered one, over `workspace` (the tree as read), each over the previous one's output. The
  /// reports land in `cache`, where the run's own phases find them.
  func baselineSites(_ codemod: Codemod, _ workspace: Workspace, cache: PhaseCache, covering covered: Set<Int>) -> [Baseline.Site] {
    var reports: [PhaseReport] = []
    var inputTokens: [[String: [Token]]] = []
    _ = pendingWork(codemod, workspace, state: [], cache: cache, through: covered.max() ?? 0) { report, input in
      guard covered.contains(report.phase.number) else { return }
      reports.append(report)
      inputTokens.append(input.tokens)
    }
    return timed("baseline sites") { Baseline.sites(of: reports, inputTokens: inputTokens, jobs: jobs) }
  }

  /// `sites` against `baseline`, over the phases covered and, when the run is restricted to
  /// PATHs, the files it reports on (the others' entries are neither fixed nor kept).
  func compare(_ sites: [Baseline.Site], with baseline: Baseline, covering covered: Set<Int>, _ workspace: Workspace) -> BaselineOutcome {
    let reported = workspace.reported
    let comparison = baseline.compare(sites) { entry in covered.contains(entry.phase) && reported.includes(entry.path) }
    return BaselineOutcome(file: invocation.baseline ?? "", comparison: comparison, sites: sites)
  }

  /// Writes `baseline` to `--write-baseline FILE` when its bytes differ from the file's, and
  /// says how it changed.
  func writeBaseline(_ baseline: Baseline, to file: String) throws(CLIFailure) {
    let bytes = baseline.encoded()
    let previous = try? AtomicWriter.readBytes(file)
    let count = "\(baseline.entries.count) site\(RunReportFormatter.plural(baseline.entries.count))"
    if previous == bytes {
      console.info("baseline \(file): \(count), unchanged")
      return
    }
    do {
      try AtomicWriter.write(bytes, to: file)
    } catch {
      throw CLIFailure(MigrateExitCode.failure, error.description)
    }
    guard let previous, let old = try? Baseline.decode(previous, file: file) else {
      console.info("baseline \(file): \(count) written")
      return
    }
    let before = Set(old.entries)
    let after = Set(baseline.entries)
    let added = after.subtracting(before).count
    let removed = before.subtracting(after).count
    console.info("baseline \(file): \(count) written (\(removed) fixed, \(added) new since the previous baseline)")
  }
}
