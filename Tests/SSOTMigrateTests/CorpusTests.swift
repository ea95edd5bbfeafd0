import Foundation
import PythonSource
import Testing

@testable import SSOTMigrate

/// Real-world code the codemod does not target: every rewriting phase over it must make zero
/// edits and never fail. Each file is run twice: as the CLI sees it (most files stop at the
/// prefilter), and with a comment naming every trigger identifier appended, so the lexer, the
/// analysis and every transform run on it too: every 8th file by default (a debug build needs
/// ~35 s for all of them), every file with `SSOT_MIGRATE_LARGE_TESTS=1`.
@Suite struct CorpusTests {
  static let large = ProcessInfo.processInfo.environment["SSOT_MIGRATE_LARGE_TESTS"] == "1"
  static let forcedEvery = large ? 1 : 8

  static let stdlib: String? = {
    guard ProcessRunner.which("python3") != nil,
      let result = try? ProcessRunner.run("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], cwd: nil),
      result.succeeded
    else { return nil }
    let path = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    return path.isEmpty ? nil : path
  }()

  /// Packages installed for the test with
  /// `pip install --no-deps --target .build/reliability-corpus django sqlalchemy`
  /// (or `SSOT_MIGRATE_CORPUS=DIR`); the test skips when they are absent: CI needs no network.
  static let packages: String? = {
    let dir = ProcessInfo.processInfo.environment["SSOT_MIGRATE_CORPUS"] ?? ReliabilityPaths.packageRoot + "/.build/reliability-corpus"
    return FileManager.default.fileExists(atPath: dir + "/django") || FileManager.default.fileExists(atPath: dir + "/sqlalchemy") ? dir : nil
  }()

  static func pythonFiles(under root: String) -> [String] {
    var files: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
      if relative.contains("site-packages/") || !relative.hasSuffix(".py") { continue }
      var info = stat()
      if lstat(root + "/" + relative, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { files.append(relative) }
    }
    return files.sorted()
  }

  struct Tally: Sendable {
    var files = 0
    var forced = 0
    var skipped: [String] = []
    var problems: [String] = []
    var slowest: [(String, Double)] = []
  }

  func run(root: String, files: [String]) throws -> Tally {
    let phases = try BuiltinPhases()
    let pipelines = phases.pipelines()
    let triggers = PhaseRunner.triggers(of: phases.codemod)
    let comment = Array(("\n# " + triggers.joined(separator: " ") + "\n").utf8)
    let indexed = Array(files.enumerated())
    let results = ParallelMap.map(indexed, jobs: 2) { item -> Tally in
      let (n, path) = item
      var tally = Tally(files: 1)
      guard let bytes = try? AtomicWriter.readBytes(root + "/" + path) else {
        tally.problems.append("\(path): unreadable")
        return tally
      }
      var inputs = [bytes]
      if Self.large || n % Self.forcedEvery == 0 {
        inputs.append(bytes + comment)
        tally.forced = 1
      }
      for input in inputs {
        let (results, elapsed) = seconds { phases.run(path: path, bytes: input, pipelines: pipelines) }
        tally.slowest.append((path + " (\(input.count) bytes)", elapsed))
        for result in results {
          switch result.outcome {
          case .unchanged: break
          case .changed: tally.problems.append("\(path): phase made \(result.editCount) edits: \(result.edits.map(\.transform))")
          case .failed(let message): tally.problems.append("\(path): \(message)")
          case .skipped(let reason): tally.skipped.append("\(path): \(reason)")
          }
          if result.output != input { tally.problems.append("\(path): output differs") }
        }
      }
      return tally
    }
    return results.reduce(into: Tally()) {
      $0.files += $1.files
      $0.forced += $1.forced
      $0.skipped += $1.skipped
      $0.problems += $1.problems
      $0.slowest = Array(($0.slowest + $1.slowest).sorted { $0.1 > $1.1 }.prefix(5))
    }
  }

  @Test(.enabled(if: stdlib != nil, "python3 is not on PATH"))
  func standardLibraryIsLeftByteIdentical() throws {
    let root = try #require(Self.stdlib)
    let files = Self.pythonFiles(under: root)
    #expect(files.count > 500)
    let (tally, elapsed) = try seconds { try run(root: root, files: files) }
    print("corpus stdlib \(root): \(tally.files) files, \(tally.forced) forced through every transform, \(Set(tally.skipped).count) skipped, \(elapsed) s; slowest: \(tally.slowest); skipped: \(Set(tally.skipped).sorted())")
    #expect(tally.problems.isEmpty, "\(tally.problems.count) problems:\n\(tally.problems.prefix(20).joined(separator: "\n"))")
    // Only the files CPython itself cannot tokenize may be skipped (bad-syntax test data,
    // Latin-1 test files without a cookie).
    #expect(Set(tally.skipped).count < 30, "\(Set(tally.skipped).sorted().prefix(40).joined(separator: "\n"))")
  }

  @Test(.enabled(if: packages != nil, "no packages under .build/reliability-corpus (pip install --no-deps --target .build/reliability-corpus django sqlalchemy)"))
  func installedPackagesAreLeftByteIdentical() throws {
    let root = try #require(Self.packages)
    let files = Self.pythonFiles(under: root)
    let (tally, elapsed) = try seconds { try run(root: root, files: files) }
    print("corpus packages \(root): \(tally.files) files, \(tally.forced) forced through every transform, \(Set(tally.skipped).count) skipped, \(elapsed) s; slowest: \(tally.slowest)")
    #expect(tally.problems.isEmpty, "\(tally.problems.count) problems:\n\(tally.problems.prefix(20).joined(separator: "\n"))")
    #expect(tally.skipped.isEmpty, "\(Set(tally.skipped).sorted().prefix(20).joined(separator: "\n"))")
  }
}
