import Foundation
import PythonSource
import SSOTMigrateTestSupport

@testable import SSOTMigrate

/// The built-in codemod's rewriting phases as one function of (path, bytes), for the
/// reliability tests (hostile inputs, fuzzing, corpora).
struct BuiltinPhases: Sendable {
  let codemod: Codemod
  let phases: [Phase]

  init() throws {
    codemod = try GoldenRunner.builtinCodemod()
    phases = codemod.phases.filter { $0.mode == .rewrite }
  }

  /// One pipeline per rewriting phase; `context` is the repository the files belong to.
  func pipelines(context: [(path: String, bytes: [UInt8])] = []) -> [(Phase, FilePipeline)] {
    let repository = RepositoryIndex.build(files: context, roots: codemod.roots)
    return phases.map {
      ($0, FilePipeline(transforms: $0.transforms, roots: codemod.roots, repository: repository, phase: $0.number, equivalents: codemod.equivalentNames))
    }
  }

  /// Every rewriting phase in order over one file (phases that exclude the path leave it).
  /// Returns the results of each phase that ran.
  func run(path: String, bytes: [UInt8], pipelines: [(Phase, FilePipeline)]? = nil) -> [FileResult] {
    var current = bytes
    var results: [FileResult] = []
    for (phase, pipeline) in pipelines ?? self.pipelines() where phase.includes(path) {
      let result = pipeline.run(path: path, bytes: current)
      results.append(result)
      if result.deleted { break }
      current = result.output
    }
    return results
  }
}

/// A small deterministic generator (SplitMix64), so every fuzz case can be replayed from its seed.


/// Wall-clock seconds of `body`.
func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
  let start = DispatchTime.now().uptimeNanoseconds
  let value = try body()
  return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

enum ReliabilityPaths {
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()
}
