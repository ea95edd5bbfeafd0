import Foundation

/// Where the names a repository's modules re-export really come from, for the qualified names
/// a codemod acts on: `from pkg.hub import create` where `pkg/hub.py` does `from pkg.factory
/// import create` (or `make = factory.create`, `from pkg.factory import *`) is an import of
/// `pkg.factory.create`, through any number of modules.
///
/// Answers come from the repository index's facts (module-level imports, `n = a.b` aliases,
/// star imports and `__all__`, names also bound otherwise) and are worked out on demand, each
/// once per index: a transform asks about the names its file imports, a few thousand distinct
/// names in a large repository, while most modules' imports never lead to a followed name.
///
/// A chain stops at a followed name (or one of its dotted prefixes: a module, a class), at a
/// canonical name (a transform's target is never an alias of the names it replaces, even when it
/// is assigned from one: `WebSocketManager = UnifiedWebSocketManager`), at a definition, outside
/// the repository, or where a name is bound in more than one way: such a chain is unresolved
/// when it could have led to a followed name, and transforms report it instead of rewriting.
/// Cycles end the chain.
public final class ReexportTable: @unchecked Sendable {
  /// The names transforms act on (`followed`) and the names they write (`canonical`).
  public struct Names: Sendable, Hashable {
    public let followed: Set<String>
    public let canonical: Set<String>

    public init(followed: Set<String>, canonical: Set<String>) {
      self.followed = followed
      self.canonical = canonical
    }

    public init(transforms: [any Transform]) {
      self.init(followed: Set(transforms.flatMap(\.followedNames)), canonical: Set(transforms.flatMap(\.canonicalNames)))
    }

    /// Every transform's names, in every phase of `codemod`.
    public init(codemod: Codemod) {
      self.init(transforms: codemod.phases.flatMap(\.transforms))
    }

    public static let none = Names(followed: [], canonical: [])
  }

  /// Why a re-export could not be followed.
  public enum Unresolved: Sendable, Equatable {
    /// The module binds the name in several ways (conditional imports, an import and a
    /// definition): the candidates.
    case ambiguous(module: String, candidates: [String])
    /// The chain leaves the repository at `target` (a name that only looks like a followed one).
    case outside(target: String)
  }

  /// Where a name leads.
  enum Outcome: Sendable {
    /// To a followed name (or followed prefix), through at least one re-export.
    case followed(String)
    case unresolved(followed: String, why: Unresolved)
    /// Nowhere this table follows (the name itself, a definition, another name).
    case other
  }

  let facts: [String: RepositoryIndex.FileFacts]
  let modules: [String: String]
  /// The followed names and all their dotted prefixes: where a chain ends successfully.
  let stops: Set<String>
  let canonical: Set<String>
  /// The last part of each followed name -> one such name: a chain leaving the repository at a
  /// name with that last part is a look-alike worth a report.
  let lastParts: [String: String]
  /// The local names pure re-exports introduce that no followed name ends with (`make` for
  /// `make = factory.create_websocket_manager` in a module that never calls `make` itself):
  /// files that spell only those names must be searched too.
  public private(set) var aliasNames: Set<String> = []

  /// Every name a chain toward a followed name can pass under: the parts of the followed
  /// names, and every name the repository binds under a new name (`import x as m`, `m = a.b`).
  /// A dotted name whose last part is none of them leads nowhere: most questions end there,
  /// without the lock and the memo.
  private var passable: Set<String> = []
  /// The last parts of the modules that have facts (only they can re-export).
  private var moduleLastParts: Set<String> = []

  private let lock = NSLock()
  private var outcomes: [String: Outcome] = [:]
  private var moduleTables: [String: ModuleBindings] = [:]
  private var moduleTargetsMemo: [String: [String]] = [:]
  private var topLevels: Set<String>? = nil

  public static let empty = ReexportTable(facts: [:], modules: [:], names: .none)

  /// `facts` of the repository's candidate files, `modules` every module -> path.
  init(facts: [String: RepositoryIndex.FileFacts], modules: [String: String], names: Names) {
    self.facts = facts
    self.modules = modules
    self.canonical = names.canonical
    var stops = names.followed
    var lastParts: [String: String] = [:]
    for name in names.followed.sorted() {
      if lastParts[name.lastDottedPart] == nil { lastParts[name.lastDottedPart] = name }
      var prefix = Substring(name)
      while let dot = prefix.utf8.lastIndex(of: UInt8(ascii: ".")) {
        prefix = prefix[..<dot]
        stops.insert(String(prefix))
      }
    }
    self.stops = stops
    self.lastParts = lastParts
    guard !names.followed.isEmpty else { return }
    var passable: Set<String> = []
    for stop in stops { passable.insert(stop.lastDottedPart) }
    var moduleLastParts: Set<String> = []
    for file in facts.values {
      let fromImports = file.fromImports
      for k in fromImports.indices where fromImports[k].localName != fromImports[k].name { passable.insert(fromImports[k].localName) }
      for alias in file.aliases { passable.insert(alias.name) }
      if let module = file.module { moduleLastParts.insert(module.lastDottedPart) }
    }
    self.passable = passable
    self.moduleLastParts = moduleLastParts
    // Renamed pure re-exports are rare: only those few are resolved up front.
    var aliasNames: Set<String> = []
    for file in facts.values where !file.renamedReexports.isEmpty {
      guard let module = file.module else { continue }
      for local in file.renamedReexports where lastParts[local] == nil {
        if case .followed = outcome(module + "." + local) { aliasNames.insert(local) }
      }
    }
    self.aliasNames = aliasNames
  }

  public var isEmpty: Bool { stops.isEmpty }

  // MARK: - Questions

  /// The followed name `dotted` stands for when it is a re-export of one; else `dotted`.
  public func canonical(_ dotted: String) -> String {
    if isEmpty { return dotted }
    if case .followed(let target) = outcome(dotted) { return target }
    return dotted
  }

  /// The name `dotted` resolves to, following re-exports of its prefixes too
  /// (`pkg.hub.Factory.create` -> `pkg.factory.Factory.create`).
  public func resolve(_ dotted: String) -> String {
    if isEmpty { return dotted }
    var end = dotted.endIndex
    while true {
      if case .followed(let target) = outcome(String(dotted[..<end])) { return target + dotted[end...] }
      guard let dot = dotted[..<end].utf8.lastIndex(of: UInt8(ascii: ".")) else { return dotted }
      end = dot
    }
  }

  /// The longest dotted prefix of `dotted` (the whole name included) that re-exports one of
  /// `wanted`'s keys, and that key: `("pkg.hub.Old", "pkg.old.Old")` for `"pkg.hub.Old.method"`.
  public func reexportPrefix<Value>(of dotted: String, in wanted: [String: Value]) -> (prefix: String, name: String)? {
    if isEmpty { return nil }
    var end = dotted.endIndex
    while true {
      let prefix = String(dotted[..<end])
      if case .followed(let target) = outcome(prefix), wanted[target] != nil { return (prefix, target) }
      guard let dot = dotted[..<end].utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
      end = dot
    }
  }

  /// True when an import binding `dotted`, whose last part is `last`, may lead to one of
  /// `followed` (any followed name when nil) through re-exports: it is such a re-export (or
  /// one that could not be followed), or it is a module of the repository that re-exports one,
  /// which `module.name` may reach.
  public func mayLead(_ dotted: String, last: String, toward followed: Set<String>? = nil) -> Bool {
    if isEmpty { return false }
    switch outcome(dotted, last: last) {
    case .followed(let target): return followed.map { Self.leads(to: target, $0) } ?? true
    case .unresolved(let standsFor, _): return followed?.contains(standsFor) ?? true
    case .other:
      // Only a module of the repository with facts can re-export: most names are none.
      guard moduleLastParts.contains(last), let path = modules[dotted], facts[path] != nil else { return false }
      return moduleTargets(dotted).contains { target in followed.map { Self.leads(to: target, $0) } ?? true }
    }
  }

  /// True when `name` can be a step of a chain toward a followed name (a part of one, or a name
  /// the repository binds under a new name): a cheap test before `canonical` or `mayLead`.
  public func isPassable(_ name: String) -> Bool { !isEmpty && passable.contains(name) }

  /// True when `target` (a followed name or a prefix of one) is one of `followed` or a prefix
  /// of one: a module or class the transform's names live in.
  static func leads(to target: String, _ followed: Set<String>) -> Bool {
    followed.contains(target) || followed.contains { $0.utf8.count > target.utf8.count && RepositoryIndex.name($0, isInside: target) }
  }

  /// Findings for the imports of `file` that bind a re-export this table could not follow,
  /// when it could stand for one of `followed`: `ambiguous-reexport` (a person decides which
  /// binding runs) and `unresolved-reexport` (a look-alike from outside the repository).
  public func unresolvedImports(in file: AnalyzedFile, followed: Set<String>, transform: String) -> [Finding] {
    if isEmpty { return [] }
    var findings: [Finding] = []
    let imports = file.index.imports
    for i in imports.indices where imports[i].isFrom {
      for k in imports[i].items.indices {
        guard passable.contains(imports[i].items[k].name),
          case .unresolved(let standsFor, let why) = outcome(imports[i].items[k].qualifiedName, last: imports[i].items[k].name),
          followed.contains(standsFor)
        else {
          continue
        }
        let name = imports[i].items[k].name
        let at = file.tokens[imports[i].items[k].nameFirst].start
        let module = imports[i].module ?? imports[i].moduleAsWritten
        switch why {
        case .ambiguous(let owner, let candidates):
          findings.append(
            Finding(
              file.source, at: at, rule: "ambiguous-reexport",
              "\(name) from \(module) may be \(standsFor): \(owner) binds it in more than one way (\(candidates.joined(separator: ", "))); not rewritten, migrate it by hand",
              transform: transform))
        case .outside(let target):
          findings.append(
            Finding(
              file.source, at: at, rule: "unresolved-reexport",
              "\(name) from \(module) is \(target), from outside the repository, not the \(standsFor.lastDottedPart) this codemod migrates; left alone",
              severity: .note, transform: transform))
        }
      }
    }
    return findings
  }

  // MARK: - Resolution

  /// What one module binds at module scope: local name -> each binding's target (nil for a
  /// definition), its star imports, its `__all__`.
  struct ModuleBindings {
    var names: [String: [String?]] = [:]
    var stars: [String] = []
    var exports: Set<String>? = nil
  }

  /// Where `name` leads, worked out once per table.
  func outcome(_ name: String, last: String? = nil) -> Outcome {
    // No chain toward a followed name ends in this last part: neither a followed name nor a
    // renamed binding spells it.
    if !passable.contains(last ?? name.lastDottedPart) { return .other }
    lock.lock()
    defer { lock.unlock() }
    if let known = outcomes[name] { return known }
    var seen: Set<String> = []
    let result = resolve(name, seen: &seen, fromStart: false)
    outcomes[name] = result
    return result
  }

  /// Follows `start`; `fromStart`: `start` is already a step of a chain (the target of a
  /// binding), so it may itself be the followed name. `seen` holds every name already on this
  /// chain (or on a chain that branched into this one): a cycle ends it. Called with the lock
  /// held.
  private func resolve(_ start: String, seen: inout Set<String>, fromStart: Bool) -> Outcome {
    var name = start
    while seen.insert(name).inserted {
      if (fromStart || name != start) && stops.contains(name) { return .followed(name) }
      if canonical.contains(name) { return .other }
      guard let (module, local, tail) = split(name) else {
        // A direct import of a look-alike (no re-export on the way) is not this table's
        // business.
        if fromStart || name != start, let followed = lastParts[name.lastDottedPart], !isInRepository(name) {
          return .unresolved(followed: followed, why: .outside(target: name))
        }
        return .other
      }
      let next = targets(of: local, in: module)
      if next.count == 1 {
        // A definition ends the chain: the module's own object.
        guard let target = next[0] else { return .other }
        name = target + tail
        continue
      }
      // Not bound here (nothing to follow), or bound in several ways: ambiguous when one of
      // them leads to a followed name.
      var candidates: [String] = []
      var followed: String? = nil
      for candidate in next {
        guard let candidate else {
          candidates.append("a definition in \(module)")
          continue
        }
        let full = candidate + tail
        candidates.append(full)
        if followed == nil, case .followed(let target) = resolve(full, seen: &seen, fromStart: true) { followed = target }
      }
      if let followed { return .unresolved(followed: followed, why: .ambiguous(module: module, candidates: candidates.sorted())) }
      return .other
    }
    return .other
  }

  /// The followed names (or prefixes) the names module `module` binds lead to: `module.name`
  /// may reach them.
  private func moduleTargets(_ module: String) -> [String] {
    lock.lock()
    if let known = moduleTargetsMemo[module] {
      lock.unlock()
      return known
    }
    let locals = Array(moduleBindings(module).names.keys)
    lock.unlock()
    var targets: [String] = []
    for local in locals {
      if case .followed(let target) = outcome(module + "." + local, last: local) { targets.append(target) }
    }
    lock.lock()
    moduleTargetsMemo[module] = targets
    lock.unlock()
    return targets
  }

  /// `name` as (module with facts, the name bound in it, the rest with its dot), or nil when
  /// no module of the repository with facts holds it.
  private func split(_ name: String) -> (module: String, local: String, tail: String)? {
    var end = name.endIndex
    while let dot = name[..<end].utf8.lastIndex(of: UInt8(ascii: ".")) {
      let module = String(name[..<dot])
      if let path = modules[module] {
        guard facts[path] != nil else { return nil }
        let rest = name[name.index(after: dot)...]
        if let next = rest.utf8.firstIndex(of: UInt8(ascii: ".")) { return (module, String(rest[..<next]), String(rest[next...])) }
        return (module, String(rest), "")
      }
      end = dot
    }
    return nil
  }

  /// True when the first part of `name` is a top-level package or module of the repository.
  private func isInRepository(_ name: String) -> Bool {
    if topLevels == nil { topLevels = Set(modules.keys.map { String($0.prefix { $0 != "." }) }) }
    return topLevels!.contains(String(name.prefix { $0 != "." }))
  }

  /// What `local` is bound to in `module`: one entry per binding (nil for a definition);
  /// empty when the module does not bind it.
  private func targets(of local: String, in module: String) -> [String?] {
    let table = moduleBindings(module)
    if let list = table.names[local] { return list }
    // Star imports re-export what their modules export (their `__all__`, else every public
    // name they bind, or define when it is followed).
    var found: [String?] = []
    guard !local.hasPrefix("_") else { return found }
    for star in table.stars {
      guard let path = modules[star], facts[path] != nil else { continue }
      let other = moduleBindings(star)
      if let exports = other.exports, !exports.contains(local) { continue }
      if other.exports != nil || other.names[local] != nil || stops.contains(star + "." + local) { found.append(star + "." + local) }
    }
    return found
  }

  private func moduleBindings(_ module: String) -> ModuleBindings {
    if let known = moduleTables[module] { return known }
    var table = ModuleBindings()
    if let path = modules[module], let file = facts[path] {
      for item in file.fromImports where item.topLevel {
        if item.name == "*" { table.stars.append(item.module) } else { table.names[item.localName, default: []].append(item.qualifiedName) }
      }
      for alias in file.aliases { table.names[alias.name, default: []].append(alias.target) }
      for name in file.rebound { table.names[name, default: []].append(nil) }
      table.exports = file.exports.map(Set.init)
    }
    moduleTables[module] = table
    return table
  }
}

/// The tables one repository index made, by the names they follow. Shared by the copies of the
/// index (it is a value), so every phase over one index shares the answers.
final class ReexportTableCache: @unchecked Sendable {
  /// Every name a chain toward a followed name can pass under: the parts of the followed
  /// names, and every name the repository binds under a new name (`import x as m`, `m = a.b`).
  /// A dotted name whose last part is none of them leads nowhere: most questions end there,
  /// without the lock and the memo.
  private var passable: Set<String> = []
  /// The last parts of the modules that have facts (only they can re-export).
  private var moduleLastParts: Set<String> = []

  private let lock = NSLock()
  private var tables: [ReexportTable.Names: ReexportTable] = [:]

  func table(for names: ReexportTable.Names, _ make: () -> ReexportTable) -> ReexportTable {
    lock.lock()
    defer { lock.unlock() }
    if let known = tables[names] { return known }
    let table = make()
    tables[names] = table
    return table
  }
}
