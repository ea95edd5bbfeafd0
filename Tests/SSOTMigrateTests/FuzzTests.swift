import Foundation
import PythonSource
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// Mutates real files (golden inputs and the sample repository) and runs every rewriting phase
/// of the built-in codemod over them: no crash, no hang, and every output either equals its
/// input or lexes; when the input parsed with python's `ast`, the output still parses (all
/// checked in one python3 process). Deterministic: replay a failure from its seed.
@Suite struct FuzzTests {
  static let seed: UInt64 = 0x5507_F022
  static let mutants = 3000
  /// Per file, all phases; a debug build is ~20x slower than release.
  static let perFileBound = 2.0

  /// Golden inputs and sample-repo files, with the path they live under.
  static func corpus() -> [(path: String, bytes: [UInt8])] {
    var files: [(String, [UInt8])] = []
    for golden in GoldenCase.all() {
      for input in golden.inputs() where input.path.hasSuffix(".py") { files.append((input.path, input.bytes)) }
    }
    let sample = URL(fileURLWithPath: ReliabilityPaths.packageRoot + "/golden-files/sample-repo")
    for file in GoldenCase.tree(sample) where file.path.hasSuffix(".py") { files.append(file) }
    return files
  }

  static let splices: [String] = [
    "await create_websocket_manager(ctx)\n",
    "    manager = await create_websocket_manager(user_context=ctx)\n",
    "create_websocket_manager_sync(ctx, user_id=1)\n",
    "WebSocketManagerFactory.create(ctx)\n",
    "from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager\n",
    "from netra_backend.app.websocket_core import create_websocket_manager as make\n",
    "import netra_backend.app.websocket_core.websocket_manager_factory as f\n",
    "from netra_backend.app.core.interfaces_websocket import WebSocketManagerProtocol\n",
    "from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager\n",
    "(", ")", "'", "\"\"\"", "f'{", "\\", "\t", "\r", "#", ":", " ",
  ]

  static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
    var out = bytes
    let rounds = Int.random(in: 1...3, using: &rng)
    for _ in 0..<rounds {
      switch Int.random(in: 0..<6, using: &rng) {
      case 0 where !out.isEmpty:  // byte flip
        let i = Int.random(in: 0..<out.count, using: &rng)
        out[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
      case 1 where !out.isEmpty:  // truncation
        out.removeSubrange(Int.random(in: 0..<out.count, using: &rng)...)
      case 2, 3:  // a deprecated call or import at a line start
        let splice = Array(splices[Int.random(in: 0..<9, using: &rng)].utf8)
        let starts = [0] + out.indices.filter { out[$0] == 0x0A }.map { $0 + 1 }
        out.insert(contentsOf: splice, at: starts[Int.random(in: 0..<starts.count, using: &rng)])
      case 4:  // anything anywhere
        let splice = Array(splices.randomElement(using: &rng)!.utf8)
        out.insert(contentsOf: splice, at: Int.random(in: 0...out.count, using: &rng))
      default:  // delete a span
        guard out.count > 2 else { continue }
        let start = Int.random(in: 0..<out.count - 1, using: &rng)
        out.removeSubrange(start..<min(out.count, start + Int.random(in: 1...40, using: &rng)))
      }
    }
    return out
  }

  @Test func mutatedFilesNeverCrashHangOrBreak() throws {
    let phases = try BuiltinPhases()
    let corpus = Self.corpus()
    let pipelines = phases.pipelines(context: corpus)
    var rng = SeededGenerator(seed: Self.seed)
    var checked: [String: [UInt8]] = [:]
    var pairs: [(input: String, output: String)] = []
    var slowest = 0.0
    var changed = 0
    var skipped = 0
    for n in 0..<Self.mutants {
      let (path, original) = corpus[Int.random(in: 0..<corpus.count, using: &rng)]
      let input = Self.mutate(original, &rng)
      let (results, elapsed) = seconds { phases.run(path: path, bytes: input, pipelines: pipelines) }
      slowest = max(slowest, elapsed)
      #expect(elapsed < Self.perFileBound, "mutant \(n) of \(path) took \(elapsed) s")
      var current = input
      for result in results {
        if result.deleted { break }
        if result.output != current {
          #expect(PythonLexer.tokenize(result.output).error == nil, "mutant \(n) of \(path): output does not lex")
        }
        if case .skipped = result.outcome { skipped += 1 }
        current = result.output
      }
      if current != input && !results.contains(where: \.deleted) {
        changed += 1
        checked["in/\(n)"] = input
        checked["out/\(n)"] = current
        pairs.append(("in/\(n)", "out/\(n)"))
      }
    }
    let failing = Set(try PythonChecker.unparsable(checked).map { String($0.prefix { $0 != ":" }) })
    for pair in pairs where !failing.contains(pair.input) {
      #expect(!failing.contains(pair.output), "\(pair.output): the input parsed, the output does not")
    }
    print("fuzz: \(Self.mutants) mutants, \(changed) rewritten, \(skipped) phase runs skipped, slowest \(slowest) s, \(failing.filter { $0.hasPrefix("in/") }.count) rewritten inputs did not parse")
    #expect(changed > Self.mutants / 10, "the mutations rarely reach a transform: \(changed)")
  }

  /// OpenRewrite's second cycle over whole cases: every golden input, all rewriting phases in
  /// order, then all of them again: the second pass changes nothing.
  @Test func allPhasesTwiceChangeNothingTheSecondTime() throws {
    let phases = try BuiltinPhases()
    var cases = 0
    for golden in GoldenCase.all() {
      var files = golden.inputs()
      func pass() -> [String] {
        var changedPaths: [String] = []
        for (phase, _) in phases.pipelines() {
          let pipeline = phases.pipelines(context: files).first { $0.0.number == phase.number }!.1
          var next: [(path: String, bytes: [UInt8])] = []
          for file in files {
            guard phase.includes(file.path) else { next.append(file); continue }
            let result = pipeline.run(path: file.path, bytes: file.bytes)
            if result.deleted { changedPaths.append(file.path); continue }
            if result.output != file.bytes { changedPaths.append(file.path) }
            next.append((file.path, result.output))
          }
          files = next
        }
        return changedPaths
      }
      _ = pass()
      let second = pass()
      #expect(second.isEmpty, "\(golden): a second pass of all phases still changes \(second)")
      cases += 1
    }
    #expect(cases > 50)
  }
}
