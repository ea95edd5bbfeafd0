import Foundation
import PythonSource
import SSOTMigrate

/// Runs a golden case through the built-in codemod's phase, as the CLI would.
public enum GoldenRunner {
  public struct Outcome: Sendable {
    /// Output bytes of every input file.
    public let outputs: [String: [UInt8]]
    /// Findings, formatted `path:line:col: [rule] message`, sorted.
    public let findings: [String]
    /// Files whose output a second run of the phase still changes (must be empty).
    public let notIdempotent: [String]
    /// Transform failures (overlapping edits, output that does not lex).
    public let failures: [String]
    /// Input files a transform deleted (`remove-module`); their output is empty.
    public var deleted: Set<String> = []
  }

  public static func builtinCodemod() throws -> Codemod {
    try CodemodLoader.load(json: Array(BuiltinCodemod.json.utf8), source: BuiltinCodemod.source, registry: TransformRegistry.all)
  }

  public static func run(_ golden: GoldenCase) throws -> Outcome {
    let codemod = try builtinCodemod()
    guard let phase = codemod.phase(golden.phase) else { throw GoldenError("no phase \(golden.phase) in the built-in codemod") }
    let inputs = golden.inputs()
    let repository = RepositoryIndex.build(files: inputs, roots: codemod.roots)
    let pipeline = FilePipeline(transforms: phase.transforms, roots: codemod.roots, repository: repository, phase: phase.number, equivalents: codemod.equivalentNames)
    var outputs: [String: [UInt8]] = [:]
    var findings: [Finding] = []
    var failures: [String] = []
    var notIdempotent: [String] = []
    var deleted: Set<String> = []
    for (path, bytes) in inputs {
      guard phase.includes(path) else {
        outputs[path] = bytes
        continue
      }
      let result = pipeline.run(path: path, bytes: bytes)
      outputs[path] = result.output
      if result.deleted {
        deleted.insert(path)
        continue
      }
      findings.append(contentsOf: result.findings)
      if case .failed(let message) = result.outcome { failures.append("\(path): \(message)") }
      if result.outcome == .changed {
        let outputRepository = RepositoryIndex.build(files: inputs.map { ($0.path, $0.path == path ? result.output : $0.bytes) }, roots: codemod.roots)
        let again = FilePipeline(transforms: phase.transforms, roots: codemod.roots, repository: outputRepository, phase: phase.number, equivalents: codemod.equivalentNames)
          .run(path: path, bytes: result.output)
        if again.output != result.output {
          notIdempotent.append("\(path): a second run still changes it:\n" + lineDiff(result.output, again.output))
        }
      }
    }
    return Outcome(
      outputs: outputs, findings: findings.sorted().map(\.description), notIdempotent: notIdempotent, failures: failures, deleted: deleted)
  }

  /// Expected vs actual as a readable diff for failure messages.
  public static func lineDiff(_ expected: [UInt8], _ actual: [UInt8]) -> String {
    UnifiedDiff.render(path: "expected-vs-actual", old: expected, new: actual)
  }
}

public struct GoldenError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
