import Foundation
import SSOTMigrateTestSupport
import Testing

/// Every golden input and expected output that is Python must parse with python3's own `ast`
/// (one batched python3 process for all files), when python3 is on PATH.
@Suite struct GoldenSyntaxTests {
  @Test(.enabled(if: PythonChecker.python != nil, "python3 is not on PATH"))
  func expectedOutputsParse() throws {
    var sources: [String: [UInt8]] = [:]
    for golden in GoldenCase.all() {
      for (path, bytes) in golden.inputs() { sources["\(golden)/input/\(path)"] = bytes }
      for (path, bytes) in golden.expected() { sources["\(golden)/expected/\(path)"] = bytes }
    }
    #expect(sources.count > 50)
    let failures = try PythonChecker.unparsable(sources)
    #expect(failures.isEmpty, "\(failures.sorted().joined(separator: "\n"))")
  }
}
