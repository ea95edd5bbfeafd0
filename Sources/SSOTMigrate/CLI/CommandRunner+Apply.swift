import Foundation
import PythonSource

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension CommandRunner {
  /// Applies `phases` in order: per phase, every edit in memory, validation, journal, atomic
  /// writes, one commit. A failure restores the phase's files and exits 3; earlier phases'
  /// commits stay.
  func apply(_ codemod: Codemod, _ phases: [Phase], _ workspace: Workspace, _ context: RepositoryContext) throws(CLIFailure) -> Int32 {
    if let marker = context.gitMarkerWithoutGit {
      throw CLIFailure(MigrateExitCode.failure, "\(context.root) is inside a git work tree (\(marker)) but git is not on PATH: cannot check for uncommitted changes or commit the phase; put git on PATH and run again (nothing was written)")
    }
    if context.isGit && !invocation.allowDirty {
      let dirty = try context.dirtyPaths()
      if !dirty.isEmpty {
        let list = dirty.prefix(50).map { "  " + $0 }.joined(separator: "\n")
        let more = dirty.count > 50 ? "\n  ... and \(dirty.count - 50) more" : ""
        throw CLIFailure(MigrateExitCode.usage, "the work tree has uncommitted changes:\n\(list)\(more)\ncommit or stash them first (each phase becomes one commit), or pass --allow-dirty")
      }
    }
    let commit = context.isGit && !invocation.noCommit
    if !context.isGit { console.info("\(context.root) is not in a git repository: files will be written without a commit") }
    if wantsSyntaxCheck(codemod) && !PythonSyntaxCheck.pythonAvailable {
      throw CLIFailure(MigrateExitCode.usage, "--verify-syntax needs python3 on PATH")
    }
    let review = invocation.interactive
      ? try InteractiveReview.session(answersPath: invocation.answersPath, console: console, color: invocation.color) : nil
    var ws = workspace
    // The tree as written so far: a PATH run writes only its reported files, while `ws` is the
    // whole repository's migration, which their phases read.
    var written = workspace
    var exit = MigrateExitCode.ok
    var applied: [Int] = []
    // Files whose original does not parse under this python3: noted by the first phase that
    // changes them.
    var unparsed: Set<String> = []
    let cache = PhaseCache(timings: timings)
    for (k, phase) in phases.enumerated() {
      switch phase.mode {
      case .report, .validate:
        let work = pendingWork(codemod, ws, state: applied, cache: cache, reportsOnly: phase.mode == .report && k == phases.count - 1)
        let pending = work.reports
        var report = RunReport(command: phase.mode.rawValue, codemod: codemod)
        report.sections.append(.init(phase: phase, report: nil, pending: pending))
        if phase.mode == .validate {
          report.notes = unreportedSites(codemod, work)
          if !report.notes.isEmpty { exit = MigrateExitCode.pending }
        }
        if phase.mode == .report && phases.allSatisfy({ $0.mode == .report }) {
          report.discovery = DiscoveryReport.build(workspace: ws, codemod: codemod, pending: pending, jobs: jobs)
        }
        emit(report)
        if phase.mode == .validate && pending.contains(where: { $0.editCount > 0 }) { exit = MigrateExitCode.pending }
      case .rewrite:
        if let review, review.quit {
          console.info("phase \(phase.number) \(phase.name): not run, the review was ended (q)")
          continue
        }
        let entry = cache.run(phase, after: applied, on: ws) { rewritePhase(phase, codemod, ws, last: k == phases.count - 1) }
        var report = entry.report
        var whole = entry.whole
        var after = entry.after
        if let review, !report.changed.isEmpty {
          // Only the accepted pieces are written; the next phase starts from them (and, in a
          // PATH run, the other files' changes), so what the cache computed over the whole phase
          // (discover's pending work) no longer holds.
          report = review.review(report, roots: codemod.roots)
          whole = whole.replacingResults(of: ws.reported, with: report)
          after = ws
          after.apply(whole.results)
          cache.forgetAll()
        }
        applied.append(phase.number)
        // The import gate, over the phase's outputs before anything is written.
        var writtenAfter = written
        let gateFindings =
          whole.changedCount == 0
          ? []
          : Self.phaseGate(
            codemod.roots, before: ws, whole: whole.changed, after: after.repository, reported: report.changed, written: &writtenAfter
          ).value()
        let stops = gateFindings.filter { $0.rule == ImportGate.cycleRule || !invocation.noResolveCheck }
        report = report.adding(gateFindings.filter { $0.rule == ImportGate.unresolvedRule && invocation.noResolveCheck })
        var run = RunReport(command: "apply", codemod: codemod)
        run.sections.append(.init(phase: phase, report: report, pending: []))
        emit(run)
        if !report.failed.isEmpty {
          throw CLIFailure(MigrateExitCode.failure, "phase \(phase.number) \(phase.name): \(report.failed.count) file\(RunReportFormatter.plural(report.failed.count)) failed in a transform (listed above); nothing of this phase was written")
        }
        if !stops.isEmpty {
          for finding in stops { console.err("\(finding.path):\(finding.line): \(finding.message)") }
          let what = Set(stops.map(\.rule)).sorted().map { $0 == ImportGate.cycleRule ? "a new import cycle" : "imports that do not resolve" }
          var message = "phase \(phase.number) \(phase.name): stopped by the import gate (\(what.joined(separator: " and ")), listed above); nothing of this phase was written"
          if stops.contains(where: { $0.rule == ImportGate.unresolvedRule }) { message += "\n(--no-resolve-check reports unresolved imports as findings instead)" }
          throw CLIFailure(MigrateExitCode.failure, message)
        }
        let changed = report.changed
        if changed.isEmpty {
          console.info("phase \(phase.number) \(phase.name): nothing to change, no commit")
          // Files outside the PATHs may have changed: the next phases read the whole migration.
          ws = after
          continue
        }
        try validate(changed, codemod, phase, unparsed: &unparsed)
        try write(report, context: context, commit: commit, gates: userGates(phase))
        ws = after
        written = writtenAfter
        if commit {
          console.info("phase \(phase.number) \(phase.name): committed \(changed.count) file\(RunReportFormatter.plural(changed.count)), \(report.editCount) edit\(RunReportFormatter.plural(report.editCount))")
        } else {
          console.info("phase \(phase.number) \(phase.name): wrote \(changed.count) file\(RunReportFormatter.plural(changed.count)), \(report.editCount) edit\(RunReportFormatter.plural(report.editCount)) (no commit)")
        }
      }
    }
    return exit
  }

  /// Every new file lexes; with `--verify-syntax` (or the codemod's `verifySyntax` when python3
  /// is on PATH) it also parses with `ast`, all files in one python3 process. An output that
  /// does not parse fails the phase only when its original parsed: a file that never parsed
  /// under this python3 is noted once (`unparsed` holds the paths already noted) and checked by
  /// the lexer only.
  func validate(_ changed: [FileResult], _ codemod: Codemod, _ phase: Phase, unparsed: inout Set<String>) throws(CLIFailure) {
    var problems: [String] = []
    for result in changed {
      if let error = PythonLexer.tokenize(result.output).error {
        problems.append("\(result.path):\(error.line):\(error.column): output does not lex: \(error.message)")
      }
    }
    if problems.isEmpty && wantsSyntaxCheck(codemod) {
      let files = changed.map { PythonSyntaxCheck.File(path: $0.path, output: $0.output, original: $0.original) }
      for path in PythonSyntaxCheck.tooLarge(files) {
        console.info("\(path): over \(PythonSyntaxCheck.maxBytes >> 20) MB, checked by the lexer only (python's ast would need gigabytes)")
      }
      let checked = try PythonSyntaxCheck.check(files)
      for failure in checked.failures {
        problems.append("\(failure.path):\(failure.line):\(failure.column): output does not parse: \(failure.message)")
      }
      for original in checked.unparsedOriginals where unparsed.insert(original.path).inserted {
        console.err(PythonSyntaxCheck.originalFinding(original, version: checked.version).description)
      }
    }
    if !problems.isEmpty {
      for problem in problems { console.err(problem) }
      throw CLIFailure(MigrateExitCode.failure, "phase \(phase.number) \(phase.name): validation failed; nothing of this phase was written")
    }
  }

  /// Journal, atomic writes, stage, commit; on any failure every file goes back to its bytes
  /// before the phase and the journal is removed.
  func write(_ report: PhaseReport, context: RepositoryContext, commit: Bool, gates: [UserGate] = []) throws(CLIFailure) {
    let phase = report.phase
    let changed = report.changed
    let paths = changed.map(\.path)
    var originals: [String: [UInt8]] = [:]
    for result in changed { originals[result.path] = result.original }
    let journal = PhaseJournal(context: context)
    let head = context.isGit ? context.headCommit() : nil
    do {
      try journal.begin(.init(phase: phase.number, name: phase.name, head: head, files: paths), originals: originals)
    } catch {
      journal.finish()
      throw CLIFailure(MigrateExitCode.failure, "phase \(phase.number) \(phase.name): cannot write the journal: \(error); nothing written")
    }
    SignalDeferral.begin()
    defer { SignalDeferral.end() }
    var failure: String? = nil
    // Only files this run wrote are put back: a file someone else changed meanwhile keeps
    // their change.
    var written: [FileResult] = []
    for result in changed {
      let absolute = context.root + "/" + result.path
      do {
        let current = try fileWriter.read(absolute)
        if current != result.original {
          failure = "\(result.path) changed on disk since it was read; run again"
          break
        }
        if result.deleted {
          // `remove-module`: the file goes; the journal holds its bytes for a rollback.
          try fileWriter.remove(absolute)
        } else {
          try fileWriter.write(result.output, to: absolute)
        }
        written.append(result)
      } catch {
        failure = error.description
        break
      }
    }
    if failure == nil {
      for gate in gates {
        console.info("phase \(phase.number) \(phase.name): running gate `\(gate.command)`")
        failure = gate.run(phase: phase, changed: paths, root: context.root)
        if failure != nil { break }
      }
    }
    if failure == nil && commit {
      do {
        try context.git(["add", "--"] + paths)
        try context.git(["commit", "-q", "--no-verify", "-F", "-", "--"] + paths, stdin: Array(commitMessage(report).utf8))
      } catch {
        failure = error.message
        _ = try? context.git(["reset", "-q", "--"] + paths)
      }
    }
    guard let failure else {
      journal.finish()
      return
    }
    var unrestored: [String] = []
    for result in written {
      let absolute = context.root + "/" + result.path
      if (try? fileWriter.read(absolute)) == result.original { continue }
      do { try fileWriter.write(result.original, to: absolute) } catch { unrestored.append("\(result.path): \(error)") }
    }
    if unrestored.isEmpty {
      journal.finish()
      throw CLIFailure(MigrateExitCode.failure, "phase \(phase.number) \(phase.name) failed: \(failure)\nevery file of the phase was restored to its original bytes; no commit was made")
    }
    throw CLIFailure(MigrateExitCode.failure, "phase \(phase.number) \(phase.name) failed: \(failure)\nthese files could not be restored:\n\(unrestored.joined(separator: "\n"))\nthe journal \(journal.journalPath) keeps their originals: fix the cause and run `ssot-migrate --restore`")
  }

  /// The phase's own gate from the codemod, then `--gate`.
  func userGates(_ phase: Phase) -> [UserGate] {
    [phase.gate, invocation.gate].compactMap { $0 }.map(UserGate.init(command:))
  }

  /// The import gate over `workspace` as it is before a phase.
  func importGate(_ codemod: Codemod, _ workspace: Workspace) -> ImportGate { Self.importGate(codemod.roots, workspace) }

  static func importGate(_ roots: [String], _ workspace: Workspace) -> ImportGate {
    ImportGate(
      root: workspace.root, roots: roots, allPaths: workspace.allPaths, current: workspace.files, modules: workspace.modules,
      index: workspace.repository)
  }

  func commitMessage(_ report: PhaseReport) -> String {
    let phase = report.phase
    var text = "ssot-migrate: phase \(phase.number) \(phase.name) (\(report.changedCount) file\(RunReportFormatter.plural(report.changedCount)), \(report.editCount) edit\(RunReportFormatter.plural(report.editCount)))\n\n"
    for entry in report.editsPerTransform {
      text += "- \(entry.id): \(entry.edits) edit\(RunReportFormatter.plural(entry.edits)) in \(entry.files) file\(RunReportFormatter.plural(entry.files))\n"
    }

    let findings = report.findings.count
    if findings > 0 { text += "\n\(findings) finding\(RunReportFormatter.plural(findings)) left for manual review (ssot-migrate --check --phase \(phase.number)).\n" }
    text += "\nSSOT-Migrate-Phase: \(phase.number)\n"
    return text
  }

  // MARK: - Interrupted phases

  /// A journal left by an interrupted phase stops every command except `--restore`, unless its
  /// phase did commit (killed between the commit and removing the journal).
  func refuseLeftoverJournal(_ context: RepositoryContext) throws(CLIFailure) {
    let journal = PhaseJournal(context: context)
    guard journal.exists else { return }
    let entry = journal.read()
    if let entry, committed(entry, context) {
      journal.removeStaleTemporaries(entry, root: context.root)
      journal.finish()
      console.info("removed the journal of phase \(entry.phase) \(entry.name), which had been committed")
      return
    }
    let files = entry?.files.map { "  " + $0 }.joined(separator: "\n") ?? "  (the journal is unreadable)"
    let rootArgument = invocation.root.map { " --root \($0)" } ?? ""
    var message = "an interrupted run left phase \(entry.map { "\($0.phase) \($0.name)" } ?? "?") half applied (journal: \(journal.journalPath)).\n"
    message += "files it was writing:\n\(files)\n"
    message += "to put them back as they were before the phase, run:\n  ssot-migrate --restore\(rootArgument)\n"
    if context.isGit, let entry {
      message += "(or, with git: git reset -q -- <files> && git checkout HEAD -- <files>; the original bytes are in \(journal.backupDirectory))\n"
      _ = entry
    }
    message += "then run the phase again"
    throw CLIFailure(MigrateExitCode.usage, message)
  }

  func committed(_ entry: PhaseJournal.Entry, _ context: RepositoryContext) -> Bool {
    guard context.isGit, let head = context.headCommit(), head != entry.head,
      let log = try? context.git(["log", "-1", "--format=%B", "HEAD"])
    else { return false }
    return log.stdoutText.contains("SSOT-Migrate-Phase: \(entry.phase)\n") || log.stdoutText.hasSuffix("SSOT-Migrate-Phase: \(entry.phase)")
  }

  func restore(_ context: RepositoryContext) throws(CLIFailure) -> Int32 {
    let journal = PhaseJournal(context: context)
    guard journal.exists else {
      console.info("no interrupted phase to restore (\(journal.journalPath) does not exist)")
      return MigrateExitCode.ok
    }
    guard let entry = journal.read() else {
      throw CLIFailure(MigrateExitCode.failure, "the journal \(journal.journalPath) is unreadable; restore by hand from \(journal.backupDirectory), then delete the journal")
    }
    // A killed run's `git commit` may still be running (it outlives its parent): restoring
    // under it would leave a commit whose files the work tree no longer has.
    if let gitDir = context.gitDirectory, FileManager.default.fileExists(atPath: gitDir + "/index.lock") {
      throw CLIFailure(MigrateExitCode.failure, "\(gitDir)/index.lock exists: a git process (perhaps the interrupted run's commit) is still running; wait for it to finish, or remove the lock if no git process is running, then run --restore again")
    }
    journal.removeStaleTemporaries(entry, root: context.root)
    if committed(entry, context) {
      journal.finish()
      console.info("phase \(entry.phase) \(entry.name) had been committed; removed its journal, nothing to restore")
      return MigrateExitCode.ok
    }
    var failures: [String] = []
    for path in entry.files {
      do {
        try fileWriter.write(try journal.backup(of: path), to: context.root + "/" + path)
      } catch {
        failures.append("\(path): \(error)")
      }
    }
    if !failures.isEmpty {
      throw CLIFailure(MigrateExitCode.failure, "could not restore:\n\(failures.joined(separator: "\n"))\nthe journal and backups are kept; fix the cause and run --restore again")
    }
    if context.isGit { _ = try? context.git(["reset", "-q", "--"] + entry.files) }
    journal.finish()
    console.info("restored \(entry.files.count) file\(RunReportFormatter.plural(entry.files.count)) of phase \(entry.phase) \(entry.name) to their bytes before the phase")
    return MigrateExitCode.ok
  }
}

/// SIGINT, SIGTERM and SIGHUP received while a phase is being written are held until the phase
/// is committed or rolled back, then delivered: Ctrl-C never leaves a phase half written.
/// (SIGKILL cannot be held; the journal covers it.)
enum SignalDeferral {
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  static func begin() {
    for s in signals { signal(s, recordDeferredSignal) }
  }

  static func end() {
    for s in signals { signal(s, SIG_DFL) }
    let pending = deferredSignal
    if pending != 0 { raise(pending) }
  }
}

nonisolated(unsafe) private var deferredSignal: Int32 = 0

private func recordDeferredSignal(_ sig: Int32) {
  deferredSignal = sig
}
