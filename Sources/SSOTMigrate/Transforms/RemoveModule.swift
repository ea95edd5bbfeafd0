import PythonSource

/// ## What it does
/// Deletes the file of `module` once nothing in the repository uses it any more: no other file
/// imports it (`import m`, `import m as x`, `from m import x`, `from pkg import m`, relative
/// forms) and no string names it or something inside it (`mock.patch("m.create")`,
/// `importlib.import_module("m")`).
///
/// ## Why
/// A deprecated module that is kept "just in case" keeps attracting new users; deleting it is the
/// last step of a migration, but only safe when the scan proves it unused.
///
/// ## Example
/// ```json
/// { "kind": "remove-module", "id": "remove-factory-module", "module": "app.websocket_manager_factory" }
/// ```
/// ## Rewritten to
/// `app/websocket_manager_factory.py` is deleted (the file's `FileResult` has `deleted` set).
///
/// ## Not rewritten, reported instead
/// While anything still uses the module, nothing is deleted and every remaining user is reported
/// on the module file, one `module-still-used` finding each, naming the user's `path:line`. The
/// facts come from the repository index built before the phase runs (OpenRewrite's
/// `ScanningRecipe`), so users rewritten by the same phase are still reported until the next run.
public struct RemoveModule: Transform {
  public struct Spec: Decodable, Sendable {
    public let module: String

    enum CodingKeys: String, CodingKey { case module }

    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["module"])
      module = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .module)
    }
  }

  public static let kind = "remove-module"
  public let id: String
  public let module: String
  /// Any user of the module spells its last component (`import a.m`, `from a import m`,
  /// `from .m import x`, `"a.m.x"`): those files must be in the repository index.
  public let triggers: [String]
  public var targetModules: [String] { [module] }
  /// Its triggers bring every user of the module into the index; only the module's own file is
  /// ever deleted or reported on.
  public var modulesActedOn: Set<String>? { [module] }
  /// Judged after the phase's other edits: a test the same phase migrates off the module no
  /// longer counts as a user.
  public var runsAfterPhaseEdits: Bool { true }

  public init(id: String, spec: Spec, keyPath: String) throws {
    self.id = id
    try validateQualifiedName(spec.module, keyPath: keyPath + ".module")
    module = spec.module
    triggers = [String(spec.module.split(separator: ".").last!)]
  }

  // MARK: - Apply

  public func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput {
    guard file.moduleName == module else { return TransformOutput() }
    let uses = context.repository.uses(of: module, excluding: file.source.path)
    // Ex) nothing imports or names it any more: delete.
    guard !uses.isEmpty else { return TransformOutput(deleteFile: true) }
    // Ex) `from app import websocket_manager_factory` somewhere, or `patch("app.websocket_manager_factory.x")`.
    let findings = uses.map { use in
      Finding(path: file.source.path, line: 1, column: 1, rule: "module-still-used", message: Message.stillUsed(module, by: use), transform: id)
    }
    return TransformOutput(findings: findings)
  }
}

/// The messages this transform reports.
private enum Message {
  static func stillUsed(_ module: String, by use: RepositoryIndex.ModuleUse) -> String {
    use.isString
      ? "\(use) names \(module) in a string (a patch or import target); module not removed"
      : "\(use) still imports \(module); module not removed"
  }
}
