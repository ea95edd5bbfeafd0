import PythonSource

/// Everything a transform sees of one file: bytes, tokens, and the module's dotted name.
public struct AnalyzedFile: Sendable {
  public let source: SourceFile
  public let tokens: [Token]
  /// Dotted module name derived from the path and the codemod's roots, e.g.
  /// `netra_backend.app.websocket_core.manager`; nil when the path is not a module path.
  public let moduleName: String?
  /// True for `__init__.py`: relative imports resolve against the module itself.
  public let isPackageInit: Bool

  public init(source: SourceFile, tokens: [Token], moduleName: String?, isPackageInit: Bool) {
    self.source = source
    self.tokens = tokens
    self.moduleName = moduleName
    self.isPackageInit = isPackageInit
  }
}
