import Foundation

/// Parses many files with python3's `ast` in ONE python3 process: the sources go in as JSON
/// `{path: {"output": base64, "original": base64}}` on stdin (bytes, so BOMs, CRLF and coding
/// declarations reach Python unchanged), the errors come back as JSON lines.
///
/// An output that does not parse is the tool's fault only when its original parsed under the
/// same interpreter: a file written for a newer Python (3.12 f-strings under 3.11) or an older
/// one (`print "x"`) never parsed, and the lexer alone vouches for the edits in it. The original
/// is parsed only when its output fails, so the usual run parses each file once.
enum PythonSyntaxCheck {
  struct Failure {
    let path: String
    let line: Int
    let column: Int
    let message: String
  }

  /// One file to check: its bytes after the phase(s), and before (nil when there is no
  /// original, e.g. a new file).
  struct File {
    let path: String
    let output: [UInt8]
    let original: [UInt8]?
  }

  struct Result {
    /// `python3 --version`'s number, e.g. `3.11.7`.
    let version: String
    /// Outputs that do not parse although their original did: the migration broke them.
    let failures: [Failure]
    /// Files whose original did not parse either, with the original's error: checked by the
    /// lexer only.
    let unparsedOriginals: [Failure]
  }

  static let script = """
    import ast, base64, json, sys, warnings
    warnings.simplefilter("ignore")
    print(json.dumps({"version": "%d.%d.%d" % sys.version_info[:3]}), flush=True)
    def error(data, path):
        try:
            ast.parse(base64.b64decode(data), filename=path)
            return None
        except SyntaxError as e:
            return {"line": e.lineno or 1, "column": e.offset or 1, "message": e.msg}
        except Exception as e:
            return {"line": 1, "column": 1, "message": str(e)}
    files = json.load(sys.stdin)
    for path, sources in files.items():
        output = error(sources["output"], path)
        if output is None:
            continue
        original = sources.get("original")
        if original is None:
            before = None
        elif original == sources["output"]:
            before = dict(output)
        else:
            before = error(original, path)
        output["path"] = path
        output["original"] = before
        print(json.dumps(output))
    """

  static var pythonAvailable: Bool { ProcessRunner.which("python3") != nil }

  /// Files larger than this are checked by the lexer only: `ast.parse` needs about 230 MB of
  /// memory per MB of source (a 50 MB file took 11.5 GB; docs/RELIABILITY.md).
  static let maxBytes = 8 << 20

  /// The files too large for the ast check, which `check` leaves out.
  static func tooLarge(_ files: [File]) -> [String] {
    files.filter { $0.output.count > maxBytes }.map(\.path)
  }

  /// Parses every output (files over `maxBytes` are not checked), and the original of each
  /// output that fails. Throws when python3 cannot be run.
  static func check(_ all: [File]) throws(CLIFailure) -> Result {
    let files = all.filter { $0.output.count <= maxBytes }
    var members: [(String, JSONValue)] = []
    for file in files {
      let output = Data(file.output).base64EncodedString()
      var sources: [(String, JSONValue)] = [("output", .string(output))]
      if let original = file.original {
        sources.append(("original", .string(original == file.output ? output : Data(original).base64EncodedString())))
      }
      members.append((file.path, .object(sources)))
    }
    let result: ProcessResult
    do {
      result = try ProcessRunner.run("python3", ["-c", script], cwd: nil, stdin: JSONWriter.bytes(.object(members)))
    } catch {
      throw CLIFailure(MigrateExitCode.failure, "cannot run python3 for the syntax check: \(error)")
    }
    guard result.succeeded else {
      throw CLIFailure(MigrateExitCode.failure, "python3 syntax check failed to run: \(result.stderrText)")
    }
    var version = "?"
    var failures: [Failure] = []
    var unparsedOriginals: [Failure] = []
    for line in result.stdout.split(separator: 0x0A) where !line.isEmpty {
      guard let value = try? JSONParser.parse(Array(line)) else { continue }
      if case .string(let v)? = value["version"] {
        version = v
        continue
      }
      guard case .string(let path)? = value["path"] else { continue }
      if let original = value["original"], case .object = original {
        unparsedOriginals.append(failure(original, path: path))
      } else {
        failures.append(failure(value, path: path))
      }
    }
    let order = { (a: Failure, b: Failure) in (a.path, a.line) < (b.path, b.line) }
    return Result(version: version, failures: failures.sorted(by: order), unparsedOriginals: unparsedOriginals.sorted(by: order))
  }

  static func failure(_ value: JSONValue, path: String) -> Failure {
    var message = "", line = 1, column = 1
    if case .string(let s)? = value["message"] { message = s }
    if case .number(let n)? = value["line"] { line = Int(n) ?? 1 }
    if case .number(let n)? = value["column"] { column = Int(n) ?? 1 }
    return Failure(path: path, line: line, column: column, message: message)
  }

  static let originalRule = "original-does-not-parse"

  /// The note for a file whose original did not parse under this python3 either.
  static func originalFinding(_ failure: Failure, version: String) -> Finding {
    Finding(
      path: failure.path, line: failure.line, column: failure.column, rule: originalRule,
      message: "the file did not parse before the migration either (python3 \(version): \(failure.message)); its output is checked by the lexer only",
      severity: .note)
  }
}
