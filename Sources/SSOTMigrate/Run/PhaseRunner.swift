import Foundation
import PythonSource

/// The files of a run, in memory: every Python file is read once; only those that spell one of
/// the codemod's trigger identifiers are kept (the others cannot change in any phase).
public struct Workspace: Sendable {
  public let root: String
  /// Every Python file considered, relative to `root`, sorted.
  public let allPaths: [String]
  /// Candidate files (prefilter hits): path -> current bytes (after the phases run so far).
  public private(set) var files: [(path: String, bytes: [UInt8])]
  /// Original bytes of candidate files, as read.
  public private(set) var originals: [String: [UInt8]]
  /// Files that could not be read: path -> message.
  public let unreadable: [(path: String, message: String)]
  /// The files whose results the run shows, counts and writes (its PATH arguments); every phase
  /// still reads, indexes and runs over all of `files` (see `PathFilter`).
  public private(set) var reported: PathFilter = .everything
  /// The modules of `allPaths` under the codemod's roots; nil until `indexed` builds it.
  public private(set) var modules: ModuleTable?
  /// Phase number -> how many of the reported paths the phase includes: counted once, on a
  /// thread of its own, from the moment the paths are known; the first phase's report waits for
  /// it.
  var phaseFileCounts: [Int: Int] { phaseFileCountsJob?.value() ?? [:] }
  private var phaseFileCountsJob: BackgroundJob<[Int: Int]>?
  /// The module table, built on a thread of its own while the files are read (it needs only
  /// their paths); `indexed` takes it.
  private var moduleTableJob: BackgroundJob<ModuleTable>?
  /// A phase's include and exclude globs -> per file of `files` (same order), whether they
  /// include it: tested once, in the index's parallel scan, instead of by every pass of every
  /// phase on one core. Keyed by the globs, not the phase number, so that a phase with other
  /// globs is never answered from it.
  var phaseMembership: [[[PathGlob]]: [Bool]] = [:]
  /// Cross-file facts over `files`, built once and updated as phases change files; nil until
  /// `indexed(codemod:jobs:)` builds it (phases then build their own).
  public private(set) var repository: RepositoryIndex?
  /// Tokens of the current bytes of candidate files: lexed once when the index is built, then
  /// replaced by each phase's relexed outputs, so no phase lexes a file another stage already
  /// lexed. A file without an entry is lexed by the pipeline.
  public private(set) var tokens: [String: [Token]] = [:]
  /// Per file of `files`, its index scan, when `load(codemod:)` made them while reading; taken by
  /// `indexed`.
  private var indexScans: [IndexScan]?
  /// What the scans depend on: they serve only an `indexed` call for the same codemod.
  private var indexScansKey: IndexScanKey?
  var jobs = 1

  /// Reads `paths` (relative to `root`) in parallel, keeping the bytes of files that `prefilter`
  /// matches or `keep` accepts (the files of `PhaseRunner.targetModules`, whatever they spell).
  public static func load(
    root: String, paths: [String], prefilter: Prefilter, jobs: Int, keep: @Sendable (String) -> Bool = { _ in false }
  ) -> Workspace {
    load(root: root, paths: paths, prefilter: prefilter, jobs: jobs, keep: keep, scan: nil)
  }

  /// The same; `scan`, if given, also makes each kept file's index scan in the worker that read
  /// it (see `indexScan`), while its bytes are still in that core's cache.
  static func load(
    root: String, paths: [String], prefilter: Prefilter, jobs: Int, keep: @Sendable (String) -> Bool,
    scan: (@Sendable (String, [UInt8], Bool) -> IndexScan)?
  ) -> Workspace {
    // Most files are read, searched and dropped: each worker reads into one reused buffer and
    // copies out only the files it keeps.
    let directory = RootDirectory(root)
    let loaded = ParallelMap.map(paths, jobs: jobs, scratch: { [UInt8]() }) {
      (buffer: inout [UInt8], path: String) -> (String, [UInt8]?, IndexScan?, String?) in
      do throws(FileIOError) {
        let count: Int
        if directory.fd >= 0 {
          count = try AtomicWriter.readFile(path, relativeTo: directory.fd, into: &buffer)
        } else {
          count = try AtomicWriter.readFile(root + "/" + path, into: &buffer)
        }
        let matched = buffer.withUnsafeBufferPointer { prefilter.matches(UnsafeBufferPointer(rebasing: $0[..<count])) }
        guard matched || keep(path) else { return (path, nil, nil, nil) }
        let bytes = Array(buffer[..<count])
        return (path, bytes, scan?(path, bytes, matched), nil)
      } catch {
        // The message names the file as the user knows it, under the root.
        let named = FileIOError(path: root + "/" + path, operation: error.operation, errno: error.errno, reason: error.reason)
        return (path, nil, nil, "\(named)")
      }
    }
    var files: [(String, [UInt8])] = []
    var scans: [IndexScan] = []
    var unreadable: [(String, String)] = []
    for (path, bytes, scanned, message) in loaded {
      if let bytes { files.append((path, bytes)) }
      if let scanned { scans.append(scanned) }
      if let message { unreadable.append((path, message)) }
    }
    var originals: [String: [UInt8]] = [:]
    for (path, bytes) in files { originals[path] = bytes }
    var workspace = Workspace(root: root, allPaths: paths, files: files, originals: originals, unreadable: unreadable)
    if scan != nil { workspace.indexScans = scans }
    return workspace
  }

  /// Reads `paths` for `codemod`: keeps files that spell one of its trigger identifiers and the
  /// files of the modules its transforms target; builds the repository index unless `indexed`
  /// is false (then call `indexed(codemod:jobs:)`). `scanned` (the default: whenever the index
  /// will be built) makes each file's index scan in the worker that read it, for `indexed`.
  public static func load(
    root: String, paths: [String], codemod: Codemod, jobs: Int, indexed: Bool = true, scanned: Bool = true
  ) -> Workspace {
    let targets = PhaseRunner.targetModules(of: codemod)
    let roots = codemod.roots
    // Serial work over every path that needs nothing but the paths: it runs beside the reading.
    let (moduleTable, counts) = Self.startPathJobs(paths, codemod)
    let prefilter = Prefilter.shared(triggers: PhaseRunner.triggers(of: codemod))
    let globSets = Workspace.distinctGlobs(codemod.phases).phases.map(Phase.Globs.init)
    let scanning = scanned || indexed
    var scan: (@Sendable (String, [UInt8], Bool) -> IndexScan)?
    if scanning {
      scan = { path, bytes, matched in Self.indexScan(path: path, bytes: bytes, matched: matched, globSets: globSets, roots: roots) }
    }
    var loaded = load(
      root: root, paths: paths, prefilter: prefilter, jobs: jobs,
      keep: { path in targets.isEmpty ? false : targets.contains(ModulePath.moduleName(of: path, roots: roots)?.name ?? "") },
      scan: scan
    )
    if scanning { loaded.indexScansKey = IndexScanKey(codemod) }
    loaded.moduleTableJob = moduleTable
    loaded.phaseFileCountsJob = counts
    return indexed ? loaded.indexed(codemod: codemod, jobs: jobs) : loaded
  }

  /// The module table and the phases' file counts of `paths`, each on a thread of its own.
  static func startPathJobs(_ paths: [String], _ codemod: Codemod) -> (BackgroundJob<ModuleTable>, BackgroundJob<[Int: Int]>) {
    let (roots, phases) = (codemod.roots, codemod.phases)
    return (BackgroundJob { ModuleTable(allPaths: paths, roots: roots) }, BackgroundJob { Workspace.phaseFileCounts(phases, paths) })
  }

  /// The workspace reporting only the files of `filter`: the phases' file counts are taken over
  /// those files (on a thread of their own, like the counts over all of them).
  public func reporting(only filter: PathFilter, phases: [Phase]) -> Workspace {
    var copy = self
    copy.reported = filter
    if !filter.includesEverything {
      let paths = filter.selecting(allPaths)
      copy.phaseFileCountsJob = BackgroundJob { Workspace.phaseFileCounts(phases, paths) }
    }
    return copy
  }

  /// How many of `allPaths` the run reports on.
  var reportedPathCount: Int { reported.count ?? allPaths.count }

  /// The workspace with its repository index built (once, for every phase of `codemod`).
  public func indexed(codemod: Codemod, jobs: Int) -> Workspace {
    var copy = self
    copy.jobs = jobs
    // Started by `load(codemod:)` while the files were read, else now: the module table is needed
    // once the candidates are lexed, the file counts by the first phase's report.
    let (moduleTable, counts) =
      if let modules = moduleTableJob, let counts = phaseFileCountsJob { (modules, counts) } else { Self.startPathJobs(allPaths, codemod) }
    copy.moduleTableJob = nil
    copy.phaseFileCountsJob = counts
    let phases = codemod.phases
    // The index's scan lexes every file that spells a trigger; the tokens are kept for the
    // phases (8 bytes per token, a token per 4-6 bytes of source, for the candidates only).
    let prefilter = Prefilter.shared(triggers: PhaseRunner.triggers(of: codemod))
    let roots = codemod.roots
    let globSets = Workspace.distinctGlobs(phases).phases.map(Phase.Globs.init)
    // `load(codemod:)` made the scans as it read the files; a workspace made otherwise scans now.
    let scanned =
      (indexScansKey == IndexScanKey(codemod) ? indexScans : nil)
      ?? ParallelMap.map(files, jobs: jobs) { file in
        Self.indexScan(path: file.path, bytes: file.bytes, matched: prefilter.matches(file.bytes), globSets: globSets, roots: roots)
      }
    copy.indexScans = nil
    copy.indexScansKey = nil
    var tokens: [String: [Token]] = [:]
    tokens.reserveCapacity(files.count)
    for (file, result) in zip(files, scanned) { if let known = result.scan?.tokens { tokens[file.path] = known } }
    copy.tokens = tokens
    for (k, phase) in globSets.enumerated() { copy.phaseMembership[[phase.include, phase.exclude]] = scanned.map { $0.phases[k] } }
    let modules = moduleTable.value()
    copy.modules = modules
    copy.repository = RepositoryIndex.build(facts: scanned.compactMap { $0.scan?.facts }, modules: modules, roots: roots, prefilter: prefilter)
    copy.addReexportUsers(codemod: codemod, globSets: globSets)
    return copy
  }

  /// Keeps the files that spell only a name a re-export introduces (`from pkg.hub import make`
  /// where `make = factory.create`): they spell no trigger, so the first reading dropped them.
  /// They are read again, scanned and indexed, until no new such name appears (a chain of
  /// renaming re-exports). Costs nothing when the repository renames no followed name.
  mutating func addReexportUsers(codemod: Codemod, globSets: [Phase.Globs]) {
    guard var repository, let modules else { return }
    let names = ReexportTable.Names(codemod: codemod)
    let roots = codemod.roots
    var triggers = PhaseRunner.triggers(of: codemod)
    var searched: Set<String> = []
    while true {
      let words = repository.reexports(of: names).aliasNames.subtracting(searched)
      if words.isEmpty { return }
      searched.formUnion(words)
      triggers += words
      let kept = Set(files.map(\.path))
      let others = allPaths.filter { !kept.contains($0) }
      let found = Workspace.load(
        root: root, paths: others, prefilter: Prefilter(triggers: words.sorted()), jobs: jobs, keep: { _ in false },
        scan: { path, bytes, matched in Self.indexScan(path: path, bytes: bytes, matched: matched, globSets: globSets, roots: roots) })
      let scans = found.indexScans ?? []
      guard !found.files.isEmpty else { return }
      // Merged in path order, with their phase flags.
      var merged: [(path: String, bytes: [UInt8])] = []
      var flags: [[[PathGlob]]: [Bool]] = [:]
      var (a, b) = (0, 0)
      while a < files.count || b < found.files.count {
        let fromFound = a == files.count || (b < found.files.count && found.files[b].path < files[a].path)
        if fromFound {
          merged.append(found.files[b])
          for (k, globs) in globSets.enumerated() { flags[[globs.include, globs.exclude], default: []].append(scans[b].phases[k]) }
          b += 1
        } else {
          merged.append(files[a])
          for globs in globSets {
            let key = [globs.include, globs.exclude]
            flags[key, default: []].append(phaseMembership[key].map { $0[a] } ?? Phase.membership(of: files[a].path, in: [globs])[0])
          }
          a += 1
        }
      }
      files = merged
      phaseMembership = flags
      for (file, scan) in zip(found.files, scans) {
        originals[file.path] = file.bytes
        if let known = scan.scan?.tokens { tokens[file.path] = known }
      }
      var facts = Array(repository.facts.values)
      facts += scans.compactMap { $0.scan?.facts }
      repository = RepositoryIndex.build(facts: facts, modules: modules, roots: roots, prefilter: Prefilter.shared(triggers: triggers))
      self.repository = repository
    }
  }

  /// A candidate's part of the index: its facts and tokens (none when it does not lex; no facts
  /// when it spells no trigger and was kept as a target module's file), and which phases' globs
  /// include it.
  typealias IndexScan = (scan: (facts: RepositoryIndex.FileFacts, tokens: [Token]?)?, phases: [Bool])

  struct IndexScanKey: Equatable {
    let triggers: [String]
    let roots: [String]
    let globs: [[[PathGlob]]]
    init(_ codemod: Codemod) {
      triggers = PhaseRunner.triggers(of: codemod)
      roots = codemod.roots
      globs = Workspace.distinctGlobs(codemod.phases).phases.map { [$0.include, $0.exclude] }
    }
  }

  static func indexScan(path: String, bytes: [UInt8], matched: Bool, globSets: [Phase.Globs], roots: [String]) -> IndexScan {
    let included = Phase.membership(of: path, in: globSets)
    guard matched else { return (nil, included) }
    let lexed = PythonLexer.tokenize(bytes)
    guard lexed.error == nil else { return ((RepositoryIndex.FileFacts.scan(path: path, bytes: bytes, roots: roots), nil), included) }
    return ((RepositoryIndex.FileFacts.scan(path: path, bytes: bytes, roots: roots, tokens: lexed.tokens), lexed.tokens), included)
  }

  /// Phase number -> how many of `paths` it includes. Phases with the same globs (discover,
  /// validate and the rewriting phases often share them) are counted once.
  static func phaseFileCounts(_ phases: [Phase], _ paths: [String]) -> [Int: Int] {
    let (distinct, which) = distinctGlobs(phases)
    let globs = distinct.map(Phase.Globs.init)
    var counts = [Int](repeating: 0, count: distinct.count)
    for path in paths {
      for (k, included) in Phase.membership(of: path, in: globs).enumerated() where included { counts[k] += 1 }
    }
    var result: [Int: Int] = [:]
    for (k, phase) in phases.enumerated() { result[phase.number] = counts[which[k]] }
    return result
  }

  /// One phase per distinct pair of include and exclude globs, and which of them each phase's
  /// globs are.
  static func distinctGlobs(_ phases: [Phase]) -> (phases: [Phase], which: [Int]) {
    var distinct: [[[PathGlob]]] = []
    var representatives: [Phase] = []
    var which: [Int] = []
    for phase in phases {
      let globs = [phase.include, phase.exclude]
      if let k = distinct.firstIndex(of: globs) {
        which.append(k)
      } else {
        which.append(distinct.count)
        distinct.append(globs)
        representatives.append(phase)
      }
    }
    return (representatives, which)
  }

  /// A workspace over in-memory files (tests, benchmarks).
  public init(root: String, allPaths: [String], files: [(path: String, bytes: [UInt8])], unreadable: [(path: String, message: String)] = []) {
    self.root = root
    self.allPaths = allPaths
    self.files = files
    var originals: [String: [UInt8]] = [:]
    for (path, bytes) in files { originals[path] = bytes }
    self.originals = originals
    self.unreadable = unreadable
  }

  init(root: String, allPaths: [String], files: [(path: String, bytes: [UInt8])], originals: [String: [UInt8]], unreadable: [(path: String, message: String)]) {
    self.root = root
    self.allPaths = allPaths
    self.files = files
    self.originals = originals
    self.unreadable = unreadable
  }

  /// Replaces the current bytes of changed files with a phase's outputs.
  public mutating func apply(_ results: [FileResult]) {
    var outputs: [String: [UInt8]] = [:]
    var deleted: Set<String> = []
    var changed: [(path: String, bytes: [UInt8], tokens: [Token]?)] = []
    for result in results where result.outcome == .changed {
      outputs[result.path] = result.output
      if result.deleted { deleted.insert(result.path) } else { changed.append((result.path, result.output, result.outputTokens)) }
    }
    if outputs.isEmpty { return }
    if !deleted.isEmpty {
      // The membership flags stay aligned with the files that remain.
      let kept = files.map { !deleted.contains($0.path) }
      for (globs, flags) in phaseMembership where flags.count == kept.count {
        phaseMembership[globs] = zip(flags, kept).compactMap { $1 ? $0 : nil }
      }
      files = zip(files, kept).compactMap { $1 ? $0 : nil }
    }
    files = files.map { ($0.path, outputs[$0.path] ?? $0.bytes) }
    // Old tokens never describe new bytes: replaced by the output's, or dropped.
    for path in deleted { tokens[path] = nil }
    for file in changed { tokens[file.path] = file.tokens }
    repository = repository?.updating(changed.sorted { $0.path < $1.path }, deleted: Array(deleted), jobs: jobs)
  }
}

/// What one phase found and would change, over the whole workspace.
public struct PhaseReport: Sendable {
  public let phase: Phase
  /// Results of files that changed, failed, were skipped, or have findings; sorted by path.
  public let results: [FileResult]
  public let filesConsidered: Int
  public let filesInPhase: Int
  public let filesLexed: Int

  /// The workspace with this report's results applied, when the phase computed it anyway
  /// (its deferred pass ran on it and changed nothing): `PhaseCache` takes it instead of
  /// applying the results, and indexing the phase's outputs, a second time. Reports derived
  /// from this one drop it.
  var workspaceAfter: Workspace? = nil

  public var changed: [FileResult] { results.filter { $0.outcome == .changed } }
  public var failed: [FileResult] { results.filter { if case .failed = $0.outcome { return true } else { return false } } }
  public var findings: [Finding] { results.flatMap(\.findings).sorted() }
  /// Counted in place: `changed` copies every changed file's result (and retains its arrays).
  public var changedCount: Int {
    var count = 0
    for i in results.indices where results[i].outcome == .changed { count += 1 }
    return count
  }
  public var editCount: Int {
    var count = 0
    for i in results.indices where results[i].outcome == .changed { count += results[i].editCount }
    return count
  }

  /// Edits per transform id, in the phase's transform order, then any other producer of edits
  /// (the pieces an interactive review accepted of a file).
  public var editsPerTransform: [(id: String, edits: Int, files: Int)] {
    var ids = phase.transforms.map(\.id)
    for result in changed {
      for group in result.edits where !ids.contains(group.transform) { ids.append(group.transform) }
    }
    return ids.map { id in
      var edits = 0
      var files = 0
      for result in changed {
        let count = result.edits.filter { $0.transform == id }.reduce(0) { $0 + $1.edits.count }
        edits += count
        if count > 0 { files += 1 }
      }
      return (id, edits, files)
    }
  }
}

/// Runs phases over a workspace: every file's work in parallel, results in path order.
public enum PhaseRunner {
  /// The trigger identifiers of every transform of the codemod (plus its SSOT names, which the
  /// report phases look for).
  public static func triggers(of codemod: Codemod) -> [String] {
    var triggers = Set(codemod.phases.flatMap { $0.transforms.flatMap(\.triggers) })
    for entry in codemod.ssotNames { triggers.insert(entry.name) }
    return triggers.sorted()
  }

  /// Modules whose files a transform of the codemod targets whatever they spell; pass
  /// `{ targets.contains(ModulePath.moduleName(of: $0, roots: codemod.roots)?.name ?? "") }` as
  /// `Workspace.load(keep:)`.
  public static func targetModules(of codemod: Codemod) -> Set<String> {
    Set(codemod.phases.flatMap { $0.transforms.flatMap(\.targetModules) })
  }

  /// The phase over `workspace`: results of every file, counts of its reported files.
  ///
  /// `only`: the files whose results the caller reads (the last phase a PATH run computes): the
  /// per-file pipeline runs on them alone. Their results are exact: a file's result depends on
  /// its own bytes and the index, which stays the whole repository's. What judges the
  /// repository as the pass leaves it needs the pass over every file: a deferred transform that
  /// may act on one of these files, a kept import of one of them (`revisitKeptImports`). The
  /// report then describes no workspace after the phase.
  public static func run(
    _ phase: Phase, codemod: Codemod, workspace: Workspace, jobs: Int, progress: ProgressReporter? = nil, only: PathFilter = .everything
  ) -> PhaseReport {
    let regular = phase.transforms.filter { !$0.runsAfterPhaseEdits }
    var deferred = phase.transforms.filter { $0.runsAfterPhaseEdits }
    let partial = !only.includesEverything
    var firstPassFiles = only
    if partial && !deferred.isEmpty {
      let modules = Set(workspace.files.compactMap { only.includes($0.path) ? ModulePath.moduleName(of: $0.path, roots: codemod.roots)?.name : nil })
      deferred = deferred.filter { $0.modulesActedOn.map { !$0.isDisjoint(with: modules) } ?? true }
      if !deferred.isEmpty { firstPassFiles = .everything }
    }
    var results = pass(regular, phase: phase, codemod: codemod, workspace: workspace, jobs: jobs, progress: progress, only: firstPassFiles)
    // A kept import is judged again on the other files' results of the pass (`revisitKeptImports`).
    if !firstPassFiles.includesEverything && results.contains(where: { $0.findings.contains { $0.rule == "kept-import" } }) {
      firstPassFiles = .everything
      results = pass(regular, phase: phase, codemod: codemod, workspace: workspace, jobs: jobs, progress: progress)
    }
    results = revisitKeptImports(results, regular, phase: phase, codemod: codemod, workspace: workspace, jobs: jobs)
    var applied: Workspace? = nil
    if !deferred.isEmpty {
      // Transforms that judge the repository as the phase leaves it run over the phase's output,
      // with the index updated; each file's two results become one.
      var after = workspace
      after.apply(results)
      let second = pass(deferred, phase: phase, codemod: codemod, workspace: after, jobs: jobs, only: only)
      // A second pass that changed nothing leaves the first pass's outputs: `after` is the
      // workspace the phase leaves.
      if !partial && second.allSatisfy({ $0.outcome == .unchanged }) { applied = after }
      var byPath: [String: FileResult] = [:]
      for result in second { byPath[result.path] = result }
      results = results.map { first in byPath.removeValue(forKey: first.path).map { first.followed(by: $0) } ?? first }
    }
    if partial { results = results.filter { only.includes($0.path) } }
    let reported = workspace.reported
    let kept = results.filter { $0.outcome != .unchanged || !$0.findings.isEmpty }.sorted { $0.path < $1.path }
    let lexed = results.filter { !$0.prefiltered && reported.includes($0.path) }.count
    let phaseFiles = workspace.phaseFileCounts[phase.number] ?? reported.selecting(workspace.allPaths).filter { phase.includes($0) }.count
    var report = PhaseReport(
      phase: phase, results: kept, filesConsidered: workspace.reportedPathCount, filesInPhase: phaseFiles, filesLexed: lexed)
    report.workspaceAfter = applied
    return report
  }

  /// A file that kept an import because another module imported the name from it
  /// (`[kept-import]`) is run again, from its original bytes, when one of the pass's changed
  /// files imported from its module: that import may be gone (`from hub import create` whose
  /// calls the pass rewrote), and the name with it. Judged on the index as the pass leaves the
  /// other files, until nothing changes (chains of such modules): the phase's result is then
  /// what a second run of it would keep, and its import of a deprecated name does not outlive
  /// the last user.
  static func revisitKeptImports(
    _ first: [FileResult], _ transforms: [any Transform], phase: Phase, codemod: Codemod, workspace: Workspace, jobs: Int
  ) -> [FileResult] {
    guard first.contains(where: { $0.findings.contains { $0.rule == "kept-import" } }) else { return first }
    let before = repository(for: transforms, codemod: codemod, workspace: workspace, jobs: jobs)
    var results = first
    for _ in 0..<8 {
      // The modules the changed files imported from, before the pass.
      var importedFrom: Set<String> = []
      for result in results where result.outcome == .changed {
        for item in before.facts[result.path]?.fromImports ?? [] { importedFrom.insert(item.module) }
      }
      let revisit = results.indices.filter { k in
        results[k].findings.contains { $0.rule == "kept-import" }
          && (before.facts[results[k].path]?.module).map(importedFrom.contains) == true
      }
      if revisit.isEmpty { return results }
      var after = workspace
      after.apply(results)
      // The revisited files as they were, the others as the pass leaves them.
      let paths = Set(revisit.map { results[$0].path })
      let repository = Self.repository(for: transforms, codemod: codemod, workspace: after, jobs: jobs)
        .updating(facts: revisit.map { (results[$0].path, before.facts[results[$0].path]) })
      let pipeline = FilePipeline(
        transforms: transforms, roots: codemod.roots, repository: repository, phase: phase.number, equivalents: codemod.equivalentNames,
        reexportNames: ReexportTable.Names(codemod: codemod))
      let files = workspace.files.filter { paths.contains($0.path) }
      let again = ParallelMap.map(files, jobs: jobs) { file in pipeline.run(path: file.path, bytes: file.bytes, tokens: workspace.tokens[file.path]) }
      var changed = false
      var byPath: [String: FileResult] = [:]
      for result in again { byPath[result.path] = result }
      for k in revisit {
        let next = byPath[results[k].path]!
        if next.output != results[k].output || next.findings != results[k].findings { changed = true }
        results[k] = next
      }
      if !changed { return results }
    }
    return results
  }

  /// The workspace's index, or one built for `transforms` when it has none.
  static func repository(for transforms: [any Transform], codemod: Codemod, workspace: Workspace, jobs: Int) -> RepositoryIndex {
    let interesting = transforms.flatMap(\.triggers) + codemod.ssotNames.map(\.name)
    if let repository = workspace.repository { return repository }
    // The module map of every path, as the gate sees it, not of the candidates alone; without
    // the files a phase deleted.
    let remaining = Set(workspace.files.map(\.path))
    let deleted = Set(workspace.originals.keys.filter { !remaining.contains($0) })
    let table = (workspace.modules ?? ModuleTable(allPaths: workspace.allPaths, roots: codemod.roots)).removing(deleted)
    return RepositoryIndex.build(files: workspace.files, roots: codemod.roots, interesting: interesting, jobs: jobs, modules: table)
  }

  /// One pass of `transforms` over the phase's files of `workspace`; a result per file.
  /// `only`: the files to run (the rest get no result).
  static func pass(
    _ transforms: [any Transform], phase: Phase, codemod: Codemod, workspace: Workspace, jobs: Int, progress: ProgressReporter? = nil,
    only: PathFilter = .everything
  ) -> [FileResult] {
    var inPhase: [(path: String, bytes: [UInt8])]
    if let flags = workspace.phaseMembership[[phase.include, phase.exclude]], flags.count == workspace.files.count {
      inPhase = zip(workspace.files, flags).compactMap { $1 ? $0 : nil }
    } else {
      inPhase = workspace.files.filter { phase.includes($0.path) }
    }
    if !only.includesEverything { inPhase = inPhase.filter { only.includes($0.path) } }
    let repository = repository(for: transforms, codemod: codemod, workspace: workspace, jobs: jobs)
    let pipeline = FilePipeline(
      transforms: transforms, roots: codemod.roots, repository: repository, phase: phase.number, equivalents: codemod.equivalentNames,
      reexportNames: ReexportTable.Names(codemod: codemod))
    progress?.start("phase \(phase.number) \(phase.name)", total: inPhase.count)
    defer { progress?.finish() }
    let known = workspace.tokens
    return ParallelMap.map(inPhase, jobs: jobs) { file in
      let result = pipeline.run(path: file.path, bytes: file.bytes, tokens: known[file.path])
      progress?.step()
      return result
    }
  }

}

/// The run's root, open while its files are read (closed with the last reference).
final class RootDirectory: Sendable {
  /// -1 when the root cannot be opened: the files are then read by their full paths (and fail
  /// with the same error each).
  let fd: Int32

  init(_ path: String) { fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }

  deinit { if fd >= 0 { close(fd) } }
}
