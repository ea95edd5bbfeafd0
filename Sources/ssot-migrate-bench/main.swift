// Profiling aid: runs the built-in codemod's phases in-process over a directory and prints the
// time of each stage. The committed benchmark (Benchmarks/run.sh) times the real CLI instead.
import Foundation
import SSOTMigrate

let arguments = CommandLine.arguments.dropFirst()
guard let root = arguments.first else {
  FileHandle.standardError.write(Data("usage: ssot-migrate-bench ROOT [JOBS]\n".utf8))
  exit(2)
}
let jobs = arguments.dropFirst().first.flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount
final class Stopwatch {
  let clock = ContinuousClock()
  var start = ContinuousClock().now
  func lap(_ label: String) {
    let now = clock.now
    print("\(label): \(now - start)")
    start = now
  }
}
let stopwatch = Stopwatch()
func lap(_ label: String) { stopwatch.lap(label) }
let codemod = try CodemodLoader.load(json: Array(BuiltinCodemod.json.utf8), source: BuiltinCodemod.source, registry: TransformRegistry.all)
var paths: [String] = []
let enumerator = FileManager.default.enumerator(atPath: root)
while let path = enumerator?.nextObject() as? String where true {
  if path.hasSuffix(".py") { paths.append(path) }
}
paths.sort()
lap("list \(paths.count) files")
var workspace = Workspace.load(root: root, paths: paths, prefilter: Prefilter(triggers: PhaseRunner.triggers(of: codemod)), jobs: jobs)
lap("read; \(workspace.files.count) candidates")
for phase in codemod.phases where phase.mode == .rewrite {
  let report = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: jobs)
  workspace.apply(report.results)
  lap("phase \(phase.number): \(report.changed.count) changed, \(report.editCount) edits, \(report.findings.count) findings, \(report.filesLexed) lexed")
}
