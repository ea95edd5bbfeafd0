/// Where each module of the repository lives, and which dotted names are packages: the one
/// module map of a run, shared by the repository index and the import gate, before and after
/// a phase deletes files. Built once per run from every Python path (phases only delete).
///
/// Its rules are Python's path finder's: when two files claim a name (`a/b.py` and
/// `a/b/__init__.py`), the package's `__init__.py` wins; else the first path in order (the
/// first root). When the winner is deleted, the next claimant takes the name.
public struct ModuleTable: Sendable {
  /// Module name -> path.
  public let modules: [String: String]
  /// Dotted prefixes of module names: packages, regular or namespace.
  public let packages: Set<String>
  /// The names two or more paths claim -> every claimant, the winner first (rare: kept so a
  /// deletion can fall back to the next one).
  let claimants: [String: [String]]

  public init(allPaths: [String], roots: [String]) {
    var modules: [String: String] = [:]
    var packages: Set<String> = []
    var claimants: [String: [String]] = [:]
    // Presized: growing rehashes every key, and this runs over every path before any work.
    modules.reserveCapacity(allPaths.count)
    packages.reserveCapacity(allPaths.count / 8)
    for path in allPaths {
      guard let module = ModulePath.moduleName(of: path, roots: roots) else { continue }
      if let previous = modules[module.name] {
        var list = claimants[module.name] ?? [previous]
        if module.isPackageInit { list.insert(path, at: 0) } else { list.append(path) }
        claimants[module.name] = list
        if module.isPackageInit { modules[module.name] = path }
      } else {
        modules[module.name] = path
      }
      var prefix = Substring(module.name)
      // Dots found in the UTF-8 view: `Substring.lastIndex(of:)` walks Characters.
      while let dot = prefix.utf8.lastIndex(of: UInt8(ascii: ".")) {
        prefix = prefix[..<dot]
        // A prefix already present has its own prefixes present too.
        if !packages.insert(String(prefix)).inserted { break }
      }
      if module.isPackageInit { packages.insert(module.name) }
    }
    self.modules = modules
    self.packages = packages
    self.claimants = claimants
  }

  init(modules: [String: String], packages: Set<String>, claimants: [String: [String]]) {
    self.modules = modules
    self.packages = packages
    self.claimants = claimants
  }

  /// The table once `deleted` paths are gone: a name whose file went is taken by the next path
  /// that claims it, or is no module any more. Packages stay: their directory may still hold
  /// other files, and a namespace package needs none.
  public func removing(_ deleted: Set<String>) -> ModuleTable {
    if deleted.isEmpty { return self }
    var modules = self.modules
    var claimants = self.claimants
    for (name, path) in self.modules where deleted.contains(path) {
      let next = (claimants[name] ?? []).first { !deleted.contains($0) }
      modules[name] = next
      claimants[name] = claimants[name]?.filter { !deleted.contains($0) }
    }
    return ModuleTable(modules: modules, packages: packages, claimants: claimants)
  }
}
