#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps a repository-relative path to a dotted module name.
public enum ModulePath {
  /// `netra_backend/app/x.py` -> `netra_backend.app.x`; `pkg/__init__.py` -> `pkg` (package init).
  /// `roots` are source roots relative to the repository (`""` for the root itself, `src` for a
  /// src layout); the longest matching root wins. Nil when a component is not an identifier.
  public static func moduleName(of path: String, roots: [String]) -> (name: String, isPackageInit: Bool)? {
    // Bytes, not Characters, and no copies: this runs for every path of the repository, several
    // times a run.
    var path = path
    return path.withUTF8 { bytes in moduleName(bytes, roots: roots) }
  }

  private static func moduleName(_ bytes: UnsafeBufferPointer<UInt8>, roots: [String]) -> (name: String, isPackageInit: Bool)? {
    let n = bytes.count
    guard n > 3, bytes[n - 3] == 0x2E, bytes[n - 2] == 0x70, bytes[n - 1] == 0x79 else { return nil }  // ".py"
    var start = -1
    for root in roots {
      let length = root.utf8.count
      let prefix = length == 0 || root.utf8.last == 0x2F ? length : length + 1
      guard prefix > start, prefix <= n, bytes[..<length].elementsEqual(root.utf8) else { continue }
      if prefix > length && bytes[length] != 0x2F { continue }
      start = prefix
    }
    if start < 0 { return nil }
    var end = n - 3
    var isInit = false
    let initName: StaticString = "__init__"
    let initLength = initName.utf8CodeUnitCount
    if end - start >= initLength && memcmp(bytes.baseAddress! + (end - initLength), initName.utf8Start, initLength) == 0
      && (end - initLength == start || bytes[end - initLength - 1] == 0x2F)
    {
      isInit = true
      end -= initLength
      if end > start { end -= 1 }  // the `/` before `__init__`
    }
    guard end > start else { return nil }
    var componentStart = start
    for i in start...end {
      guard i == end || bytes[i] == 0x2F else { continue }
      guard isIdentifier(UnsafeBufferPointer(rebasing: bytes[componentStart..<i])) else { return nil }
      componentStart = i + 1
    }
    // The name is the path with `/` read as `.`: one allocation.
    let name = String(unsafeUninitializedCapacity: end - start) { out in
      for i in start..<end { out[i - start] = bytes[i] == 0x2F ? 0x2E : bytes[i] }
      return end - start
    }
    return (name, isInit)
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
    s.withUnsafeBufferPointer { isIdentifier($0) }
  }

  static func isIdentifier(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = s.first, !(first >= 0x30 && first <= 0x39) else { return false }
    return s.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 }
  }
}
