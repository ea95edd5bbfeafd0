import Foundation

/// Parses many files with python3's `ast` in ONE python3 process: the sources go in as JSON
/// `{path: base64(bytes)}` on stdin (bytes, so BOMs, CRLF and coding declarations reach Python
/// unchanged), the errors come back as JSON lines.
enum PythonSyntaxCheck {
  struct Failure {
    let path: String
    let line: Int
    let column: Int
    let message: String
  }

  static let script = """
    import ast, base64, json, sys, warnings
    warnings.simplefilter("ignore")
    files = json.load(sys.stdin)
    for path, data in files.items():
        try:
            ast.parse(base64.b64decode(data), filename=path)
        except SyntaxError as e:
            print(json.dumps({"path": path, "line": e.lineno or 1, "column": e.offset or 1, "message": e.msg}))
        except Exception as e:
            print(json.dumps({"path": path, "line": 1, "column": 1, "message": str(e)}))
    """

  static var pythonAvailable: Bool { ProcessRunner.which("python3") != nil }

  /// Files larger than this are checked by the lexer only: `ast.parse` needs about 230 MB of
  /// memory per MB of source (a 50 MB file took 11.5 GB; docs/RELIABILITY.md).
  static let maxBytes = 8 << 20

  /// The files too large for the ast check, which `check` leaves out.
  static func tooLarge(_ files: [(path: String, bytes: [UInt8])]) -> [String] {
    files.filter { $0.bytes.count > maxBytes }.map(\.path)
  }

  /// The files that do not parse (files over `maxBytes` are not checked). Throws when python3
  /// cannot be run.
  static func check(_ all: [(path: String, bytes: [UInt8])]) throws(CLIFailure) -> [Failure] {
    let files = all.filter { $0.bytes.count <= maxBytes }
    if files.isEmpty { return [] }
    let object = JSONValue.object(files.map { ($0.path, JSONValue.string(Data($0.bytes).base64EncodedString())) })
    let result: ProcessResult
    do {
      result = try ProcessRunner.run("python3", ["-c", script], cwd: nil, stdin: JSONWriter.bytes(object))
    } catch {
      throw CLIFailure(MigrateExitCode.failure, "cannot run python3 for the syntax check: \(error)")
    }
    guard result.succeeded else {
      throw CLIFailure(MigrateExitCode.failure, "python3 syntax check failed to run: \(result.stderrText)")
    }
    var failures: [Failure] = []
    for line in result.stdout.split(separator: 0x0A) where !line.isEmpty {
      guard let value = try? JSONParser.parse(Array(line)) else { continue }
      var path = "", message = "", lineNo = 1, column = 1
      if case .string(let s)? = value["path"] { path = s }
      if case .string(let s)? = value["message"] { message = s }
      if case .number(let n)? = value["line"] { lineNo = Int(n) ?? 1 }
      if case .number(let n)? = value["column"] { column = Int(n) ?? 1 }
      failures.append(Failure(path: path, line: lineNo, column: column, message: message))
    }
    return failures.sorted { ($0.path, $0.line) < ($1.path, $1.line) }
  }
}
