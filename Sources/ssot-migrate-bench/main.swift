// Profiling aid: runs the built-in codemod's rewriting phases in-process over a directory and
// prints the time of each stage. The committed benchmark (Benchmarks/run.sh) times the CLI.
import Foundation
import PythonSource
import SSOTMigrate

func run() throws {
  let arguments = Array(CommandLine.arguments.dropFirst())
  guard let root = arguments.first else {
    FileHandle.standardError.write(Data("usage: ssot-migrate-bench ROOT [JOBS]\n".utf8))
    exit(2)
  }
  let jobs = arguments.dropFirst().first.flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount
  let clock = ContinuousClock()
  var start = clock.now
  func lap(_ label: String) {
    let now = clock.now
    print("\(label): \(now - start)")
    start = now
  }
  let codemod = try builtinCodemod()
  let paths = pythonPaths(under: root)
  lap("list \(paths.count) files")
  let plain = Workspace.load(root: root, paths: paths, prefilter: Prefilter(triggers: PhaseRunner.triggers(of: codemod)), jobs: jobs)
  lap("read + prefilter only; \(plain.files.count) candidates")
  var workspace = plain.indexed(codemod: codemod, jobs: jobs)
  lap("repository index")
  for phase in codemod.phases where phase.mode == .rewrite {
    let report = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: jobs)
    workspace.apply(report.results)
    lap("phase \(phase.number): \(report.changed.count) changed, \(report.editCount) edits, \(report.findings.count) findings, \(report.filesLexed) lexed")
  }
  // Phase 5's idempotency check: every rewriting phase again over the final tree.
  for phase in codemod.phases where phase.mode == .rewrite {
    let report = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: jobs)
    workspace.apply(report.results)
    lap("phase \(phase.number) again: \(report.changed.count) changed, \(report.findings.count) findings, \(report.filesLexed) lexed")
  }
}

/// The built-in codemod, as the CLI loads it.
func builtinCodemod() throws -> Codemod {
  try CodemodLoader.load(json: Array(BuiltinCodemod.json.utf8), source: BuiltinCodemod.source, registry: TransformRegistry.all)
}

/// Every `.py` file under `root`, relative to it, sorted (a plain walk: no git, no skipped
/// directories).
func pythonPaths(under root: String) -> [String] {
  var paths: [String] = []
  let enumerator = FileManager.default.enumerator(atPath: root)
  while let path = enumerator?.nextObject() as? String {
    if path.hasSuffix(".py") { paths.append(path) }
  }
  return paths.sorted()
}

/// The built-in codemod and the workspace of the directory given as the first argument.
func loadCandidates(jobs: Int, indexed: Bool) throws -> (Codemod, Workspace) {
  let root = CommandLine.arguments[1]
  let codemod = try builtinCodemod()
  return (codemod, Workspace.load(root: root, paths: pythonPaths(under: root), codemod: codemod, jobs: jobs, indexed: indexed, scanned: indexed))
}

/// `ANALYZE_ONLY=N`: lexes and analyses the candidate files N times on one thread (for perf).
func analyzeOnly(_ rounds: Int) throws {
  let (codemod, workspace) = try loadCandidates(jobs: 1, indexed: false)
  let clock = ContinuousClock()
  // The fastest round of each: on a shared VM the minimum is the figure that repeats.
  var lex = Duration.seconds(1_000)
  var analyze = Duration.seconds(1_000)
  var light = Duration.seconds(1_000)
  for _ in 0..<rounds {
    var roundLex = Duration.zero
    var roundAnalyze = Duration.zero
    var roundLight = Duration.zero
    for file in workspace.files {
      let t0 = clock.now
      let lexed = PythonSource.PythonLexer.tokenize(file.bytes)
      let t1 = clock.now
      _ = AnalyzedFile(source: SourceFile(path: file.path, bytes: file.bytes), tokens: lexed.tokens, roots: codemod.roots)
      let t2 = clock.now
      _ = RepositoryIndex.FileFacts.scan(path: file.path, bytes: file.bytes, roots: codemod.roots, tokens: lexed.tokens)
      roundLight += clock.now - t2
      roundAnalyze += t2 - t1
      roundLex += t1 - t0
    }
    lex = min(lex, roundLex)
    analyze = min(analyze, roundAnalyze)
    light = min(light, roundLight)
  }
  let bytes = workspace.files.reduce(0) { $0 + $1.bytes.count }
  print("\(workspace.files.count) files, \(bytes) bytes, fastest of \(rounds) rounds: lex \(lex), analysis \(analyze), index facts \(light)")
}

/// `AGGREGATE_ONLY=N`: times the repository index's update after a phase (one file, and a
/// third of the candidates, given new facts) and its aggregation over all the candidates' facts.
func aggregateOnly(_ rounds: Int) throws {
  let (_, workspace) = try loadCandidates(jobs: 2, indexed: true)
  let index = workspace.repository!
  let clock = ContinuousClock()
  let third = workspace.files.prefix(workspace.files.count / 3).map { (path: $0.path, facts: index.facts[$0.path]) }
  for (label, changed) in [("1 file", Array(third.prefix(1))), ("\(third.count) files", third)] {
    let t0 = clock.now
    // The maps are updated on a thread of their own: `importer` waits for them.
    for _ in 0..<rounds { _ = index.updating(facts: changed).importer(of: "x", from: "y") }
    print("\(index.facts.count) files' facts, update of \(label): \((clock.now - t0) / rounds)")
  }
  let t0 = clock.now
  for _ in 0..<rounds {
    _ = RepositoryIndex.build(facts: Array(index.facts.values), modules: workspace.modules!, roots: [""], prefilter: nil).importer(of: "x", from: "y")
  }
  print("\(index.facts.count) files' facts, aggregation: \((clock.now - t0) / rounds)")
}

/// `PREFILTER_ONLY=N`: reads every file once, then runs the codemod's prefilter over all of
/// them N times on one thread; prints the fastest round.
if let rounds = ProcessInfo.processInfo.environment["PREFILTER_ONLY"].flatMap({ Int($0) }) {
  let root = CommandLine.arguments[1]
  let codemod = try builtinCodemod()
  let files = try pythonPaths(under: root).map { path throws in try AtomicWriter.readBytes(root + "/" + path) }
  let prefilter = Prefilter(triggers: PhaseRunner.triggers(of: codemod))
  let clock = ContinuousClock()
  var fastest = Duration.seconds(1_000)
  var hits = 0
  for _ in 0..<rounds {
    let t0 = clock.now
    hits = files.reduce(0) { $0 + (prefilter.matches($1) ? 1 : 0) }
    fastest = min(fastest, clock.now - t0)
  }
  print("\(files.count) files, \(files.reduce(0) { $0 + $1.count }) bytes, \(hits) match, fastest of \(rounds) rounds: \(fastest)")
  exit(0)
}
if let rounds = ProcessInfo.processInfo.environment["AGGREGATE_ONLY"].flatMap({ Int($0) }) {
  try aggregateOnly(rounds)
  exit(0)
}
if let rounds = ProcessInfo.processInfo.environment["ANALYZE_ONLY"].flatMap({ Int($0) }) {
  try analyzeOnly(rounds)
  exit(0)
}
/// `LEX_ONLY=N`: lexes the candidate files N times on one thread (under callgrind, the lexer's
/// instructions per byte).
if let rounds = ProcessInfo.processInfo.environment["LEX_ONLY"].flatMap({ Int($0) }) {
  let (_, workspace) = try loadCandidates(jobs: 1, indexed: false)
  let clock = ContinuousClock()
  var fastest = Duration.seconds(1_000)
  var tokens = 0
  for _ in 0..<rounds {
    let t0 = clock.now
    tokens = 0
    for file in workspace.files { tokens += PythonSource.PythonLexer.tokenize(file.bytes).tokens.count }
    fastest = min(fastest, clock.now - t0)
  }
  let bytes = workspace.files.reduce(0) { $0 + $1.bytes.count }
  print("\(workspace.files.count) files, \(bytes) bytes, \(tokens) tokens, fastest of \(rounds) rounds: \(fastest)")
  exit(0)
}
if ProcessInfo.processInfo.environment["PRINT_TRIGGERS"] != nil {
  let codemod = try builtinCodemod()
  print(PhaseRunner.triggers(of: codemod).joined(separator: "\n"))
  exit(0)
}
if let root = ProcessInfo.processInfo.environment["DUMP_ANALYSIS"] {
  dumpAnalysis(root)
  exit(0)
}
try run()

func indexTiming() throws {
  let (codemod, workspace) = try loadCandidates(jobs: 1, indexed: true)
  let clock = ContinuousClock()
  let t0 = clock.now
  _ = RepositoryIndex.build(files: workspace.files, roots: codemod.roots, interesting: PhaseRunner.triggers(of: codemod), jobs: 1)
  let t1 = clock.now
  var tokens = 0
  for file in workspace.files { tokens += PythonSource.PythonLexer.tokenize(file.bytes).tokens.count }
  let t2 = clock.now
  for file in workspace.files { _ = AnalyzedFile.analyze(SourceFile(path: file.path, bytes: file.bytes), roots: codemod.roots) }
  let t3 = clock.now
  print("index build (1 job): \(t1 - t0); lex only: \(t2 - t1) (\(tokens) tokens, \(workspace.files.reduce(0) { $0 + $1.bytes.count }) bytes); lex+analyze: \(t3 - t2)")
}
if ProcessInfo.processInfo.environment["INDEX_TIMING"] != nil { try indexTiming() }

/// `DUMP_ANALYSIS=DIR`: for every `.py` file under DIR, one line per analysis (full and light)
/// with a digest of each part of the `ModuleIndex`. Two builds' outputs, compared with `diff`,
/// show whether a change to the analysis changed any result, and for which file and part.
func dumpAnalysis(_ root: String) {
  let paths = pythonPaths(under: root)
  func digest(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return String(h, radix: 16)
  }
  var out = ""
  for path in paths {
    guard let data = FileManager.default.contents(atPath: root + "/" + path) else { continue }
    let bytes = [UInt8](data)
    let lexed = PythonSource.PythonLexer.tokenize(bytes)
    guard lexed.error == nil else { continue }
    let source = SourceFile(path: path, bytes: bytes)
    for full in [true, false] {
      let index = ModuleIndex(file: source, tokens: lexed.tokens, moduleName: "pkg.sub.mod", isPackageInit: false, full: full)
      let bindings = index.bindings.indices.map { scope in
        index.bindings[scope].map { "\($0.name)=\($0.bindings.map { "\($0.kind)/\($0.token)/\($0.statement)" })" }
      }
      let parts = [
        "\(index.statements)", "\(index.scopes)", "\(index.imports)", "\(bindings)", "\(index.scopeOfToken)",
        "\(index.statementOfToken)", "\(index.roles)", "\(index.allNames.sorted { $0.key < $1.key })",
        "\(index.typeCheckingStatements.sorted())",
      ]
      out += "\(path) \(full ? "full" : "light") " + parts.map(digest).joined(separator: " ") + "\n"
    }
    // What the repository index keeps of the file (built on the light analysis).
    let facts = RepositoryIndex.FileFacts.scan(path: path, bytes: bytes, roots: [""], tokens: lexed.tokens)
    let factParts = facts.digestParts
    out += "\(path) facts " + factParts.map(digest).joined(separator: " ") + "\n"
  }
  FileHandle.standardOutput.write(Data(out.utf8))
}
