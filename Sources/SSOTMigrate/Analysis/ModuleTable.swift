/// Where each module of the repository lives, and which dotted names are packages. Built once
/// per run from every Python path (the paths do not change between phases); shared by the
/// repository index and the import gate.
public struct ModuleTable: Sendable {
  /// Module name -> path. When two files claim a name, a package's `__init__.py` wins (as in
  /// Python's path finder), else the first path in order.
  public let modules: [String: String]
  /// Dotted prefixes of module names: packages, regular or namespace.
  public let packages: Set<String>

  public init(allPaths: [String], roots: [String]) {
    var modules: [String: String] = [:]
    var packages: Set<String> = []
    // Presized: growing rehashes every key, and this runs over every path before any work.
    modules.reserveCapacity(allPaths.count)
    packages.reserveCapacity(allPaths.count / 8)
    for path in allPaths {
      guard let module = ModulePath.moduleName(of: path, roots: roots) else { continue }
      if module.isPackageInit || modules[module.name] == nil { modules[module.name] = path }
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
  }
}
