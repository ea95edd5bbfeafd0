import PythonSource

/// What one phase did to one file (LibCST `TransformResult`).
public struct FileResult: Sendable {
  public enum Outcome: Sendable, Equatable {
    case unchanged
    case changed
    /// Not processed (not valid UTF-8, does not lex): the reason is also a finding.
    case skipped(String)
    /// A transform misbehaved (overlapping edits, output that does not lex): nothing is written.
    case failed(String)
  }

  public let path: String
  public let original: [UInt8]
  public let output: [UInt8]
  public let outcome: Outcome
  /// Edits per transform id, in application order; ranges refer to the text each transform saw.
  public let edits: [(transform: String, edits: [Edit])]
  public let findings: [Finding]
  /// True when the prefilter found none of the phase's triggers.
  public let prefiltered: Bool
  /// True when a transform asked for the file to be deleted (`remove-module`): the outcome is
  /// `.changed` and `output` is empty; writers remove the file instead of writing it.
  public var deleted: Bool = false
  /// The tokens of `output` when it changed (the pipeline lexes every output to check it): the
  /// repository index's update reuses them instead of lexing the file again. Dropped once the
  /// output is applied (`withoutTokens()`).
  public var outputTokens: [Token]? = nil

  public var editCount: Int { edits.reduce(0) { $0 + $1.edits.count } }

  /// This result followed by `next`, a second pass over this result's output.
  func followed(by next: FileResult) -> FileResult {
    let outcome: Outcome
    switch (self.outcome, next.outcome) {
    case (.failed(let why), _), (_, .failed(let why)): outcome = .failed(why)
    case (.skipped(let why), _): outcome = .skipped(why)
    default: outcome = next.output == original && !next.deleted ? .unchanged : .changed
    }
    var result = FileResult(
      path: path, original: original, output: next.output, outcome: outcome, edits: edits + next.edits,
      findings: Self.merged(findings, next.findings), prefiltered: prefiltered && next.prefiltered)
    result.deleted = next.deleted
    result.outputTokens = next.output == output ? outputTokens : next.outputTokens
    return result
  }

  /// Both passes' findings, sorted, each once: a file both passes skip (not valid UTF-8, say) is
  /// reported by each in the same words.
  static func merged(_ first: [Finding], _ second: [Finding]) -> [Finding] {
    var out: [Finding] = []
    for finding in (first + second).sorted() where out.last != finding { out.append(finding) }
    return out
  }

  /// The result without `outputTokens` (they are only needed until the output is applied).
  func withoutTokens() -> FileResult {
    var copy = self
    copy.outputTokens = nil
    return copy
  }
}
