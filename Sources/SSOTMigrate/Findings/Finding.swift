import PythonSource

/// Something the tool reports instead of (or besides) rewriting: `path:line:col: [rule] message`.
public struct Finding: Sendable, Hashable, Comparable, CustomStringConvertible {
  public enum Severity: String, Sendable, Codable {
    /// A rewrite the tool refused because it could not prove it safe: a person must look.
    case manualReview = "manual-review"
    /// Information: something was kept or left alone on purpose.
    case note
    /// The file could not be processed (lex error, overlapping edits).
    case error
  }

  public let path: String
  public let line: Int
  public let column: Int
  /// Kebab-case rule id, e.g. `shadowed-name`, `user-id-keyword`.
  public let rule: String
  public let message: String
  public let severity: Severity
  /// The transform that reported it (empty for engine findings).
  public let transform: String

  public init(
    path: String, line: Int, column: Int, rule: String, message: String,
    severity: Severity = .manualReview, transform: String = ""
  ) {
    self.path = path
    self.line = line
    self.column = column
    self.rule = rule
    self.message = message
    self.severity = severity
    self.transform = transform
  }

  /// A finding at a byte offset of `file`.
  public init(
    _ file: SourceFile, at offset: Int, rule: String, _ message: String,
    severity: Severity = .manualReview, transform: String = ""
  ) {
    let loc = file.lineIndex.location(of: offset)
    self.init(
      path: file.path, line: loc.line, column: loc.column, rule: rule, message: message,
      severity: severity, transform: transform)
  }

  public var description: String { "\(path):\(line):\(column): [\(rule)] \(message)" }

  public static func < (a: Finding, b: Finding) -> Bool {
    if a.path != b.path { return a.path < b.path }
    if a.line != b.line { return a.line < b.line }
    if a.column != b.column { return a.column < b.column }
    if a.rule != b.rule { return a.rule < b.rule }
    return a.message < b.message
  }
}
