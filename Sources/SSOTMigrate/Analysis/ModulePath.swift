/// Maps a repository-relative path to a dotted module name.
public enum ModulePath {
  /// `netra_backend/app/x.py` -> `netra_backend.app.x`; `pkg/__init__.py` -> `pkg` (package init).
  /// `roots` are source roots relative to the repository (`""` for the root itself, `src` for a
  /// src layout); the longest matching root wins. Nil when a component is not an identifier.
  public static func moduleName(of path: String, roots: [String]) -> (name: String, isPackageInit: Bool)? {
    // Bytes, not Characters: this runs for every path of the repository, several times a run.
    let bytes = Array(path.utf8)
    let n = bytes.count
    guard n > 3, bytes[n - 3] == 0x2E, bytes[n - 2] == 0x70, bytes[n - 1] == 0x79 else { return nil }  // ".py"
    var start = -1
    for root in roots {
      var prefix = Array(root.utf8)
      if !prefix.isEmpty && prefix.last != 0x2F { prefix.append(0x2F) }
      if prefix.count > start && prefix.count <= n && bytes[..<prefix.count].elementsEqual(prefix) { start = prefix.count }
    }
    if start < 0 { return nil }
    var end = n - 3
    var isInit = false
    let initName = Array("__init__".utf8)
    if end - start >= initName.count && bytes[(end - initName.count)..<end].elementsEqual(initName)
      && (end - initName.count == start || bytes[end - initName.count - 1] == 0x2F)
    {
      isInit = true
      end -= initName.count
      if end > start { end -= 1 }  // the `/` before `__init__`
    }
    guard end > start else { return nil }
    var name = [UInt8]()
    name.reserveCapacity(end - start)
    var componentStart = start
    for i in start...end {
      guard i == end || bytes[i] == 0x2F else { continue }
      guard isIdentifier(bytes[componentStart..<i]) else { return nil }
      if !name.isEmpty { name.append(0x2E) }
      name.append(contentsOf: bytes[componentStart..<i])
      componentStart = i + 1
    }
    return (String(decoding: name, as: UTF8.self), isInit)
  }

  /// The file paths a module may live at, relative to `root`.
  public static func candidatePaths(of module: String, root: String) -> [String] {
    let base = (root.isEmpty ? "" : root + "/") + module.split(separator: ".").joined(separator: "/")
    return [base + ".py", base + "/__init__.py"]
  }

  static func isIdentifier(_ s: String) -> Bool {
    isIdentifier(Array(s.utf8)[...])
  }

  static func isIdentifier(_ s: ArraySlice<UInt8>) -> Bool {
    guard let first = s.first, !(first >= 0x30 && first <= 0x39) else { return false }
    return s.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 }
  }
}
