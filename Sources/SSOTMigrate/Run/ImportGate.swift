import Foundation
import PythonSource

/// The checks every phase passes before it is written: each import the phase adds or changes
/// resolves inside the repository, and the phase creates no new module-level import cycle.
///
/// ## What it does
/// Compares the import statements of every changed file before and after the phase.
/// - `from M import N` / `import M` that the phase added or changed, where `M`'s top-level
///   package belongs to the repository: `M` must exist (a `.py` file, a package `__init__.py` or a
///   namespace directory) and define or re-export `N` at top level (class, def, assignment,
///   import, `__all__`), or `M.N` must be a submodule. Third-party and stdlib modules are not
///   judged; a module with `from X import *` or a module-level `__getattr__` accepts every name.
/// - The graph of module-level imports (function-local imports and `if TYPE_CHECKING:` blocks
///   excluded): a cycle after the phase whose modules were not already one strongly connected
///   component before it is new, and is reported as a chain `a (path:line) -> b (path:line) -> a`.
///
/// Module files are read lazily: from the phase's outputs, the workspace's current bytes, or,
/// for files the workspace did not keep, from disk under `root`.
public final class ImportGate {
  public static let unresolvedRule = "unresolved-import"
  public static let cycleRule = "new-import-cycle"

  enum State { case before, after }

  struct Analyzed {
    let source: SourceFile
    let tokens: [Token]
    let index: ModuleIndex
  }

  /// What the checks need of a file's imports, kept instead of its analysis (tokens and index
  /// of hundreds of files would cost more memory than the whole engine).
  struct ImportSummary: Sendable {
    struct Item: Sendable {
      let name: String
      let offset: Int
    }

    struct Entry: Sendable {
      let isFrom: Bool
      let module: String?
      let isStar: Bool
      /// Offset of the module name (or the `import` keyword when there is none).
      let moduleOffset: Int
      let items: [Item]
      /// At module level and not under `if TYPE_CHECKING:`: runs when the module is imported.
      let runsAtImport: Bool
      let line: Int
    }

    let entries: [Entry]

    /// One imported thing: `from module import name` (`*` for a star import) or `import name`
    /// (module nil). Two strings, not one joined key: no allocation per comparison.
    struct Key: Hashable {
      let module: String?
      let name: String
    }

    var keys: Set<Key> {
      var keys: Set<Key> = []
      // Sized once: a set grown one insert at a time rehashes every key at each doubling.
      keys.reserveCapacity(entries.reduce(0) { $0 + $1.items.count + 1 })
      for entry in entries {
        if entry.isFrom {
          guard let module = entry.module else { continue }
          if entry.isStar { keys.insert(Key(module: module, name: "*")) }
          for item in entry.items { keys.insert(Key(module: module, name: item.name)) }
        } else {
          for item in entry.items { keys.insert(Key(module: nil, name: item.name)) }
        }
      }
      return keys
    }

    /// True when `self` (a file's imports after a phase) imports nothing `before` did not, and
    /// at import time nothing `before` imported only later: the phase gave the file no import
    /// to resolve and no edge that could close a cycle.
    func importsNothingNew(since before: ImportSummary) -> Bool {
      let atImport = { (summary: ImportSummary) in ImportSummary(entries: summary.entries.filter(\.runsAtImport)).keys }
      return keys.isSubset(of: before.keys) && atImport(self).isSubset(of: atImport(before))
    }

    static func of(path: String, bytes: [UInt8], roots: [String]) -> ImportSummary? {
      guard let file = ImportGate.analyze(path, bytes, roots: roots, full: false) else { return nil }
      return ImportSummary(source: file.source, tokens: file.tokens, index: file.index)
    }

    init(entries: [Entry]) {
      self.entries = entries
    }

    init(source: SourceFile, tokens: [Token], index: ModuleIndex) {
      var lines = LineCounter(source.bytes)
      self.init(tokens: tokens, index: index, statementLines: index.imports.map { lines.line(of: tokens[index.statements[$0.statement].first].start) })
    }

    /// `statementLines`: the line of each of `index.imports`, when the caller has counted them.
    init(tokens: [Token], index: ModuleIndex, statementLines: [Int]) {
      // The imports are read in place: `zip(...).map` copied every statement (and retained
      // each of its strings) to build an entry from a few of its fields.
      let imports = index.imports
      var entries: [Entry] = []
      entries.reserveCapacity(min(imports.count, statementLines.count))
      for i in 0..<min(imports.count, statementLines.count) {
        let statement = imports[i].statement
        let s = index.statements[statement]
        var items: [Item] = []
        items.reserveCapacity(imports[i].items.count)
        for k in imports[i].items.indices {
          items.append(Item(name: imports[i].items[k].name, offset: tokens[imports[i].items[k].nameFirst].start))
        }
        entries.append(
          Entry(
            isFrom: imports[i].isFrom, module: imports[i].module, isStar: imports[i].isStar,
            moduleOffset: tokens[imports[i].moduleFirst ?? imports[i].importKeyword].start, items: items,
            runsAtImport: s.scope == 0 && !index.isTypeCheckingOnly(statement), line: statementLines[i]))
      }
      self.entries = entries
    }
  }

  /// One module-level import edge: the imported module and where (`line` of the statement).
  struct Edge {
    let target: String
    let line: Int
  }

  let root: String
  let roots: [String]
  /// Module name -> path, over every Python file of the run.
  let modules: [String: String]
  /// Dotted prefixes of module names: packages, regular or namespace.
  let packages: Set<String>
  /// The repository's module map, and the same after the phase's deletions (`check`).
  let table: ModuleTable
  private var modulesAfter: [String: String]
  let current: [String: [UInt8]]
  /// The repository index of the current bytes, and of the phase's outputs (`check(_:after:)`):
  /// their facts hold the import summaries of the files they scanned.
  private let index: RepositoryIndex?
  private var afterIndex: RepositoryIndex?
  private var outputs: [String: [UInt8]] = [:]
  private var deleted: Set<String> = []
  private var diskBytes: [String: [UInt8]?] = [:]
  private var diskModules: [String: String?] = [:]
  /// Directories on disk that are namespace packages (or not), by module name.
  private var diskPackages: [String: Bool] = [:]
  /// Per top-level name: whether the repository has it (then its imports are judged).
  private var topLevelInRepository: [String: Bool] = [:]
  private var summaries: [String: ImportSummary?] = [:]
  /// What the checks keep of files that are not the phase's own: import edges and top-level
  /// names, not whole analyses (the walk for cycles can reach most of a repository).
  private var edgesCache: [String: [Edge]] = [:]
  private var namesCache: [String: Set<String>?] = [:]

  /// `current` holds the workspace's bytes before the phase (files it did not keep are read from
  /// disk); `allPaths` every Python file of the repository, relative to `root` (or `modules`,
  /// the table built from them); `index` the repository index of `current`, if any.
  public init(
    root: String, roots: [String], allPaths: [String], current: [(path: String, bytes: [UInt8])], modules table: ModuleTable? = nil,
    index: RepositoryIndex? = nil
  ) {
    self.root = root
    self.roots = roots
    let table = table ?? ModuleTable(allPaths: allPaths, roots: roots)
    self.table = table
    self.modules = table.modules
    self.modulesAfter = table.modules
    self.packages = table.packages
    var bytes: [String: [UInt8]] = [:]
    for file in current { bytes[file.path] = file.bytes }
    self.current = bytes
    self.index = index
  }

  /// The import summary the index already holds for `path` in `state`: `.some(nil)` for a file
  /// that does not lex; nil when the index did not scan the file.
  private func indexedSummary(_ path: String, _ state: State) -> ImportSummary?? {
    if state == .after && deleted.contains(path) { return nil }
    let source = state == .after && outputs[path] != nil ? afterIndex : index
    guard let facts = source?.facts[path] else { return nil }
    return .some(facts.imports)
  }

  /// The gate's findings for a phase whose changed files are `changed` (rule `unresolved-import`
  /// or `new-import-cycle`, severity error), sorted.
  /// `after`: the repository index of the workspace with `changed` applied, when the caller has
  /// it (its facts spare the gate a scan of each changed file).
  /// `judgingEveryImporter`: also imports the phase did not add, in any file, that no longer
  /// resolve (`brokenImports`), for a tree where only some of a phase's files change (a run
  /// given PATHs writes only theirs). Over a whole phase the transforms keep what other files
  /// import, and the check would cost an analysis of every changed module others import.
  public func check(_ changed: [FileResult], after: RepositoryIndex? = nil, judgingEveryImporter: Bool = false) -> [Finding] {
    afterIndex = after
    outputs = [:]
    deleted = []
    summaries = summaries.filter { !$0.key.hasPrefix("after:") }
    edgesCache = edgesCache.filter { !$0.key.hasPrefix("after:") }
    namesCache = [:]
    topLevelInRepository = [:]
    for result in changed where result.outcome == .changed {
      if result.deleted { deleted.insert(result.path) } else { outputs[result.path] = result.output }
    }
    // Where `a/b/__init__.py` goes and `a/b.py` stays, `a.b` is that file after the phase.
    modulesAfter = table.removing(deleted).modules
    // The phase's own files are analysed before and after, in parallel; the rest is lazy.
    let own = changed.filter { $0.outcome == .changed && !$0.deleted }
    let roots = self.roots
    // Summaries the indexes hold are taken as they are; the rest are scanned in parallel.
    var work: [(path: String, bytes: [UInt8], key: String)] = []
    for result in own {
      if let before = current[result.path] {
        if let known = indexedSummary(result.path, .before) { summaries["now:" + result.path] = known } else { work.append((result.path, before, "now:" + result.path)) }
      }
      if let known = indexedSummary(result.path, .after) { summaries["after:" + result.path] = known } else { work.append((result.path, result.output, "after:" + result.path)) }
    }
    let scanned = ParallelMap.map(work, jobs: ProcessInfo.processInfo.activeProcessorCount) { item in
      (item.key, ImportSummary.of(path: item.path, bytes: item.bytes, roots: roots))
    }
    for (key, summary) in scanned { summaries[key] = summary }
    var findings: [Finding] = []
    for result in changed.sorted(by: { $0.path < $1.path }) where result.outcome == .changed && !result.deleted {
      findings += unresolvedImports(path: result.path)
    }
    if judgingEveryImporter { findings += brokenImports(changed: changed.filter { $0.outcome == .changed }.map(\.path)) }
    findings += newCycles(changed: changed.filter { $0.outcome == .changed }.map(\.path).sorted())
    return findings.sorted()
  }

  // MARK: - Files and modules

  private func bytes(of path: String, _ state: State) -> [UInt8]? {
    if state == .after {
      if deleted.contains(path) { return nil }
      if let output = outputs[path] { return output }
    }
    if let bytes = current[path] { return bytes }
    if let cached = diskBytes[path] { return cached }
    let read = try? AtomicWriter.readBytes(root + "/" + path)
    diskBytes[path] = read
    return read
  }

  private func key(_ path: String, _ state: State) -> String {
    (state == .after && (outputs[path] != nil || deleted.contains(path)) ? "after:" : "now:") + path
  }

  /// The full analysis of a file (top-level names need bindings); not cached.
  private func analyzed(_ path: String, _ state: State) -> Analyzed? {
    bytes(of: path, state).flatMap { Self.analyze(path, $0, roots: roots, full: true) }
  }

  /// The import summary of a file, cached (it is small).
  private func summary(_ path: String, _ state: State) -> ImportSummary? {
    let key = key(path, state)
    if let cached = summaries[key] { return cached }
    let result = indexedSummary(path, state) ?? bytes(of: path, state).flatMap { ImportSummary.of(path: path, bytes: $0, roots: roots) }
    summaries[key] = result
    return result
  }

  static func analyze(_ path: String, _ bytes: [UInt8], roots: [String], full: Bool) -> Analyzed? {
    let lexed = PythonLexer.tokenize(bytes)
    guard lexed.error == nil else { return nil }
    let source = SourceFile(path: path, bytes: bytes)
    let module = ModulePath.moduleName(of: path, roots: roots)
    let index = ModuleIndex(
      file: source, tokens: lexed.tokens, moduleName: module?.name, isPackageInit: module?.isPackageInit ?? false, full: full)
    return Analyzed(source: source, tokens: lexed.tokens, index: index)
  }

  /// The file of module `name`, if it has one in `state` (namespace packages have none).
  func modulePath(_ name: String, _ state: State) -> String? {
    var path = state == .after ? modulesAfter[name] : modules[name]
    if path == nil {
      // Files outside the paths of the run (e.g. `ssot-migrate some/dir`) are looked up on disk.
      if let cached = diskModules[name] {
        path = cached
      } else {
        var found: String? = nil
        for r in roots {
          for candidate in ModulePath.candidatePaths(of: name, root: r).reversed() where FileManager.default.fileExists(atPath: root + "/" + candidate) {
            found = candidate
          }
          if found != nil { break }
        }
        diskModules[name] = found
        path = found
      }
    }
    if let path, state == .after, deleted.contains(path) { return nil }
    return path
  }

  func moduleExists(_ name: String, _ state: State) -> Bool {
    if modulePath(name, state) != nil || packages.contains(name) { return true }
    if let known = diskPackages[name] { return known }
    // Asked once per imported name and phase (`typing`, `pkg.mod.Name`): the answer is cached,
    // not a stat per question.
    let relative = name.split(separator: ".").joined(separator: "/")
    let exists = roots.contains { r in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: root + "/" + (r.isEmpty ? "" : r + "/") + relative, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }
    diskPackages[name] = exists
    return exists
  }

  /// True when the module's top-level package belongs to the repository (else: third-party or
  /// stdlib, not judged).
  func isInRepository(_ name: String) -> Bool {
    let top = name.utf8.firstIndex(of: UInt8(ascii: ".")).map { String(name[..<$0]) } ?? name
    if let known = topLevelInRepository[top] { return known }
    let answer = moduleExists(top, .before) || moduleExists(top, .after)
    topLevelInRepository[top] = answer
    return answer
  }

  /// Top-level names module `name` defines or re-exports in `state`; nil when any name may
  /// exist (star import, module `__getattr__`, a file that does not lex).
  func topLevelNames(of name: String, _ state: State = .after) -> Set<String>? {
    guard let path = modulePath(name, state) else { return [] }
    let key = key(path, state)
    if let cached = namesCache[key] { return cached }
    var names: Set<String>? = nil
    if let file = analyzed(path, state) {
      let index = file.index
      let open = index.bindings[0]["__getattr__"] != nil
        || index.imports.contains(where: { $0.isStar && index.statements[$0.statement].scope == 0 })
      names = open ? nil : Set(index.bindings[0].keys).union(index.allNames.keys)
    }
    namesCache[key] = names
    return names
  }

  // MARK: - Imports resolve



  private func unresolvedImports(path: String) -> [Finding] {
    guard let after = summary(path, .after), let afterBytes = bytes(of: path, .after) else { return [] }
    let before = summary(path, .before)?.keys ?? []
    let source = SourceFile(path: path, bytes: afterBytes)
    var findings: [Finding] = []
    func report(_ offset: Int, name: String, module: String, missing: String, in owner: String) {
      findings.append(
        Finding(
          source, at: offset, rule: Self.unresolvedRule,
          "import of \(name) from \(module) does not resolve: \(owner) has no \(missing)", severity: .error))
    }
    /// The deepest existing package of a missing module, and the component it lacks.
    func missingPart(_ module: String) -> (owner: String, missing: String) {
      var owner = module
      var missing = module
      while let dot = owner.lastIndex(of: ".") {
        missing = String(owner[owner.index(after: dot)...])
        owner = String(owner[..<dot])
        if moduleExists(owner, .after) { break }
      }
      return (owner, missing)
    }
    for statement in after.entries {
      if statement.isFrom {
        guard let module = statement.module, isInRepository(module) else { continue }
        let items = statement.items.filter { !before.contains(ImportSummary.Key(module: module, name: $0.name)) }
        let fresh = !items.isEmpty || (statement.isStar && !before.contains(ImportSummary.Key(module: module, name: "*")))
        guard fresh else { continue }
        if !moduleExists(module, .after) {
          let (owner, missing) = missingPart(module)
          if items.isEmpty {
            report(statement.moduleOffset, name: "*", module: module, missing: missing, in: owner)
          }
          for item in items { report(item.offset, name: item.name, module: module, missing: missing, in: owner) }
          continue
        }
        guard !items.isEmpty else { continue }
        let names = topLevelNames(of: module)
        for item in items {
          if moduleExists(module + "." + item.name, .after) { continue }
          if let names, !names.contains(item.name) {
            report(item.offset, name: item.name, module: module, missing: item.name, in: module)
          }
        }
      } else {
        for item in statement.items where !before.contains(ImportSummary.Key(module: nil, name: item.name)) && isInRepository(item.name) {
          guard !moduleExists(item.name, .after), item.name.contains(".") else { continue }
          let (owner, missing) = missingPart(item.name)
          report(item.offset, name: missing, module: owner, missing: missing, in: owner)
        }
      }
    }
    return findings
  }

  // MARK: - Imports of what the phase takes away

  /// Imports that resolved before the phase and do not after it, though the phase did not add
  /// them: a changed module no longer binds the imported name, or a deleted module is still
  /// imported. A run that writes only its PATHs leaves the other files' imports as they were,
  /// and an edit of a PATH file can break them. Importers are the files the index scanned
  /// (those that spell a trigger: the only names transforms take away).
  private func brokenImports(changed: [String]) -> [Finding] {
    var changedModules: [String: String] = [:]
    var deletedModules: Set<String> = []
    for path in changed {
      guard let module = ModulePath.moduleName(of: path, roots: roots)?.name, modulePath(module, .before) == path else { continue }
      changedModules[module] = path
      if deleted.contains(path) { deletedModules.insert(module) }
    }
    if changedModules.isEmpty { return [] }
    let importers = (afterIndex ?? index).map { Array($0.facts.keys) } ?? Array(current.keys)
    var findings: [Finding] = []
    for path in importers where !deleted.contains(path) {
      guard let imports = indexedSummary(path, .after) ?? summary(path, .after) else { continue }
      // What a changed file imports anew, `unresolvedImports` judges.
      let before = outputs[path] == nil ? nil : summary(path, .before)?.keys
      var source: SourceFile? = nil
      func report(_ offset: Int, _ message: String) {
        if source == nil { source = bytes(of: path, .after).map { SourceFile(path: path, bytes: $0) } }
        guard let source else { return }
        findings.append(Finding(source, at: offset, rule: Self.unresolvedRule, message, severity: .error))
      }
      for entry in imports.entries {
        if entry.isFrom {
          guard let module = entry.module else { continue }
          let moduleChanged = changedModules[module]
          if entry.isStar, let file = moduleChanged, deletedModules.contains(module), file != path,
            before?.contains(ImportSummary.Key(module: module, name: "*")) ?? true
          {
            report(entry.moduleOffset, Self.deletedMessage(name: "*", module: module, file: file))
          }
          for item in entry.items {
            // `from pkg import sub`: a submodule the phase deleted.
            let submodule = deletedModules.isEmpty ? nil : changedModules[module + "." + item.name]
            guard let file = moduleChanged ?? submodule, file != path else { continue }
            guard before?.contains(ImportSummary.Key(module: module, name: item.name)) ?? true else { continue }
            guard !resolves(module, item.name, .after), resolves(module, item.name, .before) else { continue }
            let message =
              deleted.contains(file)
              ? Self.deletedMessage(name: item.name, module: module, file: file)
              : "import of \(item.name) from \(module) does not resolve after this phase: its edit of \(file) leaves \(module) without \(item.name)"
            report(item.offset, message)
          }
        } else if !deletedModules.isEmpty {
          // `import a.b.c` needs every package on the way.
          for item in entry.items where before?.contains(ImportSummary.Key(module: nil, name: item.name)) ?? true {
            var prefix = ""
            for part in item.name.split(separator: ".") {
              prefix += prefix.isEmpty ? String(part) : "." + part
              guard deletedModules.contains(prefix), let file = changedModules[prefix], file != path else { continue }
              if !moduleExists(item.name, .after) && moduleExists(item.name, .before) {
                report(item.offset, Self.deletedMessage(name: item.name, module: nil, file: file))
              }
              break
            }
          }
        }
      }
    }
    return findings
  }

  /// Whether `from module import name` finds `name` in `state`: a submodule, or a top-level name
  /// of the module.
  private func resolves(_ module: String, _ name: String, _ state: State) -> Bool {
    if moduleExists(module + "." + name, state) { return true }
    guard moduleExists(module, state) else { return false }
    return topLevelNames(of: module, state).map { $0.contains(name) } ?? true
  }

  private static func deletedMessage(name: String, module: String?, file: String) -> String {
    let what = module.map { "import of \(name) from \($0)" } ?? "import of \(name)"
    return "\(what) does not resolve after this phase: it deletes \(file)"
  }

  // MARK: - No new cycle

  /// Module-level imports of module `name` in `state`: targets that are module files of the
  /// repository, first line each.
  func edges(of name: String, _ state: State) -> [Edge] {
    guard let path = modulePath(name, state) else { return [] }
    let cacheKey = key(path, state) + "|" + name
    if let cached = edgesCache[cacheKey] { return cached }
    let result = computeEdges(of: name, path: path, state)
    edgesCache[cacheKey] = result
    return result
  }

  private func computeEdges(of name: String, path: String, _ state: State) -> [Edge] {
    guard let file = summary(path, state) else { return [] }
    var result: [Edge] = []
    var seen: Set<String> = []
    seen.reserveCapacity(file.entries.reduce(1) { $0 + $1.items.count + 1 })
    seen.insert(name)
    func add(_ target: String, _ line: Int) {
      guard modulePath(target, state) != nil, seen.insert(target).inserted else { return }
      result.append(Edge(target: target, line: line))
    }
    for entry in file.entries where entry.runsAtImport {
      if entry.isFrom {
        // A module whose top-level package is not the repository's (stdlib, third party) has no
        // file here, nor has any submodule of it: one cached question instead of a lookup of
        // every `module.name`.
        guard let module = entry.module, isInRepository(module) else { continue }
        // One lookup of the module serves its edge and the test below.
        let moduleFile = modulePath(module, state)
        if moduleFile != nil, seen.insert(module).inserted { result.append(Edge(target: module, line: entry.line)) }
        // `from pkg import sub` imports the submodule; a plain module file has none, so its
        // names need no lookup each.
        if let file = moduleFile, !packages.contains(module), file != "__init__.py", !file.hasSuffix("/__init__.py") {
          continue
        }
        for item in entry.items { add(module + "." + item.name, entry.line) }
      } else {
        for item in entry.items where isInRepository(item.name) { add(item.name, entry.line) }
      }
    }
    return result
  }

  private func newCycles(changed: [String]) -> [Finding] {
    // A new cycle needs a new edge, and new edges only leave changed files.
    var newEdges: [(source: String, edge: Edge)] = []
    for path in changed where !deleted.contains(path) {
      guard let module = ModulePath.moduleName(of: path, roots: roots)?.name, modulePath(module, .after) == path else { continue }
      let before = Set(edges(of: module, .before).map(\.target))
      for edge in edges(of: module, .after) where !before.contains(edge.target) { newEdges.append((module, edge)) }
    }
    if newEdges.isEmpty { return [] }
    // A new edge s -> t closes a cycle only if t reaches s, so the modules reachable from the
    // targets (in either graph) are all the graph that matters: a source t does not reach stays
    // out and cannot be in a cycle with it. The cone of the canonical modules is small; the
    // sources' own dependencies (often most of a repository) are never read.
    var nodes: [String] = []
    var seen: Set<String> = []
    var work = newEdges.map { $0.edge.target }
    var afterEdges: [String: [Edge]] = [:]
    var beforeEdges: [String: [Edge]] = [:]
    while let node = work.popLast() {
      guard seen.insert(node).inserted else { continue }
      nodes.append(node)
      let a = edges(of: node, .after)
      let b = edges(of: node, .before)
      afterEdges[node] = a
      beforeEdges[node] = b
      work += a.map(\.target) + b.map(\.target)
    }
    nodes.sort()
    let after = StronglyConnectedComponents.components(of: nodes) { (afterEdges[$0] ?? []).map(\.target) }
    let before = StronglyConnectedComponents.components(of: nodes) { (beforeEdges[$0] ?? []).map(\.target) }
    var reported: Set<Int> = []
    var findings: [Finding] = []
    for (source, edge) in newEdges {
      guard let component = after[source], after[edge.target] == component, before[source] != before[edge.target],
        reported.insert(component).inserted
      else { continue }
      let chain = cycleChain(from: source, via: edge, component: component, components: after, edges: afterEdges)
      let path = modulePath(source, .after)!
      findings.append(
        Finding(
          path: path, line: edge.line, column: 1, rule: Self.cycleRule,
          message: "import of \(edge.target) creates a new import cycle: \(chain)", severity: .error))
    }
    return findings
  }

  /// `source (path:line) -> target (path:line) -> ... -> source`, the shortest way back from
  /// `edge.target` to `source` inside their component.
  /// Import cycles that already exist among the repository's modules (module-level imports
  /// only), each as a chain `a (path:line) -> b (path:line) -> a`, sorted; for `discover`.
  /// Reads every module's imports once (a light scan).
  /// `through`: only cycles with a module in those files.
  public func existingCycles(through filter: PathFilter = .everything) -> [String] {
    outputs = [:]
    deleted = []
    modulesAfter = modules
    let nodes = modules.keys.sorted()
    var edges: [String: [Edge]] = [:]
    for node in nodes { edges[node] = self.edges(of: node, .before) }
    let components = StronglyConnectedComponents.components(of: nodes) { (edges[$0] ?? []).map(\.target) }
    var members: [Int: [String]] = [:]
    for node in nodes { if let c = components[node] { members[c, default: []].append(node) } }
    var chains: [String] = []
    for (component, modules) in members where modules.count > 1 && modules.contains(where: { filter.includes(modulePath($0, .before) ?? "") }) {
      let source = modules.min()!
      guard let edge = edges[source]?.first(where: { components[$0.target] == component }) else { continue }
      chains.append(cycleChain(from: source, via: edge, component: component, components: components, edges: edges))
    }
    return chains.sorted()
  }

  private func cycleChain(from source: String, via edge: Edge, component: Int, components: [String: Int], edges: [String: [Edge]]) -> String {
    var previous: [String: (String, Edge)] = [:]
    var queue = [edge.target]
    var head = 0
    var visited: Set<String> = [edge.target]
    while head < queue.count, previous[source] == nil {
      let node = queue[head]
      head += 1
      for next in edges[node] ?? [] where components[next.target] == component && visited.insert(next.target).inserted {
        previous[next.target] = (node, next)
        queue.append(next.target)
      }
    }
    var links: [(String, Edge)] = []
    var node = source
    while let (from, step) = previous[node] {
      links.append((from, step))
      node = from
      if node == edge.target { break }
    }
    links.append((source, edge))
    links.reverse()
    var text = ""
    for (module, step) in links {
      text += "\(module) (\(modulePath(module, .after) ?? "?"):\(step.line)) -> "
    }
    return text + source
  }
}
