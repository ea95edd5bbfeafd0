import Dispatch
import PythonSource

/// Read-only facts about the whole repository from a first pass (OpenRewrite `ScanningRecipe`):
/// which modules exist, who imports which name from which module, and which strings name a
/// dotted path. Shared by all files and phases of a run; never mutated after it is built, so the
/// per-file pipeline stays pure.
public struct RepositoryIndex: Sendable {
  /// One place outside a module's own file that depends on the module: an import of it (any
  /// form: `import m`, `from m import x`, `from pkg import m`, relative) or a dotted string naming
  /// it or something inside it (`mock.patch("m.x")`, `importlib.import_module("m")`).
  public struct ModuleUse: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let isString: Bool

    public var description: String { "\(path):\(line)" }

    public static func < (a: ModuleUse, b: ModuleUse) -> Bool {
      (a.path, a.line, a.isString ? 1 : 0) < (b.path, b.line, b.isString ? 1 : 0)
    }
  }

  /// "module.name" -> the first `path:line` of a file that imports `name` from `module`.
  public let importedNames: [String: String]
  /// A dotted string literal ("pkg.mod.name", e.g. a `mock.patch` target) -> first `path:line`.
  public let dottedStrings: [String: String]
  /// Module name -> path, for every module file in the repository.
  public let modules: [String: String]
  /// Module name (of a module file in `modules`) -> every use of it, sorted by path and line.
  /// Only files that were lexed (prefilter hits) contribute.
  public let moduleUses: [String: [ModuleUse]]
  /// Module name -> the modules (in `modules`) its file imports directly, each with the first
  /// `path:line` that imports it; for the cycle check of `replace-definition`.
  public let moduleImports: [String: [String: String]]
  /// "module.local" -> what a module-level `from X import y [as local]` in `module` binds, and
  /// where (`path:line`): lets a patch target that names a consumer module be traced to the
  /// object it really replaces.
  public let moduleBindings: [String: (qualifiedName: String, location: String)]

  public init(
    importedNames: [String: String] = [:], dottedStrings: [String: String] = [:], modules: [String: String] = [:],
    moduleUses: [String: [ModuleUse]] = [:], moduleImports: [String: [String: String]] = [:],
    moduleBindings: [String: (qualifiedName: String, location: String)] = [:]
  ) {
    self.moduleBindings = moduleBindings
    self.importedNames = importedNames
    self.dottedStrings = dottedStrings
    self.modules = modules
    self.moduleUses = moduleUses
    self.moduleImports = moduleImports
  }

  /// Every use of `module` outside the file at `path` (its own file).
  public func uses(of module: String, excluding path: String) -> [ModuleUse] {
    (moduleUses[module] ?? []).filter { $0.path != path }
  }

  /// Where the module `importer` imports `module` (`path:line`), if its file does so directly.
  public func importLocation(of module: String, in importer: String) -> String? {
    moduleImports[importer]?[module]
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
    let knownModules = modules
    typealias Partial = (
      imported: [(String, String)], strings: [(String, String)], uses: [(String, ModuleUse)], module: String?,
      bindings: [(String, String, String)]
    )
    let partials = ParallelMap.map(files, jobs: jobs) { file -> Partial in
      if let prefilter, !prefilter.matches(file.bytes) { return ([], [], [], nil, []) }
      let source = SourceFile(path: file.path, bytes: file.bytes)
      guard case .success(let analyzed) = AnalyzedFile.analyze(source, roots: roots) else { return ([], [], [], nil, []) }
      var imported: [(String, String)] = []
      var strings: [(String, String)] = []
      var uses: [(String, ModuleUse)] = []
      var bindings: [(String, String, String)] = []
      /// `name` and its dotted prefixes that are modules of the repository: importing `a.b.c`
      /// imports `a` and `a.b` too.
      func useModules(named name: String, line: Int, isString: Bool) {
        var prefix = name
        while true {
          if knownModules[prefix] != nil { uses.append((prefix, ModuleUse(path: file.path, line: line, isString: isString))) }
          guard let dot = prefix.lastIndex(of: ".") else { break }
          prefix = String(prefix[..<dot])
        }
      }
      for statement in analyzed.index.imports {
        let line = source.lineIndex.line(of: analyzed.tokens[analyzed.index.statements[statement.statement].first].start)
        if statement.isFrom {
          guard let module = statement.module else { continue }
          useModules(named: module, line: line, isString: false)
          for item in statement.items {
            let itemLine = source.lineIndex.line(of: analyzed.tokens[item.nameFirst].start)
            imported.append((module + "." + item.name, "\(file.path):\(itemLine)"))
            if analyzed.index.statements[statement.statement].scope == 0, let own = analyzed.moduleName {
              bindings.append((own + "." + item.localName, item.qualifiedName, "\(file.path):\(itemLine)"))
            }
            // Ex) `from pkg import module`
            if knownModules[module + "." + item.name] != nil {
              uses.append((module + "." + item.name, ModuleUse(path: file.path, line: itemLine, isString: false)))
            }
          }
        } else {
          for item in statement.items { useModules(named: item.name, line: line, isString: false) }
        }
      }
      for token in analyzed.tokens where token.kind == .string {
        guard let value = plainStringValue(token, in: source), value.contains("."), !value.contains(" "),
          value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ isIdentifierText($0) })
        else { continue }
        let line = source.lineIndex.line(of: token.start)
        strings.append((value, "\(file.path):\(line)"))
        useModules(named: value, line: line, isString: true)
      }
      return (imported, strings, uses, analyzed.moduleName, bindings)
    }
    var importedNames: [String: String] = [:]
    var dottedStrings: [String: String] = [:]
    var moduleUses: [String: Set<ModuleUse>] = [:]
    var moduleImports: [String: [String: String]] = [:]
    var moduleBindings: [String: (qualifiedName: String, location: String)] = [:]
    for partial in partials {
      for (key, qualified, location) in partial.bindings where moduleBindings[key] == nil { moduleBindings[key] = (qualified, location) }
      for (key, location) in partial.imported where importedNames[key] == nil { importedNames[key] = location }
      for (key, location) in partial.strings where dottedStrings[key] == nil { dottedStrings[key] = location }
      for (module, use) in partial.uses {
        moduleUses[module, default: []].insert(use)
        if !use.isString, let importer = partial.module, moduleImports[importer]?[module] == nil {
          moduleImports[importer, default: [:]][module] = use.description
        }
      }
    }
    return RepositoryIndex(
      importedNames: importedNames, dottedStrings: dottedStrings, modules: modules,
      moduleUses: moduleUses.mapValues { $0.sorted() }, moduleImports: moduleImports, moduleBindings: moduleBindings)
  }
}
