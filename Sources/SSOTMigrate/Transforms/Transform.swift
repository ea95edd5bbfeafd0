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
  /// Modules whose own file this transform must see whatever it spells (a transform about a
  /// module, not about names in it: `warn-on-import`, `remove-module`). Default: none.
  var targetModules: [String] { get }
  /// True for a transform that judges the repository as the phase leaves it (`remove-module`:
  /// "does anything still import this module?"). It runs after the phase's other transforms have
  /// been applied to every file, with the repository index updated.
  var runsAfterPhaseEdits: Bool { get }
  /// Whether the transform can act on a file, judged from the repository index's facts about it
  /// (its imports and dotted strings) before any transform changed it; nil when the facts cannot
  /// tell and the trigger identifiers decide. Spares the analysis of files that only spell a
  /// common trigger (`WebSocketManager` in a file that already imports it canonically).
  func isRelevant(_ facts: RepositoryIndex.FileFacts) -> Bool?
  /// The same, knowing the repository's re-exports of the followed names (a file that imports
  /// a moved name through another module is relevant). Default: `isRelevant(facts)`.
  func isRelevant(_ facts: RepositoryIndex.FileFacts, reexports: ReexportTable) -> Bool?
  /// The only modules whose files the transform ever changes or reports on, whatever they spell
  /// (nil: any file). Unlike `isRelevant` it holds for any text of the file, so a file another
  /// transform of the phase just changed is not analysed again for nothing.
  var modulesActedOn: Set<String>? { get }
  /// Qualified names the transform acts on wherever the repository re-exports them (`from hub
  /// import create` where `hub` imports `create` from the followed module): see
  /// `ReexportTable`. Default: none.
  var followedNames: [String] { get }
  /// Qualified names the transform writes: re-export chains stop there (a canonical name
  /// assigned from a deprecated one is not an alias of it). Default: none.
  var canonicalNames: [String] { get }
  func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput
  /// Every place in `file` the transform must either rewrite or report (a call of a deprecated
  /// callee, a non-canonical import), judged without the shortcuts `apply` takes: the safety
  /// net of phase 5 and `verify` (`SiteAudit`). Default: none.
  func auditSites(in file: AnalyzedFile, context: TransformContext) -> [AuditSite]
}

/// A place a transform must rewrite or report: a byte offset in the file, and what it is.
public struct AuditSite: Sendable {
  public let offset: Int
  public let description: String

  public init(offset: Int, description: String) {
    self.offset = offset
    self.description = description
  }
}

extension Transform {
  public var targetModules: [String] { [] }
  public var runsAfterPhaseEdits: Bool { false }
  public func isRelevant(_ facts: RepositoryIndex.FileFacts) -> Bool? { nil }
  public func isRelevant(_ facts: RepositoryIndex.FileFacts, reexports: ReexportTable) -> Bool? { isRelevant(facts) }
  public var modulesActedOn: Set<String>? { nil }
  public var followedNames: [String] { [] }
  public var canonicalNames: [String] { [] }
  public func auditSites(in file: AnalyzedFile, context: TransformContext) -> [AuditSite] { [] }
}

/// What one transform produced for one file.
public struct TransformOutput: Sendable {
  public var edits: [Edit]
  public var findings: [Finding]
  /// The transform asks for the whole file to be deleted (`remove-module`); its `edits` are
  /// then empty. `FilePipeline` stops there and returns a `FileResult` with `deleted` set.
  public var deleteFile: Bool

  public init(edits: [Edit] = [], findings: [Finding] = [], deleteFile: Bool = false) {
    self.edits = edits
    self.findings = findings
    self.deleteFile = deleteFile
  }
}

/// Read-only facts a transform may consult besides its file.
public struct TransformContext: Sendable {
  public let repository: RepositoryIndex
  public let phase: Int
  /// Qualified names the codemod declares to be the same object as another (the `from` -> `to`
  /// of its move-import transforms): a name bound to `from` is already bound to `to`.
  public let equivalents: [String: String]
  /// The repository's re-exports of the names the transforms follow.
  public let reexports: ReexportTable

  public init(repository: RepositoryIndex, phase: Int, equivalents: [String: String] = [:], reexports: ReexportTable = .empty) {
    self.repository = repository
    self.phase = phase
    self.equivalents = equivalents
    self.reexports = reexports
  }
}
