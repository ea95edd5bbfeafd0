import Dispatch
import PythonSource

/// Read-only facts about the whole repository from a first pass (OpenRewrite `ScanningRecipe`):
/// which modules exist, who imports which name from which module, and which strings name a
/// dotted path. Shared by all files and phases of a run; never mutated after it is built, so the
/// per-file pipeline stays pure.
public struct RepositoryIndex: Sendable {
  /// "module.name" -> the first `path:line` of a file that imports `name` from `module`.
  public let importedNames: [String: String]
  /// A dotted string literal ("pkg.mod.name", e.g. a `mock.patch` target) -> first `path:line`.
  public let dottedStrings: [String: String]
  /// Module name -> path, for every module file in the repository.
  public let modules: [String: String]
  /// "module.local" -> what a module-level `from X import y [as local]` in `module` binds, and
  /// where (`path:line`): lets a patch target that names a consumer module be traced to the
  /// object it really replaces.
  public let moduleBindings: [String: (qualifiedName: String, location: String)]

  public init(
    importedNames: [String: String] = [:], dottedStrings: [String: String] = [:], modules: [String: String] = [:],
    moduleBindings: [String: (qualifiedName: String, location: String)] = [:]
  ) {
    self.importedNames = importedNames
    self.dottedStrings = dottedStrings
    self.modules = modules
    self.moduleBindings = moduleBindings
  }

  public static let empty = RepositoryIndex()

  /// Where another file imports `name` from `module`, or a string names `module.name`
  /// (`path:line`), if anywhere.
  public func importer(of name: String, from module: String) -> String? {
    importedNames[module + "." + name] ?? dottedStrings[module + "." + name]
  }

  /// Indexes `files`. Only files that spell one of `interesting` (when given) are lexed: the
  /// facts are only consulted for the names transforms touch.
  public static func build(files: [(path: String, bytes: [UInt8])], roots: [String], interesting: [String]? = nil, jobs: Int = 1) -> RepositoryIndex {
    let prefilter = interesting.map { Prefilter(triggers: $0) }
    var modules: [String: String] = [:]
    for (path, _) in files {
      if let module = ModulePath.moduleName(of: path, roots: roots) { modules[module.name] = path }
    }
    typealias Partial = (imported: [(String, String)], strings: [(String, String)], bindings: [(String, String, String)])
    let partials = ParallelMap.map(files, jobs: jobs) { file -> Partial in
      if let prefilter, !prefilter.matches(file.bytes) { return ([], [], []) }
      let source = SourceFile(path: file.path, bytes: file.bytes)
      guard case .success(let analyzed) = AnalyzedFile.analyze(source, roots: roots) else { return ([], [], []) }
      var imported: [(String, String)] = []
      var strings: [(String, String)] = []
      var bindings: [(String, String, String)] = []
      for statement in analyzed.index.imports where statement.isFrom {
        guard let module = statement.module else { continue }
        let topLevel = analyzed.index.statements[statement.statement].scope == 0
        for item in statement.items {
          let line = source.lineIndex.line(of: analyzed.tokens[item.nameFirst].start)
          imported.append((module + "." + item.name, "\(file.path):\(line)"))
          if topLevel, let own = analyzed.moduleName {
            bindings.append((own + "." + item.localName, item.qualifiedName, "\(file.path):\(line)"))
          }
        }
      }
      for token in analyzed.tokens where token.kind == .string {
        guard let value = plainStringValue(token, in: source), value.contains("."), !value.contains(" "),
          value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ isIdentifierText($0) })
        else { continue }
        strings.append((value, "\(file.path):\(source.lineIndex.line(of: token.start))"))
      }
      return (imported, strings, bindings)
    }
    var importedNames: [String: String] = [:]
    var dottedStrings: [String: String] = [:]
    var moduleBindings: [String: (qualifiedName: String, location: String)] = [:]
    for partial in partials {
      for (key, location) in partial.imported where importedNames[key] == nil { importedNames[key] = location }
      for (key, location) in partial.strings where dottedStrings[key] == nil { dottedStrings[key] = location }
      for (key, qualified, location) in partial.bindings where moduleBindings[key] == nil { moduleBindings[key] = (qualified, location) }
    }
    return RepositoryIndex(importedNames: importedNames, dottedStrings: dottedStrings, modules: modules, moduleBindings: moduleBindings)
  }
}
