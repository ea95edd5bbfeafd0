import Foundation

/// Checks Python sources with python3's `ast` in one process (tests only; the CLI has its own).
public enum PythonChecker {
  public static let python: String? = {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      let path = "\(dir)/python3"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }()

  /// The (major, minor) version of `python`.
  public static let version: (Int, Int)? = {
    guard let python else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", "import sys; print('%d %d' % sys.version_info[:2])"]
    let stdout = Pipe()
    process.standardOutput = stdout
    guard (try? process.run()) != nil else { return nil }
    let text = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let parts = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    return parts.count == 2 ? (parts[0], parts[1]) : nil
  }()

  static let script = """
    import ast, json, sys
    failures = []
    for name, source in json.load(sys.stdin).items():
        try:
            ast.parse(source.encode('latin-1'), filename=name)
        except SyntaxError as e:
            failures.append(f"{name}:{e.lineno}:{e.offset}: {e.msg}")
    json.dump(failures, sys.stdout)
    """

  /// Names of the sources that do not parse, with python's message.
  public static func unparsable(_ sources: [String: [UInt8]]) throws -> [String] {
    guard let python else { return [] }
    // Bytes travel as latin-1 code points so any encoding reaches ast.parse unchanged.
    var payload: [String: String] = [:]
    for (name, bytes) in sources { payload[name] = String(bytes.map { Character(UnicodeScalar($0)) }) }
    let input = try JSONSerialization.data(withJSONObject: payload)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    let writer = Thread {
      stdin.fileHandleForWriting.write(input)
      try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (try JSONSerialization.jsonObject(with: output) as? [String]) ?? ["python3 printed no result"]
  }

  /// The rule the tool's own syntax check follows: the outputs that do not parse although their
  /// input did (a file written for a newer or older Python fails both, and is not the tool's
  /// fault), with python's message. `pairs`: name -> (input, output).
  public static func brokenOutputs(_ pairs: [String: (input: [UInt8], output: [UInt8])]) throws -> [String] {
    var outputs: [String: [UInt8]] = [:]
    for (name, pair) in pairs { outputs[name] = pair.output }
    let failing = try unparsable(outputs)
    if failing.isEmpty { return [] }
    var inputs: [String: [UInt8]] = [:]
    for (name, pair) in pairs where failing.contains(where: { $0.hasPrefix(name + ":") }) { inputs[name] = pair.input }
    let inputsFailing = try unparsable(inputs)
    return failing.filter { failure in !inputsFailing.contains { $0.hasPrefix(failure.prefix { $0 != ":" } + ":") } }
  }
}
