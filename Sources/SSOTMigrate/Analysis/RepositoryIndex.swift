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

  /// A place in the repository, printed `path:line` only when a finding needs it.
  public struct Location: Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public var description: String { "\(path):\(line)" }
  }

  /// `module` and a name in it: a key that costs no allocation (no joined "module.name").
  struct QualifiedKey: Hashable, Sendable {
    let module: String
    let name: String
  }

  /// One file's first line with a key: `rank` is the file's index in `paths`.
  struct Occurrence: Sendable, Equatable {
    let rank: Int32
    let line: Int32
  }

  /// The maps `importer(of:from:)` reads.
  struct Maps: Sendable {
    /// (module, name) -> every file that imports `name` from `module`, by path, with its first
    /// line doing so. The whole list, not only its head, so that a phase's update can drop a
    /// changed file's entries and add its new ones without going over the other files.
    let importedNames: [QualifiedKey: [Occurrence]]
    /// A dotted string literal ("pkg.mod.name", e.g. a `mock.patch` target) -> its files, the
    /// same.
    let dottedStrings: [String: [Occurrence]]
  }

  /// The maps are built (or updated) on a thread of their own: the next phase's workers start
  /// at once, and only a transform that asks `importer(of:from:)` before they are done waits.
  /// Their aggregation used to hold both cores for several milliseconds after every phase.
  private let maps: BackgroundJob<Maps>
  var importedNames: [QualifiedKey: [Occurrence]] { maps.value().importedNames }
  var dottedStrings: [String: [Occurrence]] { maps.value().dottedStrings }
  /// Module name -> path, for every module file in the repository (`table.modules`).
  public let modules: [String: String]
  /// The repository's module map, updated as phases delete files.
  public let table: ModuleTable
  /// The re-export tables asked of this index, by the names they follow: each phase's pipeline
  /// (and its re-runs) asks for the same one.
  private let reexportTables = ReexportTableCache()

  /// The repository's re-exports of `names` (built on first use, then shared).
  public func reexports(of names: ReexportTable.Names) -> ReexportTable {
    if names.followed.isEmpty { return .empty }
    return reexportTables.table(for: names) { ReexportTable(facts: facts, modules: modules, names: names) }
  }

  public init() {
    maps = BackgroundJob(finished: Maps(importedNames: [:], dottedStrings: [:]))
    table = ModuleTable(allPaths: [], roots: [""])
    modules = [:]
    facts = [:]
    paths = []
    roots = [""]
    prefilter = nil
  }

  init(
    maps: BackgroundJob<Maps>, table: ModuleTable, facts: [String: FileFacts], paths: [String], roots: [String], prefilter: Prefilter?
  ) {
    self.maps = maps
    self.table = table
    self.modules = table.modules
    self.facts = facts
    self.paths = paths
    self.roots = roots
    self.prefilter = prefilter
  }

  /// Every use of `module` outside the file at `path` (its own file), sorted by path and line:
  /// an import of it or of something inside it (`import m.sub`, `from m import x`, `from pkg
  /// import m`), or a dotted string naming it or something inside it. Only files that were
  /// lexed (prefilter hits) contribute.
  ///
  /// Computed on demand from the files' facts: a transform asks this of one module or two per
  /// run, while a map of every module's uses would be rebuilt after every phase.
  public func uses(of module: String, excluding path: String) -> [ModuleUse] {
    guard modules[module] != nil else { return [] }
    var found: [ModuleUse] = []
    // The uses `forEachModuleUse` lists, tested against one module without building the
    // `pkg.name` string of every imported name and looking it up: `from pkg import m` uses
    // `module` exactly when `pkg.m` spells it (and `module` is a module, checked above).
    // Repeated uses of a statement's module collapse in `sortedUnique`.
    // Every file's facts are read in place, field by field: copying each file's facts and
    // imports retained and released all of their strings.
    let (files, all) = (facts.keys, facts.values)
    for f in all.indices where files[f] != path {
      let fromImports = all[f].fromImports
      for k in fromImports.indices {
        if Self.name(fromImports[k].module, isInside: module) {
          found.append(ModuleUse(path: files[f], line: fromImports[k].statementLine, isString: false))
        }
        if fromImports[k].name != "*" && Self.dotted(fromImports[k].module, fromImports[k].name, spells: module) {
          found.append(ModuleUse(path: files[f], line: fromImports[k].line, isString: false))
        }
      }
      let moduleImports = all[f].moduleImports
      for k in moduleImports.indices where Self.name(moduleImports[k].name, isInside: module) {
        found.append(ModuleUse(path: files[f], line: moduleImports[k].line, isString: false))
      }
      let strings = all[f].strings
      for k in strings.indices where Self.name(strings[k].value, isInside: module) {
        found.append(ModuleUse(path: files[f], line: strings[k].line, isString: true))
      }
    }
    return found.sortedUnique()
  }

  /// True when `head + "." + tail == name`, compared without building the joined string.
  static func dotted(_ head: String, _ tail: String, spells name: String) -> Bool {
    let h = head.utf8
    let t = tail.utf8
    let n = name.utf8
    guard n.count == h.count + 1 + t.count else { return false }
    return n.starts(with: h) && n.dropFirst(h.count).first == UInt8(ascii: ".") && n.dropFirst(h.count + 1).elementsEqual(t)
  }

  /// Where the module `importer` imports `module` (`path:line`), if its file does so directly:
  /// the first such import (in the order of `forEachModuleUse`) of the first file by path.
  public func importLocation(of module: String, in importer: String) -> String? {
    guard modules[module] != nil else { return nil }
    for (path, facts) in facts.sorted(by: { $0.key < $1.key }) where facts.module == importer {
      var first: Int? = nil
      facts.forEachModuleUse(modules: modules) { name, line, isString, exact in
        if first == nil, !isString, exact ? name == module : Self.name(name, isInside: module) { first = line }
      }
      if let first { return Location(path: path, line: first).description }
    }
    return nil
  }

  /// True when the dotted `name` is `module` or names something inside it.
  static func name(_ name: String, isInside module: String) -> Bool {
    guard name.hasPrefix(module) else { return false }
    let rest = name.utf8.dropFirst(module.utf8.count)
    return rest.isEmpty || rest.first == UInt8(ascii: ".")
  }

  public static let empty = RepositoryIndex()

  /// Where another file imports `name` from `module`, or a string names `module.name`
  /// (`path:line`), if anywhere.
  public func importer(of name: String, from module: String) -> String? {
    let maps = maps.value()
    return (maps.importedNames[QualifiedKey(module: module, name: name)]?.first ?? maps.dottedStrings[module + "." + name]?.first)
      .map(location)?.description
  }

  func location(_ occurrence: Occurrence) -> Location {
    Location(path: paths[Int(occurrence.rank)], line: Int(occurrence.line))
  }

  /// What the module-level `from X import y [as local]` of the dotted `module.local` binds, and
  /// where (`path:line`), if a module of the repository has such an import: lets a patch target
  /// that names a consumer module be traced to the object it really replaces.
  ///
  /// Read from the module's own facts on demand: a map of every module-level import of every
  /// file, rebuilt after each phase, cost more than all the questions asked of it.
  public func moduleBinding(_ dotted: String) -> (qualifiedName: String, location: String)? {
    guard let dot = dotted.lastIndex(of: ".") else { return nil }
    let local = dotted[dotted.index(after: dot)...]
    guard let path = modules[String(dotted[..<dot])], let file = facts[path] else { return nil }
    for item in file.fromImports where item.topLevel && item.name != "*" && item.localName == local {
      return (item.qualifiedName, Location(path: path, line: item.line).description)
    }
    return nil
  }

  /// What one file contributes to the index; kept so that a phase's changed files can be
  /// re-indexed without touching the others.
  /// A class: a transform's relevance test, the pipeline and every update of the index copy a
  /// file's facts out of the map, and a struct's copy retained each of its arrays and strings.
  public final class FileFacts: Sendable {
    struct FromImport: Sendable {
      let module: String
      let name: String
      let localName: String
      let qualifiedName: String
      let statementLine: Int
      let line: Int
      let topLevel: Bool
    }

    let path: String
    let module: String?
    let fromImports: [FromImport]
    /// `import a.b.c`: the dotted names and their lines.
    let moduleImports: [(name: String, line: Int)]
    /// Dotted string literals and their lines.
    let strings: [(value: String, line: Int)]
    /// The file's import statements as the import gate sees them; nil when it does not lex.
    let imports: ImportGate.ImportSummary?
    /// Module-scope `name = a.b.c`: the qualified name the value is bound to (through the file's
    /// imports), with the line: a re-export the repository can follow.
    let aliases: [(name: String, target: String, line: Int)]
    /// Names the module binds at module scope both by an import (or an alias above) and by
    /// something else (`def`, `class`, another assignment): which one wins depends on control
    /// flow, so a re-export through them is ambiguous.
    let rebound: [String]
    /// The names in the module's `__all__`; nil when it has none.
    let exports: [String]?
    /// Module-scope names bound under a new name (`import x as m`, `m = a.b`) that the module
    /// never uses itself: pure re-exports, which other files may import under that name only.
    let renamedReexports: [String]
    /// Module-scope names bound more than once (by imports, aliases or anything else): a
    /// re-export through them needs the full resolution.
    let boundTwice: Set<String>

    /// Every name this file uses as a module or inside one, in file order by kind: each `from`
    /// statement's module (once per statement), then `from pkg import m` where `pkg.m` is a
    /// module (a use of `pkg.m` only: the statement already used `pkg`), then `import` names,
    /// then dotted strings.
    func forEachModuleUse(modules: [String: String], _ body: (_ name: String, _ line: Int, _ isString: Bool, _ exact: Bool) -> Void) {
      var previous: (module: String, line: Int)? = nil
      for item in fromImports {
        // The items of one statement are consecutive: the statement is one use of its module.
        if previous?.line != item.statementLine || previous?.module != item.module {
          body(item.module, item.statementLine, false, false)
          previous = (item.module, item.statementLine)
        }
        guard item.name != "*" else { continue }
        // Ex) `from pkg import module`
        let submodule = item.module + "." + item.name
        if modules[submodule] != nil { body(submodule, item.line, false, true) }
      }
      for (name, line) in moduleImports { body(name, line, false, false) }
      for (value, line) in strings { body(value, line, true, false) }
    }

    /// The `(module, name)` of each `from module import name` where `module` is a module of the
    /// repository (the only ones `importer(of:from:)` asks about: a transformed file's own
    /// module), with the item's line, in file order. The items of a statement share its module
    /// string: it is looked up once per statement.
    func forEachImportedName(modules: [String: String], _ body: (_ key: QualifiedKey, _ line: Int) -> Void) {
      var lastModule: String? = nil
      var lastIsRepository = false
      for item in fromImports where item.name != "*" {
        if item.module != lastModule {
          lastModule = item.module
          lastIsRepository = modules[item.module] != nil
        }
        guard lastIsRepository else { continue }
        body(QualifiedKey(module: item.module, name: item.name), item.line)
      }
    }

    /// Every fact as text, one string per kind (for `ssot-migrate-bench DUMP_ANALYSIS`, which
    /// compares builds by digests of them).
    public var digestParts: [String] {
      let summary = imports.map { imports in
        "\(imports.entries.map { "\($0.isFrom)/\($0.module ?? "-")/\($0.isStar)/\($0.moduleOffset)/\($0.items.map { "\($0.name)@\($0.offset)" })/\($0.runsAtImport)/\($0.line)" })"
      } ?? "nil"
      return [
        "\(fromImports.map { "\($0.module)|\($0.name)|\($0.localName)|\($0.qualifiedName)|\($0.statementLine)|\($0.line)|\($0.topLevel)" })",
        "\(moduleImports.map { "\($0.name)|\($0.line)" })", "\(strings.map { "\($0.value)|\($0.line)" })", summary,
        "\(aliases.map { "\($0.name)=\($0.target)|\($0.line)" })|\(rebound)|\(exports ?? ["-"])|\(renamedReexports)",
      ]
    }

    static func empty(_ path: String) -> FileFacts {
      FileFacts(
        path: path, module: nil, fromImports: [], moduleImports: [], strings: [], imports: nil, aliases: [], rebound: [], exports: nil,
        renamedReexports: [])
    }

    /// Lexes the file and reads its imports and dotted strings (a light pass: no bindings).
    /// `tokens`: the tokens of `bytes` when the caller has them (a phase's output, lexed to check it).
    public static func scan(path: String, bytes: [UInt8], roots: [String], tokens known: [Token]? = nil) -> FileFacts {
      let source = SourceFile(path: path, bytes: bytes)
      let tokens: [Token]
      if let known {
        tokens = known
      } else {
        let lexed = PythonLexer.tokenize(bytes)
        guard lexed.error == nil else { return .empty(path) }
        tokens = lexed.tokens
      }
      let module = ModulePath.moduleName(of: path, roots: roots)
      let index = ModuleIndex(file: source, tokens: tokens, moduleName: module?.name, isPackageInit: module?.isPackageInit ?? false, full: false)
      return FileFacts(source: source, tokens: tokens, index: index, module: module?.name)
    }

    init(
      path: String, module: String?, fromImports: [FromImport], moduleImports: [(name: String, line: Int)], strings: [(value: String, line: Int)],
      imports: ImportGate.ImportSummary?, aliases: [(name: String, target: String, line: Int)], rebound: [String], exports: [String]?,
      renamedReexports: [String], boundTwice: Set<String> = []
    ) {
      self.renamedReexports = renamedReexports
      self.boundTwice = boundTwice
      self.path = path
      self.module = module
      self.fromImports = fromImports
      self.moduleImports = moduleImports
      self.strings = strings
      self.imports = imports
      self.aliases = aliases
      self.rebound = rebound
      self.exports = exports
    }

    convenience init(source: SourceFile, tokens: [Token], index: ModuleIndex, module: String?) {
      var fromImports: [FromImport] = []
      var moduleImports: [(String, Int)] = []
      var lines = LineCounter(source.bytes)
      var statementLines: [Int] = []
      statementLines.reserveCapacity(index.imports.count)
      // The imports are read in place, field by field: copying each statement and item retained
      // (and released) every one of their strings.
      let imports = index.imports
      for i in imports.indices {
        let s = index.statements[imports[i].statement]
        let line = lines.line(of: tokens[s.first].start)
        statementLines.append(line)
        if imports[i].isFrom {
          guard let from = imports[i].module else { continue }
          for k in imports[i].items.indices {
            fromImports.append(
              FromImport(
                module: from, name: imports[i].items[k].name, localName: imports[i].items[k].localName,
                qualifiedName: imports[i].items[k].qualifiedName, statementLine: line,
                line: lines.line(of: tokens[imports[i].items[k].nameFirst].start), topLevel: s.scope == 0))
          }
          if imports[i].items.isEmpty { fromImports.append(FromImport(module: from, name: "*", localName: "*", qualifiedName: from + ".*", statementLine: line, line: line, topLevel: s.scope == 0)) }
        } else {
          for k in imports[i].items.indices { moduleImports.append((imports[i].items[k].name, line)) }
        }
      }
      var strings: [(String, Int)] = []
      var stringLines = LineCounter(source.bytes)
      for token in tokens where token.kind == .string {
        guard let value = dottedPathValue(token, in: source) else { continue }
        strings.append((value, stringLines.line(of: token.start)))
      }
      // Module-scope bindings other than imports: aliases to follow, and rebindings of imported
      // names. Most modules have a few constants, a few defs and no alias: their names are
      // compared as bytes with the imports' local-name tokens, and only a match makes a string.
      var importTokens: [Int] = []
      for i in imports.indices where index.statements[imports[i].statement].scope == 0 {
        for k in imports[i].items.indices { importTokens.append(imports[i].items[k].alias ?? imports[i].items[k].nameFirst) }
      }
      let bytes = source.bytes
      func spelled(_ a: Int, _ b: Int) -> Bool {
        tokens[a].length == tokens[b].length && bytes[tokens[a].start..<tokens[a].end].elementsEqual(bytes[tokens[b].start..<tokens[b].end])
      }
      // `import a.b` binds `a`: its local name is the dotted name's first token, as spelled.
      var boundTwice: Set<String> = []
      for (n, a) in importTokens.enumerated() where importTokens[..<n].contains(where: { spelled($0, a) }) {
        boundTwice.insert(source.text(tokens[a].range))
      }
      var aliases: [(String, String, Int)] = []
      var aliasTokens: [Int] = []
      var rebound: Set<String> = []
      var aliasLines = LineCounter(source.bytes)
      for assignment in index.moduleAssignments {
        let target = assignment.target
        guard let value = assignment.value else {
          if importTokens.contains(where: { spelled($0, target) }) || aliasTokens.contains(where: { spelled($0, target) }) {
            rebound.insert(source.text(tokens[target].range))
          }
          continue
        }
        let name = source.text(tokens[target].range)
        var parts: [String] = []
        for j in stride(from: value.lowerBound, to: value.upperBound, by: 2) { parts.append(source.text(tokens[j].range)) }
        var head = module.map { $0 + "." + parts[0] } ?? parts[0]
        for i in imports.indices where index.statements[imports[i].statement].scope == 0 {
          for k in imports[i].items.indices where imports[i].items[k].localName == parts[0] { head = imports[i].items[k].qualifiedName }
        }
        aliases.append((name, ([head] + parts.dropFirst()).joined(separator: "."), aliasLines.line(of: tokens[target].start)))
        if importTokens.contains(where: { spelled($0, target) }) || aliasTokens.contains(where: { spelled($0, target) }) { boundTwice.insert(name) }
        aliasTokens.append(target)
      }
      for token in index.moduleDefinitions where importTokens.contains(where: { spelled($0, token) }) || aliasTokens.contains(where: { spelled($0, token) }) {
        rebound.insert(source.text(tokens[token].range))
      }
      boundTwice.formUnion(rebound)
      let exports = index.allNames.isEmpty ? nil : index.allNames.keys.sorted()
      // Renamed bindings the file spells once (the binding itself): rare, so each costs a scan
      // of the name tokens.
      var renamed: [Int] = aliasTokens
      for i in imports.indices where index.statements[imports[i].statement].scope == 0 {
        for k in imports[i].items.indices { if let alias = imports[i].items[k].alias { renamed.append(alias) } }
      }
      var renamedReexports: [String] = []
      for binding in renamed {
        var count = 0
        for t in tokens.indices where tokens[t].kind == .name && spelled(t, binding) { count += 1 }
        if count == 1 { renamedReexports.append(source.text(tokens[binding].range)) }
      }
      self.init(
        path: source.path, module: module, fromImports: fromImports, moduleImports: moduleImports, strings: strings,
        imports: ImportGate.ImportSummary(tokens: tokens, index: index, statementLines: statementLines),
        aliases: aliases, rebound: rebound.sorted(), exports: exports, renamedReexports: renamedReexports, boundTwice: boundTwice)
    }
  }

  /// Facts per path of the files that were scanned.
  public let facts: [String: FileFacts]
  /// The keys of `facts`, sorted: "first" in the maps means first by path, and an update with
  /// the same files does not sort them again.
  let paths: [String]
  let roots: [String]
  /// Which files have facts: those it matches (all when nil).
  public let prefilter: Prefilter?

  /// Indexes `files`. Only files that spell one of `interesting` (when given) are lexed: the
  /// facts are only consulted for the names transforms touch.
  /// `modules`: the repository's module table when the caller has it (else built from the
  /// files' paths).
  public static func build(
    files: [(path: String, bytes: [UInt8])], roots: [String], interesting: [String]? = nil, jobs: Int = 1, modules: ModuleTable? = nil
  ) -> RepositoryIndex {
    let prefilter = interesting.map { Prefilter(triggers: $0) }
    let scanned = ParallelMap.map(files, jobs: jobs) { file -> FileFacts? in
      if let prefilter, !prefilter.matches(file.bytes) { return nil }
      return FileFacts.scan(path: file.path, bytes: file.bytes, roots: roots)
    }
    let modules = modules ?? ModuleTable(allPaths: files.map(\.path), roots: roots)
    return build(facts: scanned.compactMap { $0 }, modules: modules, roots: roots, prefilter: prefilter)
  }

  /// The index over facts already gathered (scanned, or `FileFacts(analyzedFile)`) of the files
  /// that `prefilter` matched, in a repository whose modules are `modules`.
  public static func build(facts scanned: [FileFacts], modules: ModuleTable, roots: [String], prefilter: Prefilter?) -> RepositoryIndex {
    var facts: [String: FileFacts] = [:]
    for f in scanned { facts[f.path] = f }
    return aggregate(table: modules, facts: facts, roots: roots, prefilter: prefilter)
  }

  /// The index after `changed` files got new bytes: only those are scanned again.
  public func updating(_ changed: [(path: String, bytes: [UInt8])], deleted: [String] = [], jobs: Int = 1) -> RepositoryIndex {
    updating(changed.map { ($0.path, $0.bytes, nil) }, deleted: deleted, jobs: jobs)
  }

  /// The same, with the tokens of the new bytes where the caller has them.
  func updating(_ changed: [(path: String, bytes: [UInt8], tokens: [Token]?)], deleted: [String] = [], jobs: Int = 1) -> RepositoryIndex {
    if changed.isEmpty && deleted.isEmpty { return self }
    let roots = self.roots
    let prefilter = self.prefilter
    let scanned = ParallelMap.map(changed, jobs: jobs) { file -> (path: String, facts: FileFacts?) in
      if let prefilter, !prefilter.matches(file.bytes) { return (file.path, nil) }
      return (file.path, FileFacts.scan(path: file.path, bytes: file.bytes, roots: roots, tokens: file.tokens))
    }
    return updating(facts: scanned, deleted: deleted)
  }

  /// The index after changed files got new `facts` (nil: the file no longer matches the
  /// prefilter) and `deleted` files went away.
  public func updating(facts changed: [(path: String, facts: FileFacts?)], deleted: [String] = []) -> RepositoryIndex {
    if changed.isEmpty && deleted.isEmpty { return self }
    var facts = self.facts
    // The same files with new facts (every phase's case) keep the sorted paths.
    var samePaths = deleted.isEmpty
    for (path, f) in changed {
      if f == nil || facts[path] == nil { samePaths = false }
      facts[path] = f
    }
    for path in deleted { facts[path] = nil }
    // Changed files keep their module names; only deletions change the map, by the table's
    // own rules (where `a/b.py` and `a/b/__init__.py` both exist and the package goes, the
    // module file takes the name, as in Python).
    if samePaths {
      return replacingOccurrences(of: changed.map { ($0.path, $0.facts!) }, facts: facts)
    }
    // The maps will be about as big as they were.
    return Self.aggregate(table: table.removing(Set(deleted)), facts: facts, roots: roots, prefilter: prefilter, sizedLike: self)
  }

  /// The same files and modules, `changed` with new facts: only the changed files' entries of
  /// the maps are dropped and added again, instead of every file's (the aggregation over all
  /// files ran on one core between phases, several milliseconds each time).
  func replacingOccurrences(of changed: [(path: String, facts: FileFacts)], facts: [String: FileFacts]) -> RepositoryIndex {
    let (previous, oldFacts, modules, paths, table) = (self.maps, self.facts, self.modules, self.paths, self.table)
    let maps = BackgroundJob { () -> Maps in
      let maps = previous.value()
      var importedNames = maps.importedNames
      var dottedStrings = maps.dottedStrings
      for (path, new) in changed {
        let rank = Int32(Self.rank(of: path, in: paths))
        let old = oldFacts[path]!
        old.forEachImportedName(modules: modules) { key, _ in
          Self.remove(rank, from: &importedNames[key])
        }
        for (value, _) in old.strings { Self.remove(rank, from: &dottedStrings[value]) }
        new.forEachImportedName(modules: modules) { key, line in
          Self.insert(Occurrence(rank: rank, line: Int32(line)), into: &importedNames[key, default: []])
        }
        for (value, line) in new.strings { Self.insert(Occurrence(rank: rank, line: Int32(line)), into: &dottedStrings[value, default: []]) }
      }
      return Maps(importedNames: importedNames, dottedStrings: dottedStrings)
    }
    return RepositoryIndex(maps: maps, table: table, facts: facts, paths: paths, roots: roots, prefilter: prefilter)
  }

  /// The index of `path` in the sorted `paths` (the caller knows it is there).
  static func rank(of path: String, in paths: [String]) -> Int {
    firstIndex(in: paths) { $0 < path }
  }

  /// Where a file of rank `rank` goes in a list sorted by rank.
  static func position(of rank: Int32, in list: [Occurrence]) -> Int {
    firstIndex(in: list) { $0.rank < rank }
  }

  /// The first index of sorted `elements` that is not `before` the sought value (binary search).
  static func firstIndex<T>(in elements: [T], where before: (T) -> Bool) -> Int {
    var low = 0
    var high = elements.count
    while low < high {
      let mid = (low + high) / 2
      if before(elements[mid]) { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// Adds a file's first line with a key; a later line of the same file changes nothing.
  static func insert(_ occurrence: Occurrence, into list: inout [Occurrence]) {
    if let last = list.last, last.rank < occurrence.rank {
      list.append(occurrence)
      return
    }
    let at = position(of: occurrence.rank, in: list)
    if at < list.count && list[at].rank == occurrence.rank { return }
    list.insert(occurrence, at: at)
  }

  /// Drops a file's entry; a list left empty drops its key.
  static func remove(_ rank: Int32, from list: inout [Occurrence]?) {
    // Found through a borrow of the list: a second reference held while it is edited would
    // copy it.
    let found = list.flatMap { occurrences -> Int? in
      let at = position(of: rank, in: occurrences)
      return at < occurrences.count && occurrences[at].rank == rank ? at : nil
    }
    guard let at = found else { return }
    if list!.count == 1 { list = nil } else { list!.remove(at: at) }
  }

  static func aggregate(
    table: ModuleTable, facts: [String: FileFacts], roots: [String], prefilter: Prefilter?, sizedLike previous: RepositoryIndex? = nil
  ) -> RepositoryIndex {
    let modules = table.modules
    // Paths in order, so that "first" means first by path.
    let paths = facts.keys.sorted()
    let previousMaps = previous?.maps
    let maps = BackgroundJob { () -> Maps in
      // Growing a dictionary rehashes every key; start at the size the last index reached.
      let sizes = previousMaps?.value()
      var importedNames: [QualifiedKey: [Occurrence]] = [:]
      var dottedStrings: [String: [Occurrence]] = [:]
      if let sizes {
        importedNames.reserveCapacity(sizes.importedNames.count)
        dottedStrings.reserveCapacity(sizes.dottedStrings.count)
      }
      for (rank, path) in paths.enumerated() {
        let file = facts[path]!
        file.forEachImportedName(modules: modules) { key, line in
          Self.append(Occurrence(rank: Int32(rank), line: Int32(line)), to: &importedNames[key, default: []])
        }
        for (value, line) in file.strings {
          Self.append(Occurrence(rank: Int32(rank), line: Int32(line)), to: &dottedStrings[value, default: []])
        }
      }
      return Maps(importedNames: importedNames, dottedStrings: dottedStrings)
    }
    return RepositoryIndex(maps: maps, table: table, facts: facts, paths: paths, roots: roots, prefilter: prefilter)
  }

  /// Adds an entry while files arrive in rank order: a file's later lines change nothing.
  static func append(_ occurrence: Occurrence, to list: inout [Occurrence]) {
    if list.last?.rank != occurrence.rank { list.append(occurrence) }
  }
}

extension Array where Element == RepositoryIndex.ModuleUse {
  /// Sorted, each use once. Uses arrive in path order, so most lists are nearly sorted already.
  func sortedUnique() -> [Element] {
    let sorted = self.sorted()
    var out: [Element] = []
    out.reserveCapacity(sorted.count)
    for use in sorted where out.last != use { out.append(use) }
    return out
  }
}
