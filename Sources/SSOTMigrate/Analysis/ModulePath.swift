/// Maps a repository-relative path to a dotted module name.
public enum ModulePath {
  /// `netra_backend/app/x.py` -> `netra_backend.app.x`; `pkg/__init__.py` -> `pkg` (package init).
  /// `roots` are source roots relative to the repository (`""` for the root itself, `src` for a
  /// src layout); the longest matching root wins. Nil when a component is not an identifier.
  public static func moduleName(of path: String, roots: [String]) -> (name: String, isPackageInit: Bool)? {
    guard path.hasSuffix(".py") else { return nil }
    var relative = path
    var best = -1
    for root in roots {
      let prefix = root.isEmpty ? "" : (root.hasSuffix("/") ? root : root + "/")
      if path.hasPrefix(prefix) && prefix.count > best {
        best = prefix.count
        relative = String(path.dropFirst(prefix.count))
      }
    }
    if best < 0 { return nil }
    var parts = relative.dropLast(3).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    var isInit = false
    if parts.last == "__init__" {
      parts.removeLast()
      isInit = true
    }
    guard !parts.isEmpty, parts.allSatisfy(isIdentifier) else { return nil }
    return (parts.joined(separator: "."), isInit)
  }

  /// The file paths a module may live at, relative to `root`.
  public static func candidatePaths(of module: String, root: String) -> [String] {
    let base = (root.isEmpty ? "" : root + "/") + module.split(separator: ".").joined(separator: "/")
    return [base + ".py", base + "/__init__.py"]
  }

  static func isIdentifier(_ s: String) -> Bool {
    guard let first = s.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
    return s.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 }
  }
}
