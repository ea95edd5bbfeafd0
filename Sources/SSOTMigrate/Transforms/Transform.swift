import PythonSource

/// A declarative rewrite a codemod file names by `kind`.
///
/// Conformers are pure: the same file in gives the same edits and findings out. They never read
/// other files, write, or print; "cannot prove it safe" is a `Finding`, not an error.
public protocol Transform: Sendable {
  associatedtype Spec: Decodable & Sendable
  /// The `kind` string in codemod files, e.g. "replace-call".
  static var kind: String { get }
  /// Validates the spec once, when the codemod loads (ast-grep `check_fix`, OpenRewrite
  /// `validate()`); throws `CodemodError.invalid` naming the key path.
  init(id: String, spec: Spec, keyPath: String) throws
  var id: String { get }
  /// Identifiers whose bytes must occur in a file for this transform to possibly change or report
  /// anything in it. The prefilter skips lexing files that contain none of them.
  var triggers: [String] { get }
  func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput
}

/// What one transform produced for one file.
public struct TransformOutput: Sendable {
  public var edits: [Edit]
  public var findings: [Finding]

  public init(edits: [Edit] = [], findings: [Finding] = []) {
    self.edits = edits
    self.findings = findings
  }
}

/// Read-only facts a transform may consult besides its file.
public struct TransformContext: Sendable {
  public let repository: RepositoryIndex
  public let phase: Int
  /// Qualified names the codemod declares to be the same object as another (the `from` -> `to`
  /// of its move-import transforms): a name bound to `from` is already bound to `to`.
  public let equivalents: [String: String]

  public init(repository: RepositoryIndex, phase: Int, equivalents: [String: String] = [:]) {
    self.repository = repository
    self.phase = phase
    self.equivalents = equivalents
  }
}
