import Foundation
import PythonSource
import SSOTMigrate

/// One folder under `golden-files/<kind>/<case>/`:
/// - `input.py` and optionally `expected.py` (omitted: the output must equal the input) and
///   `findings.txt` (omitted: no findings), one `path:line:col: [rule] message` per line;
/// - or trees `input/` and `expected/` for cases that need several files (only `.py` files count);
///   an input missing from `expected/` is unchanged, except in a case that deletes files
///   (`remove-module`): its `expected/` is the complete tree, and a missing file means deleted;
/// - optionally `case.json`: `{"path": "...", "phase": N, "python": "3.12"}` — the repository path
///   the single file is analysed as (default `netra_backend/app/services/example.py`), the
///   built-in codemod's phase to run (default per kind), and the oldest Python that parses the
///   input (default: any).
public struct GoldenCase: Sendable, CustomStringConvertible {
  public let kind: String
  public let name: String
  public let directory: URL

  public var description: String { "\(kind)/\(name)" }

  public static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("golden-files").path)
        && FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
      {
        return url
      }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  }()

  public static var goldenDirectory: URL { root.appendingPathComponent("golden-files") }

  /// All cases of a kind (or of every transform kind), sorted by name.
  public static func all(kind: String? = nil) -> [GoldenCase] {
    let kinds = kind.map { [$0] } ?? TransformRegistry.all.map { $0.kind }
    var cases: [GoldenCase] = []
    for kind in kinds {
      let dir = goldenDirectory.appendingPathComponent(kind)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
      for name in names.sorted() where !name.hasPrefix(".") {
        cases.append(GoldenCase(kind: kind, name: name, directory: dir.appendingPathComponent(name)))
      }
    }
    return cases
  }

  static let defaultPhase = ["replace-call": 2, "replace-definition": 2, "move-import": 3, "warn-on-import": 3, "remove-module": 4]

  struct Settings: Decodable {
    var path: String?
    var phase: Int?
    /// The oldest Python whose parser accepts the input (`"3.12"` for PEP 701 f-strings);
    /// under an older python3 the input may not parse, and then neither need the output.
    var python: String?
  }

  /// The oldest Python the input needs, as (major, minor); nil when any Python 3 parses it.
  public var minimumPython: (Int, Int)? {
    guard let text = settings.python else { return nil }
    let parts = text.split(separator: ".").compactMap { Int($0) }
    return parts.count == 2 ? (parts[0], parts[1]) : nil
  }

  var settings: Settings {
    let url = directory.appendingPathComponent("case.json")
    guard let data = FileManager.default.contents(atPath: url.path) else { return Settings() }
    return (try? JSONDecoder().decode(Settings.self, from: data)) ?? Settings()
  }

  public var phase: Int { settings.phase ?? Self.defaultPhase[kind] ?? 2 }

  /// Input files: repository path -> bytes.
  public func inputs() -> [(path: String, bytes: [UInt8])] {
    let single = directory.appendingPathComponent("input.py")
    if let data = FileManager.default.contents(atPath: single.path) {
      return [(settings.path ?? "netra_backend/app/services/example.py", [UInt8](data))]
    }
    return Self.tree(directory.appendingPathComponent("input"))
  }

  /// Expected outputs, same shape as `inputs()`; a missing expected file means "unchanged".
  public func expected() -> [String: [UInt8]] {
    let single = directory.appendingPathComponent("expected.py")
    if FileManager.default.fileExists(atPath: directory.appendingPathComponent("input.py").path) {
      let path = settings.path ?? "netra_backend/app/services/example.py"
      if let data = FileManager.default.contents(atPath: single.path) { return [path: [UInt8](data)] }
      return [:]
    }
    var result: [String: [UInt8]] = [:]
    for (path, bytes) in Self.tree(directory.appendingPathComponent("expected")) { result[path] = bytes }
    return result
  }

  /// True for a tree case with an `expected/` folder.
  public var hasExpectedTree: Bool {
    FileManager.default.fileExists(atPath: directory.appendingPathComponent("expected").path)
  }

  public func expectedFindings() -> [String] {
    let url = directory.appendingPathComponent("findings.txt")
    guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  public static func tree(_ dir: URL) -> [(path: String, bytes: [UInt8])] {
    var files: [(String, [UInt8])] = []
    guard let enumerator = FileManager.default.enumerator(atPath: dir.path) else { return [] }
    while let relative = enumerator.nextObject() as? String {
      guard relative.hasSuffix(".py"), let data = FileManager.default.contents(atPath: dir.appendingPathComponent(relative).path) else {
        continue
      }
      files.append((relative, [UInt8](data)))
    }
    return files.sorted { $0.0 < $1.0 }
  }
}
