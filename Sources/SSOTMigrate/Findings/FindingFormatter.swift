/// Renders findings for people (`text`), GitHub Actions (`github` workflow commands) and code
/// scanning (`sarif`, SARIF 2.1.0). Every format lists findings in `Finding`'s order (path, line,
/// column, rule, message), so output never depends on how files were scheduled.
public enum FindingFormatter {
  // MARK: - Text

  /// `path:line:col: [rule] message`, one finding per line, sorted; each line ends in `\n`.
  /// Paths with control characters, quotes or backslashes are quoted the way git quotes them,
  /// and line breaks inside a message become spaces, so one finding is always one line.
  public static func text(_ findings: [Finding]) -> String {
    var out = ""
    for f in findings.sorted() {
      out += "\(quotedPath(f.path)):\(f.line):\(f.column): [\(f.rule)] \(oneLine(f.message))\n"
    }
    return out
  }

  /// `path` as is, or in double quotes with C escapes when it holds a control character, `"` or
  /// `\` (git's `core.quotePath` style; non-ASCII stays UTF-8).
  public static func quotedPath(_ path: String) -> String {
    let needsQuoting = path.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    guard needsQuoting else { return path }
    var out: [UInt8] = [UInt8(ascii: "\"")]
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out += Array("\\\"".utf8)
      case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
      case 0x0A: out += Array("\\n".utf8)
      case 0x09: out += Array("\\t".utf8)
      case 0x0D: out += Array("\\r".utf8)
      case 0x00..<0x20, 0x7F:
        let octal = String(byte, radix: 8)
        out += Array(("\\" + String(repeating: "0", count: 3 - octal.count) + octal).utf8)
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
  }

  private static func oneLine(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return s }
    var out = ""
    var previousCR = false
    for scalar in s.unicodeScalars {
      if scalar == "\n" && previousCR {
        previousCR = false
        continue
      }
      previousCR = scalar == "\r"
      out.unicodeScalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar)
    }
    return out
  }

  // MARK: - GitHub Actions

  /// One workflow command per finding, sorted:
  /// `::warning file=P,line=L,col=C,title=RULE::MESSAGE` (`::error` for errors, `::notice` for
  /// notes). Values are escaped as the Actions runner expects: `%`, `\r`, `\n` everywhere, and
  /// also `:` and `,` inside properties.
  public static func github(_ findings: [Finding]) -> String {
    var out = ""
    for f in findings.sorted() {
      out += "::\(githubCommand(f.severity)) file=\(escapeProperty(f.path)),line=\(f.line),col=\(f.column),"
      out += "title=\(escapeProperty(f.rule))::\(escapeData(f.message))\n"
    }
    return out
  }

  static func githubCommand(_ severity: Finding.Severity) -> String {
    switch severity {
    case .error: return "error"
    case .manualReview: return "warning"
    case .note: return "notice"
    }
  }

  /// The message part of a workflow command.
  public static func escapeData(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// A `key=value` property of a workflow command.
  public static func escapeProperty(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  // MARK: - SARIF

  public static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

  /// A SARIF 2.1.0 log with one run. `rules` describes rule ids (in that order); rule ids that
  /// findings use but `rules` lacks are appended, described by their id. Locations are
  /// repository-relative URIs against `%SRCROOT%`; columns are 1-based byte columns as in the
  /// text format. `baselineState` gives a result SARIF's `baselineState` ("new", "unchanged",
  /// ...), or nil for none. Ends with a newline.
  public static func sarif(
    _ findings: [Finding], toolVersion: String, rules: [(id: String, description: String)],
    informationUri: String? = nil, baselineState: (Finding) -> String? = { _ in nil }
  ) -> String {
    var ruleList = rules
    var ruleIndex: [String: Int] = [:]
    for (i, rule) in ruleList.enumerated() where ruleIndex[rule.id] == nil { ruleIndex[rule.id] = i }
    for id in Set(findings.map(\.rule)).sorted() where ruleIndex[id] == nil {
      ruleIndex[id] = ruleList.count
      ruleList.append((id: id, description: id))
    }

    var driver: [(key: String, value: JSONValue)] = [
      (key: "name", value: "ssot-migrate"),
      (key: "version", value: .string(toolVersion)),
    ]
    if let informationUri { driver.append((key: "informationUri", value: .string(informationUri))) }
    driver.append(
      (
        key: "rules",
        value: .array(
          ruleList.map { rule in
            [
              "id": .string(rule.id),
              "name": .string(ruleName(rule.id)),
              "shortDescription": ["text": .string(rule.description)],
            ]
          })
      ))

    let results: [JSONValue] = findings.sorted().map { f in
      var physical: [(key: String, value: JSONValue)] = [
        (key: "artifactLocation", value: ["uri": .string(uriReference(f.path)), "uriBaseId": "%SRCROOT%"])
      ]
      if f.line >= 1 {
        var region: [(key: String, value: JSONValue)] = [(key: "startLine", value: .int(f.line))]
        if f.column >= 1 { region.append((key: "startColumn", value: .int(f.column))) }
        physical.append((key: "region", value: .object(region)))
      }
      var result: [(key: String, value: JSONValue)] = [
        (key: "ruleId", value: .string(f.rule)),
        (key: "ruleIndex", value: .int(ruleIndex[f.rule] ?? 0)),
        (key: "level", value: .string(sarifLevel(f.severity))),
        (key: "message", value: ["text": .string(f.message)]),
        (key: "locations", value: [["physicalLocation": .object(physical)]]),
      ]
      if let state = baselineState(f) { result.append((key: "baselineState", value: .string(state))) }
      if !f.transform.isEmpty {
        result.append((key: "properties", value: ["transform": .string(f.transform)]))
      }
      return .object(result)
    }

    let log: JSONValue = [
      "$schema": .string(sarifSchema),
      "version": "2.1.0",
      "runs": [
        [
          "tool": ["driver": .object(driver)],
          "results": .array(results),
        ]
      ],
    ]
    return JSONWriter.write(log) + "\n"
  }

  static func sarifLevel(_ severity: Finding.Severity) -> String {
    switch severity {
    case .error: return "error"
    case .manualReview: return "warning"
    case .note: return "note"
    }
  }

  /// `user-id-keyword` -> `UserIdKeyword` (SARIF's optional PascalCase rule name).
  static func ruleName(_ id: String) -> String {
    id.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// A relative path as a URI reference: unreserved characters and `/` kept, every other byte
  /// percent-encoded (spaces, `#`, `?`, `%`, non-ASCII).
  public static func uriReference(_ path: String) -> String {
    let hex = Array("0123456789ABCDEF")
    var out = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        out.append("%")
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      }
    }
    return out
  }

  // MARK: - JSON

  /// One finding as a JSON object, for JSON reports:
  /// `{"path", "line", "column", "rule", "severity", "message", "transform"?}`.
  public static func json(_ f: Finding) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      (key: "path", value: .string(f.path)),
      (key: "line", value: .int(f.line)),
      (key: "column", value: .int(f.column)),
      (key: "rule", value: .string(f.rule)),
      (key: "severity", value: .string(f.severity.rawValue)),
      (key: "message", value: .string(f.message)),
    ]
    if !f.transform.isEmpty { members.append((key: "transform", value: .string(f.transform))) }
    return .object(members)
  }
}
