import Foundation
import PythonSource

/// The whole command line as a library call: parse, dispatch, map failures to exit codes. The
/// executable's `main.swift` only forwards to `run`.
public enum SSOTMigrateCLI {
  /// `keeping`: where the run leaves its workspaces and reports instead of freeing them, for a
  /// caller about to exit (the process gives the memory back at once; freeing a run's hundreds
  /// of thousands of small objects one by one took ~1% of a dry run, serially).
  /// `fileWriter`: how applying and `--restore` touch the work tree's files; tests pass one that
  /// injects faults.
  public static func run(
    _ arguments: [String], console: Console = .standard(), keeping: KeptUntilExit? = nil, fileWriter: any FileWriter = AtomicFileWriter()
  ) -> Int32 {
    // `--restore` (undo an interrupted phase) takes only --root; Arguments does not know it.
    let beforeDoubleDash = arguments.prefix { $0 != "--" }
    if beforeDoubleDash.contains("--restore") {
      var root: String? = nil
      var rest = beforeDoubleDash.filter { $0 != "--restore" }[...]
      while let arg = rest.popFirst() {
        if arg == "--root", let value = rest.popFirst() {
          root = value
        } else if arg.hasPrefix("--root=") {
          root = String(arg.dropFirst(7))
        } else {
          console.error("--restore takes only --root DIR; got '\(arg)'")
          return MigrateExitCode.usage
        }
      }
      do {
        return try CommandRunner(invocation: Arguments(), console: console, fileWriter: fileWriter).restore(RepositoryContext.open(root: root))
      } catch {
        console.error(error.message)
        return error.code
      }
    }
    let invocation: Arguments
    do {
      invocation = try Arguments.parse(arguments)
    } catch {
      console.error(error.description)
      return MigrateExitCode.usage
    }
    console.quiet = invocation.quiet
    do {
      return try CommandRunner(invocation: invocation, console: console, kept: keeping, fileWriter: fileWriter).run()
    } catch {
      console.error(error.message)
      return error.code
    }
  }
}

/// Runs one parsed invocation.
struct CommandRunner {
  let invocation: Arguments
  let console: Console

  var jobs: Int { invocation.jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount) }
  /// Progress on stderr, only when it is a terminal (drawn once the run has lasted a second).
  let progress: ProgressReporter?
  /// Stage wall times for `--timings`; nil otherwise.
  let timings: StageTimings?
  /// Where big values go instead of being freed, when the process exits after the run.
  let kept: KeptUntilExit?
  /// Reads back, writes and removes the work tree's files when applying and restoring.
  let fileWriter: any FileWriter

  init(invocation: Arguments, console: Console, kept: KeptUntilExit? = nil, fileWriter: any FileWriter = AtomicFileWriter()) {
    self.invocation = invocation
    self.console = console
    self.kept = kept
    self.fileWriter = fileWriter
    timings = invocation.timings ? StageTimings() : nil
    progress = console.stderrIsTerminal && !console.quiet ? ProgressReporter { [console] line in console.errRaw(line) } : nil
  }

  func run() throws(CLIFailure) -> Int32 {
    switch invocation.command {
    case .help:
      console.out(Arguments.helpText)
      return MigrateExitCode.ok
    case .version:
      console.out(HelpText.version + "\n")
      return MigrateExitCode.ok
    case .list:
      return try list(loadCodemod())
    case .migrate, .verify, .discover:
      break
    }
    // The codemod is read and checked while git answers where the repository is (a few
    // milliseconds each, on one core, before any file is read); errors keep their order.
    let codemodPath = invocation.codemodPath
    let codemodJob = BackgroundJob { () -> Result<Codemod, CLIFailure> in
      do throws(CLIFailure) { return .success(try CommandRunner.loadCodemod(path: codemodPath)) } catch { return .failure(error) }
    }
    let context = try RepositoryContext.open(root: invocation.root)
    try refuseLeftoverJournal(context)
    let codemod = try codemodJob.value().get()
    let phases = try selectedPhases(codemod)
    let baseline = try loadBaseline(codemod)
    // PATH arguments choose the files reported and written; every file is read and indexed.
    let files = try timed("list files") { () throws(CLIFailure) in try context.pythonFiles(reporting: invocation.paths, jobs: jobs) }
    let loaded = timed("read + prefilter + scan") { Workspace.load(root: context.root, paths: files.all, codemod: codemod, jobs: jobs, indexed: false) }
    let workspace = timed("repository index") {
      loaded.indexed(codemod: codemod, jobs: jobs).reporting(only: files.reported, phases: codemod.phases)
    }
    defer { kept?.keep(loaded, workspace) }
    for unreadable in workspace.unreadable { console.error(unreadable.message) }
    let ioFailure = !workspace.unreadable.isEmpty

    let code: Int32
    switch invocation.command {
    case .verify:
      code = try verify(codemod, workspace, baseline: baseline)
    case .discover:
      code = try inMemory(codemod, phases, workspace, command: "discover")
    default:
      if invocation.dryRun || invocation.check {
        code = try inMemory(codemod, phases, workspace, command: invocation.check ? "check" : "dry-run", baseline: baseline)
      } else {
        code = try apply(codemod, phases, workspace, context)
      }
    }
    if let timings { for line in timings.lines() { console.err(line) } }
    return ioFailure && code != MigrateExitCode.usage ? MigrateExitCode.failure : code
  }

  /// `body`, its wall time added to `label` under `--timings`.
  func timed<T, E: Error>(_ label: String, _ body: () throws(E) -> T) throws(E) -> T {
    guard let timings else { return try body() }
    return try timings.measure(label, body)
  }

  // MARK: - Codemod and phases

  func loadCodemod() throws(CLIFailure) -> Codemod {
    try Self.loadCodemod(path: invocation.codemodPath)
  }

  static func loadCodemod(path: String?) throws(CLIFailure) -> Codemod {
    do {
      if let path {
        return try CodemodLoader.load(path: path, registry: TransformRegistry.all)
      }
      return try CodemodLoader.load(json: Array(BuiltinCodemod.json.utf8), source: BuiltinCodemod.source, registry: TransformRegistry.all)
    } catch {
      throw CLIFailure(MigrateExitCode.usage, "invalid codemod: \(error.description)")
    }
  }

  func selectedPhases(_ codemod: Codemod) throws(CLIFailure) -> [Phase] {
    do throws(UsageError) {
      let phases = try invocation.selectedPhases(in: codemod)
      if invocation.format == .markdown, let other = phases.first(where: { $0.mode != .report }) {
        throw UsageError("--format markdown is only for the report phase (ssot-migrate discover); phase \(other.number) (\(other.name)) is a \(other.mode.rawValue) phase")
      }
      return invocation.command == .verify ? phases.filter { $0.mode == .rewrite } : phases
    } catch {
      throw CLIFailure(MigrateExitCode.usage, error.description)
    }
  }

  // MARK: - list

  func list(_ codemod: Codemod) -> Int32 {
    var out = "\(codemod.name) (\(codemod.source))\n"
    if !codemod.description.isEmpty { out += "  \(codemod.description)\n" }
    for phase in codemod.phases {
      out += "phase \(phase.number) \(phase.name) [\(phase.mode.rawValue)]\n"
      for transform in phase.transforms {
        out += "  \(type(of: transform).kind) \(transform.id)\n"
      }
    }
    console.out(out)
    return MigrateExitCode.ok
  }

  // MARK: - In memory: --dry-run, --check, discover, phase 1 and 5

  /// The pending work of every rewrite phase over `workspace`, each phase over the previous
  /// one's output. `state` names the workspace (the rewrite phases applied to the original tree
  /// so far) so that a chain already computed in this run is not computed again.
  /// Every rewriting phase over `workspace`, each over the previous one's output: their reports,
  /// and the tree they leave; with `through`, only the phases up to that number. `visit` sees
  /// each phase's report with the workspace it ran on. `reportsOnly`: the caller reads the
  /// reports alone, and no later stage the chain's workspaces; a PATH run then runs the last
  /// phase's pipeline over the reported files only, and `after` is the tree before that phase.
  func pendingWork(
    _ codemod: Codemod, _ workspace: Workspace, state: [Int], cache: PhaseCache, through last: Int = .max, reportsOnly: Bool = false,
    visit: (_ report: PhaseReport, _ input: Workspace) -> Void = { _, _ in }
  ) -> (reports: [PhaseReport], after: Workspace) {
    var ws = workspace
    var applied = state
    var reports: [PhaseReport] = []
    let rewrites = codemod.phases.filter { $0.mode == .rewrite && $0.number <= last }
    for (k, phase) in rewrites.enumerated() {
      let label = "phase \(phase.number) (pending work)"
      if reportsOnly && k == rewrites.count - 1 {
        let report = cache.lastReport(phase, after: applied, on: ws) {
          timed(label) { PhaseRunner.run(phase, codemod: codemod, workspace: ws, jobs: jobs, progress: progress, only: ws.reported) }
        }
        visit(report, ws)
        reports.append(report)
        break
      }
      let entry = cache.run(phase, after: applied, on: ws) {
        timed(label) { PhaseRunner.run(phase, codemod: codemod, workspace: ws, jobs: jobs, progress: progress) }
      }
      let report = entry.report
      visit(report, ws)
      ws = entry.after
      applied.append(phase.number)
      reports.append(report)
    }
    return (reports, ws)
  }

  /// Phase 5's safety net over the tree the pending phases leave: sites no phase rewrote or
  /// reported (`SiteAudit`).
  func unreportedSites(_ codemod: Codemod, _ pending: (reports: [PhaseReport], after: Workspace)) -> [Finding] {
    timed("site audit") {
      SiteAudit.unreported(codemod: codemod, workspace: pending.after, findings: pending.reports.flatMap(\.findings), jobs: jobs)
    }
  }

  func inMemory(_ codemod: Codemod, _ phases: [Phase], _ workspace: Workspace, command: String, baseline: Baseline? = nil) throws(CLIFailure) -> Int32 {
    var ws = workspace
    // The tree as this run would write it: a PATH run writes only its reported files.
    var written = workspace
    var applied: [Int] = []
    let cache = PhaseCache(timings: timings)
    var report = RunReport(command: command, codemod: codemod)
    var validateFailed = false
    // Sites are keyed as `discover` computes them, from the tree as read; computed first, the
    // chain's reports (with their bytes) serve the phases below from the cache.
    let covered = baselinePhases(codemod, phases)
    let sites = baseline != nil || invocation.writeBaseline != nil ? baselineSites(codemod, workspace, cache: cache, covering: covered) : []
    if let baseline { report.baseline = compare(sites, with: baseline, covering: covered, workspace) }
    let rewriting = Set(codemod.phases.filter { $0.mode == .rewrite }.map(\.number))
    // Import gates in flight: in memory their findings only join the report, so each runs on its
    // own thread while the next phases run (the user's --gate command runs only when applying).
    var gates: [(section: Int, phase: Phase, report: PhaseReport, findings: BackgroundJob<[Finding]>)] = []
    defer { kept?.keep(ws, cache, report) }
    for (k, phase) in phases.enumerated() {
      switch phase.mode {
      case .rewrite:
        let entry = cache.run(phase, after: applied, on: ws) {
          timed("phase \(phase.number)") { rewritePhase(phase, codemod, ws, last: k == phases.count - 1) }
        }
        let result = entry.report
        if entry.whole.changedCount > 0 {
          let findings = Self.phaseGate(
            codemod.roots, before: ws, whole: entry.whole.changed, after: entry.after.repository, reported: result.changed, written: &written)
          gates.append((report.sections.count, phase, result, findings))
        }
        ws = entry.after
        cache.forget(phase, after: applied)
        applied.append(phase.number)
        report.sections.append(.init(phase: phase, report: result.withoutBytes(), pending: []))
      case .report, .validate:
        // Phase 5's site audit reads the tree the chain leaves; a last discover reads its reports.
        let work = pendingWork(codemod, ws, state: applied, cache: cache, reportsOnly: phase.mode == .report && k == phases.count - 1)
        let pending = work.reports
        // With a baseline, edits pending before every rewriting phase ran are sites it judges;
        // after them, they mean a phase is not idempotent.
        let judgedByBaseline = baseline != nil && !rewriting.isSubset(of: applied)
        if phase.mode == .validate && !judgedByBaseline && pending.contains(where: { $0.editCount > 0 }) { validateFailed = true }
        if phase.mode == .validate {
          let unreported = unreportedSites(codemod, work)
          if !unreported.isEmpty { validateFailed = true }
          report.notes += unreported
        }
        if phase.mode == .report && (command == "discover" || phases.allSatisfy({ $0.mode == .report })) && report.discovery == nil {
          report.discovery = DiscoveryReport.build(workspace: ws, codemod: codemod, pending: pending, jobs: jobs)
          report.discovery?.importCycles = importGate(codemod, ws).existingCycles(through: ws.reported)
        }
        report.sections.append(.init(phase: phase, report: nil, pending: pending.map { $0.withoutBytes() }))
      }
    }
    timed("import gate (waiting)") {
      for gate in gates {
        report.sections[gate.section] = .init(phase: gate.phase, report: gate.report.adding(gate.findings.value()).withoutBytes(), pending: [])
      }
    }
    if command == "dry-run" {
      // The text report is formatted on its own thread while the workers compute the diff.
      let summary = report
      let text = invocation.format == .text ? BackgroundJob { RunReportFormatter.text(summary) } : nil
      timed("diff") { dryRunDiff(ws) }
      timed("report") {
        if let text { emitText(text.value()) } else { emit(report) }
      }
    } else {
      timed("report") { emit(report) }
    }
    if let file = invocation.writeBaseline { try writeBaseline(Baseline(codemod: codemod.name, sites: sites), to: file) }
    if !report.failures.isEmpty { return MigrateExitCode.failure }
    if validateFailed { return MigrateExitCode.pending }
    if let outcome = report.baseline { return outcome.comparison.new.isEmpty ? MigrateExitCode.ok : MigrateExitCode.pending }
    if command == "check" && report.editCount > 0 { return MigrateExitCode.pending }
    if command == "check" && phases.contains(where: { $0.mode == .validate }) && report.pendingEditCount > 0 { return MigrateExitCode.pending }
    return MigrateExitCode.ok
  }

  /// One diff per changed file, original bytes to final bytes, in path order; the files' diffs
  /// are computed in parallel.
  func dryRunDiff(_ ws: Workspace) {
    var changed: [(path: String, bytes: [UInt8]?)] = ws.files.filter { file in
      ws.reported.includes(file.path) && ws.originals[file.path].map { $0 != file.bytes } ?? false
    }.map { ($0.path, $0.bytes) }
    // A file a phase deleted (`remove-module`) is no longer among the files.
    let remaining = Set(ws.files.map(\.path))
    for path in ws.originals.keys where !remaining.contains(path) && ws.reported.includes(path) { changed.append((path, nil)) }
    changed.sort { $0.path < $1.path }
    let color = console.colorsStdout(invocation.color)
    let originals = ws.originals
    let diffs = ParallelMap.map(changed, jobs: jobs) { file -> [UInt8] in
      let old = originals[file.path]!
      let one = file.bytes.map { UnifiedDiff.renderBytes(path: file.path, old: old, new: $0) } ?? UnifiedDiff.renderDeletionBytes(path: file.path, old: old)
      return color ? DiffColorizer.colorize(one) : one
    }
    var diff: [UInt8] = []
    diff.reserveCapacity(diffs.reduce(0) { $0 + $1.count })
    for one in diffs { diff += one }
    console.out(diff)
  }

  /// The text report's lines: the summary as information (`--quiet` drops it), the rest as
  /// findings.
  func emitText(_ lines: [String]) {
    for line in lines {
      if line.hasPrefix("phase ") || line.hasPrefix("  ") || line.hasPrefix("PASS") || line.hasPrefix("== ") {
        console.info(line)
      } else {
        console.err(line)
      }
    }
  }

  /// Text goes to stderr; machine formats to stdout.
  func emit(_ report: RunReport) {
    switch invocation.format {
    case .text, .markdown:
      var summary = report
      if invocation.format == .markdown, let discovery = report.discovery {
        console.out(DiscoveryFormatter.markdown(discovery, codemod: report.codemod))
        summary.discovery = nil  // the Markdown on stdout has it; stderr keeps the summary
      }
      emitText(RunReportFormatter.text(summary))
    case .json: console.out(RunReportFormatter.json(report))
    case .github: console.out(RunReportFormatter.github(report))
    case .sarif: console.out(RunReportFormatter.sarif(report))
    }
  }

  // MARK: - verify

  func verify(_ codemod: Codemod, _ workspace: Workspace, baseline: Baseline? = nil) throws(CLIFailure) -> Int32 {
    var ws = workspace
    var report = RunReport(command: "verify", codemod: codemod)
    var outputs: [String: [UInt8]] = [:]
    var unreported: [Finding] = []
    let phases = try selectedPhases(codemod)
    // The phases below are `discover`'s chain when they are the codemod's first rewriting
    // phases in order; otherwise the sites come from a chain of their own.
    let covered = baselinePhases(codemod, phases)
    let isChain = phases.map(\.number) == Array(codemod.phases.filter { $0.mode == .rewrite }.map(\.number).prefix(phases.count))
    var sites = baseline != nil && !isChain ? baselineSites(codemod, workspace, cache: PhaseCache(timings: timings), covering: covered) : []
    for phase in phases {
      let whole = PhaseRunner.run(phase, codemod: codemod, workspace: ws, jobs: jobs, progress: progress)
      let first = whole.restricted(to: ws.reported)
      report.sections.append(.init(phase: phase, report: first, pending: []))
      if baseline == nil {
        let pendingDetails = first.changed.map { "\($0.path): \($0.editCount) edit\(RunReportFormatter.plural($0.editCount)) pending (\($0.edits.filter { !$0.edits.isEmpty }.map(\.transform).joined(separator: ", ")))" }
        report.checks.append(.init(phase: phase.number, name: "\(phase.name): no pending edits", passed: first.changed.isEmpty, details: pendingDetails))
      } else {
        if isChain { sites += timed("baseline sites") { Baseline.sites(of: [first], inputTokens: [ws.tokens], jobs: jobs) } }
        // Filled in below, once every phase's sites are keyed; added here for its place.
        report.checks.append(.init(phase: phase.number, name: "\(phase.name): nothing new since the baseline", passed: true, details: [], detailsAreSites: true))
      }
      ws.apply(whole.results)
      for result in first.changed { outputs[result.path] = result.output }
      // A second application over the first's output must change nothing; only its results for
      // the reported files are read.
      let again = Workspace(root: ws.root, allPaths: ws.allPaths, files: ws.files).reporting(only: ws.reported, phases: [phase])
      let second = PhaseRunner.run(phase, codemod: codemod, workspace: again, jobs: jobs, progress: progress, only: again.reported)
      let idempotency = second.changed.map { result in
        "\(result.path): changed again by \(result.edits.filter { !$0.edits.isEmpty }.map(\.transform).joined(separator: ", "))"
      }
      report.checks.append(.init(phase: phase.number, name: "\(phase.name): idempotent", passed: idempotency.isEmpty, details: idempotency))
      let lexFailures = (first.failed + second.failed).map { result -> String in
        if case .failed(let why) = result.outcome { return "\(result.path): \(why)" }
        return result.path
      }
      report.checks.append(.init(phase: phase.number, name: "\(phase.name): outputs lex", passed: lexFailures.isEmpty, details: lexFailures))
      // The phase's sites on its own output, against the findings of its run over that output
      // (a later phase may move the lines of the same file).
      unreported += timed("site audit") {
        SiteAudit.unreported(codemod: codemod, workspace: ws, findings: second.findings, jobs: jobs, phases: [phase.number])
      }
    }
    if let baseline {
      let outcome = compare(sites, with: baseline, covering: covered, workspace)
      report.baseline = outcome
      for k in report.checks.indices where report.checks[k].detailsAreSites {
        let check = report.checks[k]
        let new = outcome.comparison.new.filter { $0.entry.phase == check.phase }
        report.checks[k] = .init(phase: check.phase, name: check.name, passed: new.isEmpty, details: new.map(\.description), detailsAreSites: true)
      }
    }
    report.checks.append(.init(
      phase: 0, name: "every deprecated call and non-canonical import is rewritten or reported", passed: unreported.isEmpty,
      details: unreported.map(\.description)))
    if wantsSyntaxCheck(codemod) {
      // Each output against the file as it was before the first phase: a file that did not
      // parse then is not the migration's fault.
      let files = outputs.sorted { $0.key < $1.key }.map { PythonSyntaxCheck.File(path: $0.key, output: $0.value, original: workspace.originals[$0.key]) }
      let checked = try PythonSyntaxCheck.check(files)
      report.notes += checked.unparsedOriginals.map { PythonSyntaxCheck.originalFinding($0, version: checked.version) }
      report.checks.append(.init(
        phase: 0, name: "outputs parse with python3 \(checked.version) ast (\(outputs.count) file\(RunReportFormatter.plural(outputs.count)))",
        passed: checked.failures.isEmpty, details: checked.failures.map { "\($0.path):\($0.line):\($0.column): \($0.message)" }))
    }
    emit(report)
    return report.checksPassed ? MigrateExitCode.ok : MigrateExitCode.pending
  }

  func wantsSyntaxCheck(_ codemod: Codemod) -> Bool {
    invocation.verifySyntax || (codemod.verifySyntax && PythonSyntaxCheck.pythonAvailable)
  }
}

/// Phase reports of one run, by the phase and the sequence of phases applied before it: phase 1
/// (discover) computes phases 2-4 over the original tree, and `--all` then reuses them instead of
/// running them again.
final class PhaseCache {
  /// A phase's report and the workspace it leaves (its outputs applied, the index updated).
  struct Entry {
    /// The report of the workspace's reported files.
    let report: PhaseReport
    /// The report of every file (`report` when every file is reported): the import gate
    /// judges the whole repository's phase.
    let whole: PhaseReport
    let after: Workspace
  }

  private var entries: [String: Entry] = [:]
  private let timings: StageTimings?

  init(timings: StageTimings? = nil) {
    self.timings = timings
  }

  func run(_ phase: Phase, after applied: [Int], on workspace: Workspace, _ compute: () -> PhaseReport) -> Entry {
    let key = Self.key(phase, after: applied)
    if let cached = entries[key] { return cached }
    var after = workspace
    let report = compute()
    if let known = report.workspaceAfter {
      after = known
    } else if let timings {
      timings.measure("index update") { after.apply(report.results) }
    } else {
      after.apply(report.results)
    }
    // The outputs' tokens served the index update; kept, they would hold memory to the end.
    let whole = report.withoutTokens()
    let entry = Entry(report: whole.restricted(to: workspace.reported), whole: whole, after: after)
    entries[key] = entry
    return entry
  }

  /// The report of a phase whose workspace nothing reads afterwards: the cached entry's, else
  /// `compute`'s (not cached: it may have run over the reported files only).
  func lastReport(_ phase: Phase, after applied: [Int], on workspace: Workspace, _ compute: () -> PhaseReport) -> PhaseReport {
    if let cached = entries[Self.key(phase, after: applied)] { return cached.report }
    return compute().withoutTokens().restricted(to: workspace.reported)
  }

  /// Drops every entry: the tree they were computed over is not the one the run goes on with
  /// (an interactive review kept only some of a phase's changes).
  func forgetAll() {
    entries = [:]
  }

  /// Drops an entry once its phase has been applied: nothing asks for it again.
  func forget(_ phase: Phase, after applied: [Int]) {
    entries[Self.key(phase, after: applied)] = nil
  }

  private static func key(_ phase: Phase, after applied: [Int]) -> String {
    applied.map(String.init).joined(separator: ",") + "|" + String(phase.number)
  }
}
