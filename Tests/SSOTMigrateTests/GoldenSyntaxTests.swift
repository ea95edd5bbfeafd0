import Foundation
import SSOTMigrateTestSupport
import Testing

/// Golden inputs are Python that python3's own `ast` parses, unless their case needs a newer
/// Python than this one (`case.json` `"python"`); an expected output must parse whenever its
/// input does (the rule of the tool's own syntax check). One batched python3 process per check.
@Suite struct GoldenSyntaxTests {
  @Test(.enabled(if: PythonChecker.python != nil, "python3 is not on PATH"))
  func expectedOutputsParse() throws {
    var inputs: [String: [UInt8]] = [:]
    var pairs: [String: (input: [UInt8], output: [UInt8])] = [:]
    var newerPython: Set<String> = []
    let running = PythonChecker.version ?? (3, 0)
    for golden in GoldenCase.all() {
      let expected = golden.expected()
      let needsNewer = golden.minimumPython.map { $0 > running } ?? false
      for (path, bytes) in golden.inputs() {
        let name = "\(golden)/\(path)"
        inputs[name] = bytes
        if needsNewer { newerPython.insert(name) }
        // A tree case's missing expected file means unchanged; a deleted file has none.
        if let output = expected[path] { pairs[name] = (bytes, output) }
      }
    }
    #expect(inputs.count > 50)
    let unparsedInputs = try PythonChecker.unparsable(inputs).filter { failure in
      !newerPython.contains(String(failure.prefix { $0 != ":" }))
    }
    #expect(unparsedInputs.isEmpty, "\(unparsedInputs.sorted().joined(separator: "\n"))")
    let broken = try PythonChecker.brokenOutputs(pairs)
    #expect(broken.isEmpty, "\(broken.sorted().joined(separator: "\n"))")
  }
}
