import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

// MARK: - Fake transform kinds shaped like the built-in codemod's (the real ones live elsewhere)

private struct LoaderFakeReplaceCall: Transform {
  struct Match: Decodable, Sendable {
    let callee: String
    let async: Bool?
    enum CodingKeys: String, CodingKey { case callee, async }
    init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["callee", "async"])
      let c = try decoder.container(keyedBy: CodingKeys.self)
      callee = try c.decode(String.self, forKey: .callee)
      async = try c.decodeIfPresent(Bool.self, forKey: .async)
    }
  }
  struct Argument: Decodable, Sendable {
    let position: Int?
    let keyword: String?
    enum CodingKeys: String, CodingKey { case position, keyword }
    init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["position", "keyword"])
      let c = try decoder.container(keyedBy: CodingKeys.self)
      position = try c.decodeIfPresent(Int.self, forKey: .position)
      keyword = try c.decodeIfPresent(String.self, forKey: .keyword)
    }
  }
  struct Spec: Decodable, Sendable {
    let match: [Match]
    let arguments: [String: Argument]?
    let replacement: String
    let `import`: String?
    enum CodingKeys: String, CodingKey { case match, arguments, replacement, `import` }
    init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["match", "arguments", "replacement", "import"])
      let c = try decoder.container(keyedBy: CodingKeys.self)
      match = try c.decode([Match].self, forKey: .match)
      arguments = try c.decodeIfPresent([String: Argument].self, forKey: .arguments)
      replacement = try c.decode(String.self, forKey: .replacement)
      `import` = try c.decodeIfPresent(String.self, forKey: .import)
    }
  }
  static let kind = "replace-call"
  let id: String
  let spec: Spec
  init(id: String, spec: Spec, keyPath: String) throws {
    if spec.match.isEmpty { throw CodemodError.invalid(keyPath + ".match", "list at least one callee") }
    for (i, m) in spec.match.enumerated() where !m.callee.contains(".") {
      throw CodemodError.invalid("\(keyPath).match[\(i)].callee", "'\(m.callee)' is not a qualified name")
    }
    if spec.replacement.isEmpty { throw CodemodError.invalid("", "the replacement is empty") }
    self.id = id
    self.spec = spec
  }
  var triggers: [String] { [] }
  func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput { TransformOutput() }
}

/// A fake kind whose spec is a list of objects with the given string keys, all required.
private protocol ListSpecKind: Transform where Spec == ListSpec<Self> {
  static var listKey: String { get }
  static var itemKeys: [String] { get }
}

private struct ListSpec<K: ListSpecKind>: Decodable, Sendable {
  let items: [[String: String]]
  init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(allowed: [K.listKey])
    let c = try decoder.container(keyedBy: AnyCodingKey.self)
    var list = try c.nestedUnkeyedContainer(forKey: AnyCodingKey(stringValue: K.listKey))
    var items: [[String: String]] = []
    while !list.isAtEnd {
      let itemDecoder = try list.superDecoder()
      try itemDecoder.rejectUnknownKeys(allowed: Set(K.itemKeys))
      let item = try itemDecoder.container(keyedBy: AnyCodingKey.self)
      var values: [String: String] = [:]
      for key in K.itemKeys { values[key] = try item.decode(String.self, forKey: AnyCodingKey(stringValue: key)) }
      items.append(values)
    }
    self.items = items
  }
}

private struct LoaderFakeMoveImport: ListSpecKind {
  static let kind = "move-import"
  static let listKey = "moves"
  static let itemKeys = ["from", "to"]
  let id: String
  init(id: String, spec: ListSpec<Self>, keyPath: String) throws { self.id = id }
  var triggers: [String] { [] }
  func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput { TransformOutput() }
}

private struct LoaderFakeReplaceDefinition: ListSpecKind {
  static let kind = "replace-definition"
  static let listKey = "definitions"
  static let itemKeys = ["module", "name", "canonical"]
  let id: String
  init(id: String, spec: ListSpec<Self>, keyPath: String) throws { self.id = id }
  var triggers: [String] { [] }
  func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput { TransformOutput() }
}

private struct LoaderFakeWarnOnImport: ListSpecKind {
  static let kind = "warn-on-import"
  static let listKey = "modules"
  static let itemKeys = ["module", "instead"]
  let id: String
  init(id: String, spec: ListSpec<Self>, keyPath: String) throws { self.id = id }
  var triggers: [String] { [] }
  func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput { TransformOutput() }
}

private struct LoaderFakeRemoveModule: Transform {
  struct Spec: Decodable, Sendable {
    let module: String
    enum CodingKeys: String, CodingKey { case module }
    init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["module"])
      module = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .module)
    }
  }
  static let kind = "remove-module"
  let id: String
  init(id: String, spec: Spec, keyPath: String) throws {
    // Not a CodemodError: the loader must still report it with the file and key path.
    struct Plain: Error, CustomStringConvertible { var description: String { "module must not be empty" } }
    if spec.module.isEmpty { throw Plain() }
    self.id = id
  }
  var triggers: [String] { [] }
  func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput { TransformOutput() }
}

private let registry: [any Transform.Type] = [
  LoaderFakeReplaceCall.self, LoaderFakeReplaceDefinition.self, LoaderFakeMoveImport.self,
  LoaderFakeWarnOnImport.self, LoaderFakeRemoveModule.self,
]

private let builtinPath = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("codemods/websocket-ssot.json").path

private func builtinBytes() throws -> [UInt8] {
  Array(try Data(contentsOf: URL(fileURLWithPath: builtinPath)))
}

private func load(_ json: String) throws(CodemodError) -> Codemod {
  try CodemodLoader.load(json: Array(json.utf8), source: "test.json", registry: registry)
}

/// The error `json` gives, or a recorded issue.
private func error(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) -> CodemodError? {
  do {
    _ = try load(json)
    Issue.record("expected a CodemodError", sourceLocation: sourceLocation)
    return nil
  } catch {
    #expect(error.file == "test.json", sourceLocation: sourceLocation)
    return error
  }
}

/// A minimal valid codemod with the given phases JSON.
private func codemod(phases: String, extra: String = "") -> String {
  #"{"schema": "ssot-migrate/codemod/v1", "name": "t", \#(extra) "phases": \#(phases)}"#
}

private let rc = #"{"kind": "replace-call", "id": "rc", "match": [{"callee": "a.b"}], "replacement": "X()"}"#

// MARK: - Tests

@Suite struct CodemodLoaderTests {
  @Test func loadsTheBuiltInCodemod() throws {
    let codemod = try CodemodLoader.load(path: builtinPath, registry: registry)
    #expect(codemod.name == "websocket-ssot")
    #expect(codemod.source == builtinPath)
    #expect(codemod.verifySyntax == true)
    #expect(codemod.roots == [""])
    #expect(codemod.phases.map(\.number) == [1, 2, 3, 4, 5])
    #expect(codemod.phases.map(\.mode) == [.report, .rewrite, .rewrite, .rewrite, .validate])
    #expect(codemod.phase(2)?.name == "factory-to-constructor")
    #expect(codemod.phase(6) == nil)
    // ssotNames keep the file's order.
    #expect(codemod.ssotNames.map(\.name) == [
      "WebSocketManager", "UnifiedWebSocketManager", "WebSocketManagerMode", "WebSocketManagerProtocol",
      "WebSocketConnection", "WebSocketManagerFactory", "IsolatedWebSocketManager",
    ])
    #expect(codemod.ssotNames[0].canonical == "netra_backend.app.websocket_core.websocket_manager.WebSocketManager")
    // Phase 4 reuses phase 2's and phase 3's transforms: the same instances.
    let phase4 = try #require(codemod.phase(4))
    #expect(phase4.transforms.map(\.id) == ["factory-call", "canonical-imports", "remove-factory-module"])
    let reused = try #require(phase4.transforms[0] as? LoaderFakeReplaceCall)
    let original = try #require(codemod.phase(2)?.transforms[0] as? LoaderFakeReplaceCall)
    #expect(reused.spec.match.count == original.spec.match.count && reused.spec.match.count == 7)
    #expect(codemod.transforms.map(\.id) == [
      "factory-call", "protocol-alias", "canonical-imports", "shim-deprecation", "remove-factory-module",
    ])
    #expect(codemod.transform(id: "shim-deprecation") is LoaderFakeWarnOnImport)
    // Globs.
    let phase2 = try #require(codemod.phase(2))
    #expect(phase2.includes("netra_backend/app/routes/ws.py"))
    #expect(!phase2.includes("netra_backend/tests/test_ws.py"))
    #expect(!phase2.includes("README.md"))
    #expect(codemod.phase(4)!.includes("netra_backend/tests/test_ws.py"))
  }

  @Test func defaults() throws {
    let c = try load(codemod(phases: #"[{"number": 1, "name": "only", "include": ["*.py"], "transforms": [\#(rc)]}]"#))
    #expect(c.description == "" && c.roots == [""] && c.verifySyntax == false && c.ssotNames.isEmpty)
    #expect(c.phases[0].mode == .rewrite && c.phases[0].exclude.isEmpty && c.phases[0].gate == nil)
    #expect(c.source == "test.json")
  }

  @Test func loadsFromBytesWithBuiltinSource() throws {
    let c = try CodemodLoader.load(json: try builtinBytes(), source: Codemod.builtinSource, registry: registry)
    #expect(c.source == "<built-in websocket-ssot>")
  }

  // MARK: Top level

  @Test func emptyAndWhitespaceFiles() {
    #expect(error("")?.message.hasPrefix("the file is empty") == true)
    #expect(error(" \n\t ")?.message.hasPrefix("the file holds only whitespace") == true)
  }

  @Test func malformedJSONHasLineAndColumn() {
    let e = error("{\n  \"schema\": \"ssot-migrate/codemod/v1\",\n  \"name\": \"x\"\n  \"phases\": []\n}")
    #expect(e?.message.hasPrefix("malformed JSON at line 4, column 3: expected ',' or '}'") == true)
    let trailing = error(#"{"schema": "ssot-migrate/codemod/v1", "name": "x",}"#)
    #expect(trailing?.message.contains("trailing comma") == true)
    let truncated = error(#"{"schema": "ssot-migrate/codemod/v1", "phases": [{"number": 1"#)
    #expect(truncated?.message.contains("end of the file") == true)
    #expect(truncated?.keyPath == "phases[0]")
  }

  @Test func topLevelMustBeAnObject() {
    #expect(error("[]")?.message == "expected a codemod (a JSON object), found an array")
  }

  @Test func schema() {
    #expect(error(#"{"name": "x", "phases": []}"#)?.message == "missing key 'schema'")
    let wrong = error(#"{"schema": "ssot-migrate/codemod/v2", "name": "x", "phases": []}"#)
    #expect(wrong?.keyPath == "schema")
    #expect(wrong?.message.contains("unsupported schema 'ssot-migrate/codemod/v2'") == true)
    #expect(error(#"{"schema": 1}"#)?.message == "expected a string, found a number (1)")
  }

  @Test func unknownTopLevelKeySuggestsTheNearest() {
    let e = error(#"{"schema": "ssot-migrate/codemod/v1", "name": "x", "phses": []}"#)
    #expect(e?.keyPath == "phses")
    #expect(
      e?.message
        == "unknown key 'phses'; expected one of: description, name, phases, roots, schema, ssotNames, verifySyntax; did you mean 'phases'?"
    )
  }

  @Test func missingNameAndPhases() {
    #expect(error(#"{"schema": "ssot-migrate/codemod/v1", "phases": []}"#)?.message == "missing key 'name'")
    #expect(error(#"{"schema": "ssot-migrate/codemod/v1", "name": "x"}"#)?.message == "missing key 'phases'")
    #expect(error(codemod(phases: "[]"))?.message == "a codemod needs at least one phase")
    #expect(error(codemod(phases: "{}"))?.message == "expected an array of phases, found an object")
  }

  @Test func duplicateKeysAreRejected() {
    let e = error(#"{"schema": "ssot-migrate/codemod/v1", "name": "a", "name": "b", "phases": []}"#)
    #expect(e?.message.contains("duplicate key 'name'") == true)
  }

  @Test func rootsAndFlags() throws {
    let phase = #"[{"number": 1, "name": "p", "include": ["**"], "transforms": [\#(rc)]}]"#
    let c = try load(codemod(phases: phase, extra: #""roots": ["src/", ".", "lib"], "verifySyntax": true,"#))
    #expect(c.roots == ["src", "", "lib"] && c.verifySyntax)
    #expect(error(codemod(phases: phase, extra: #""roots": ["/abs"],"#))?.keyPath == "roots[0]")
    #expect(error(codemod(phases: phase, extra: #""roots": ["a/../b"],"#))?.keyPath == "roots[0]")
    #expect(error(codemod(phases: phase, extra: #""roots": ["a", "a/"],"#))?.message == "root 'a' is listed twice")
    #expect(error(codemod(phases: phase, extra: #""roots": [],"#))?.keyPath == "roots")
    #expect(error(codemod(phases: phase, extra: #""verifySyntax": "yes","#))?.message == #"expected true or false, found a string ("yes")"#)
    #expect(error(codemod(phases: phase, extra: #""description": 3,"#))?.keyPath == "description")
  }

  @Test func ssotNames() throws {
    let phase = #"[{"number": 1, "name": "p", "include": ["**"], "transforms": [\#(rc)]}]"#
    let c = try load(codemod(phases: phase, extra: #""ssotNames": {"Z": "m.Z", "A": "m.A", "M": "p.q.M"},"#))
    #expect(c.ssotNames.map(\.name) == ["Z", "A", "M"])
    #expect(c.ssotNames.map(\.canonical) == ["m.Z", "m.A", "p.q.M"])
    let bad = error(codemod(phases: phase, extra: #""ssotNames": {"A": "nodots"},"#))
    #expect(bad?.keyPath == "ssotNames.A")
    #expect(bad?.message == "expected a qualified name like package.module.A, found 'nodots'")
    #expect(error(codemod(phases: phase, extra: #""ssotNames": {"A": "a..b"},"#))?.keyPath == "ssotNames.A")
    #expect(error(codemod(phases: phase, extra: #""ssotNames": {"not valid": "a.b"},"#))?.keyPath == #"ssotNames["not valid"]"#)
    #expect(error(codemod(phases: phase, extra: #""ssotNames": {"A": 1},"#))?.message == "expected a string, found a number (1)")
    #expect(error(codemod(phases: phase, extra: #""ssotNames": ["A"],"#))?.keyPath == "ssotNames")
  }

  // MARK: Phases

  @Test func phaseKeys() {
    let e = error(codemod(phases: #"[{"number": 1, "name": "p", "include": ["**"], "transform": []}]"#))
    #expect(e?.keyPath == "phases[0].transform")
    #expect(e?.message.hasSuffix("did you mean 'transforms'?") == true)
    #expect(error(codemod(phases: #"[{"number": 1, "name": "p", "include": ["**"]}]"#))?.message == "missing key 'transforms'")
    #expect(error(codemod(phases: #"[3]"#))?.message == "expected a phase (a JSON object), found a number (3)")
  }

  @Test func phaseNumbers() {
    func phases(_ numbers: [String]) -> String {
      "[" + numbers.enumerated().map { #"{"number": \#($1), "name": "p\#($0)", "include": ["**"], "transforms": [{"kind": "remove-module", "id": "r\#($0)", "module": "m"}]}"# }.joined(separator: ",") + "]"
    }
    #expect(error(codemod(phases: phases(["0"])))?.message == "expected a phase number from 1 to 99, found 0")
    #expect(error(codemod(phases: phases(["100"])))?.message == "expected a phase number from 1 to 99, found 100")
    #expect(error(codemod(phases: phases(["1.5"])))?.message == "expected a phase number from 1 to 99, found a number (1.5)")
    #expect(error(codemod(phases: phases(["\"2\""])))?.message == #"expected a phase number from 1 to 99, found a string ("2")"#)
    #expect(error(codemod(phases: phases(["99999999999999999999999"])))?.keyPath == "phases[0].number")
    let twice = error(codemod(phases: phases(["2", "2"])))
    #expect(twice?.keyPath == "phases[1].number" && twice?.message == "phase number 2 is used twice")
    #expect(error(codemod(phases: phases(["3", "2"])))?.message == "phases must be listed in ascending order: 2 comes after 3")
    #expect((try? load(codemod(phases: phases(["2", "5", "7"]))))?.phases.map(\.number) == [2, 5, 7])
  }

  @Test func phaseNamesAreKebabCaseAndUnique() {
    for bad in ["Discover", "snake_case", "-x", "x-", "a--b", "", "1st"] {
      let e = error(codemod(phases: #"[{"number": 1, "name": "\#(bad)", "include": ["**"], "transforms": [\#(rc)]}]"#))
      #expect(e?.keyPath == "phases[0].name", "\(bad)")
    }
    let e = error(
      codemod(phases: #"[{"number": 1, "name": "p", "mode": "report", "include": ["**"], "transforms": []}, {"number": 2, "name": "p", "mode": "report", "include": ["**"], "transforms": []}]"#))
    #expect(e?.keyPath == "phases[1].name" && e?.message == "phase name 'p' is already used by phase 1")
  }

  @Test func modes() {
    let e = error(codemod(phases: #"[{"number": 1, "name": "p", "mode": "reprot", "include": ["**"], "transforms": []}]"#))
    #expect(e?.message == "expected one of: rewrite, report, validate, found 'reprot'; did you mean 'report'?")
    let withTransforms = error(codemod(phases: #"[{"number": 1, "name": "p", "mode": "validate", "include": ["**"], "transforms": [\#(rc)]}]"#))
    #expect(withTransforms?.keyPath == "phases[0].transforms")
    #expect(withTransforms?.message.hasPrefix("a validate phase runs no transforms") == true)
    let empty = error(codemod(phases: #"[{"number": 1, "name": "p", "include": ["**"], "transforms": []}]"#))
    #expect(empty?.message.hasPrefix("a rewrite phase needs at least one transform") == true)
  }

  @Test func globsAndGate() throws {
    let c = try load(codemod(phases: #"[{"number": 1, "name": "p", "include": ["src/**/*.py"], "exclude": ["src/gen/**"], "gate": "phase-1-committed", "transforms": [\#(rc)]}]"#))
    #expect(c.phases[0].gate == "phase-1-committed")
    #expect(c.phases[0].includes("src/a/b.py") && !c.phases[0].includes("src/gen/x.py") && !c.phases[0].includes("lib/x.py"))
    #expect(error(codemod(phases: #"[{"number": 1, "name": "p", "include": [], "transforms": [\#(rc)]}]"#))?.keyPath == "phases[0].include")
    #expect(error(codemod(phases: #"[{"number": 1, "name": "p", "include": [""], "transforms": [\#(rc)]}]"#))?.keyPath == "phases[0].include[0]")
    #expect(error(codemod(phases: #"[{"number": 1, "name": "p", "include": ["a", 3], "transforms": [\#(rc)]}]"#))?.keyPath == "phases[0].include[1]")
    #expect(error(codemod(phases: #"[{"number": 1, "name": "p", "include": "**", "transforms": [\#(rc)]}]"#))?.keyPath == "phases[0].include")
    #expect(error(codemod(phases: #"[{"number": 1, "name": "p", "include": ["**"], "gate": "", "transforms": [\#(rc)]}]"#))?.keyPath == "phases[0].gate")
  }

  // MARK: Transforms

  private func onePhase(_ transforms: String) -> String {
    codemod(phases: #"[{"number": 1, "name": "p", "include": ["**"], "transforms": [\#(transforms)]}]"#)
  }

  @Test func unknownKindListsKnownKinds() {
    let e = error(onePhase(#"{"kind": "replace-cal", "id": "x"}"#))
    #expect(e?.keyPath == "phases[0].transforms[0].kind")
    #expect(
      e?.message
        == "unknown transform kind 'replace-cal'; known kinds: move-import, remove-module, replace-call, replace-definition, warn-on-import; did you mean 'replace-call'?"
    )
  }

  @Test func entryShape() {
    #expect(error(onePhase(#"{}"#))?.message.hasPrefix("a transform entry needs \"kind\" and \"id\"") == true)
    #expect(error(onePhase(#"{"id": "x"}"#))?.message.hasPrefix("missing key 'kind'") == true)
    #expect(error(onePhase(#"{"kind": "remove-module", "module": "m"}"#))?.message.hasPrefix("missing key 'id'") == true)
    #expect(error(onePhase(#"{"kind": "remove-module", "id": "Bad_Id", "module": "m"}"#))?.keyPath == "phases[0].transforms[0].id")
    #expect(error(onePhase(#"{"kind": 1, "id": "x"}"#))?.keyPath == "phases[0].transforms[0].kind")
    #expect(error(onePhase(#""remove-module""#))?.keyPath == "phases[0].transforms[0]")
    #expect(error(onePhase(#"{"use": "x", "kind": "remove-module"}"#))?.message.contains("not both") == true)
  }

  @Test func specErrorsHaveFullKeyPaths() {
    let typeMismatch = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"callee": "a.b"}, {"callee": 3}], "replacement": "X()"}"#))
    #expect(typeMismatch?.keyPath == "phases[0].transforms[0].match[1].callee")
    #expect(typeMismatch?.message == "expected a string, found a number (3)")

    let missing = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"async": true}], "replacement": "X()"}"#))
    #expect(missing?.keyPath == "phases[0].transforms[0].match[0]")
    #expect(missing?.message == "missing key 'callee'")

    let unknown = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"calee": "a.b"}], "replacement": "X()"}"#))
    #expect(unknown?.keyPath == "phases[0].transforms[0].match[0].calee")
    #expect(unknown?.message == "unknown key 'calee'; expected one of: async, callee")

    let notArray = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": {"callee": "a.b"}, "replacement": "X()"}"#))
    #expect(notArray?.keyPath == "phases[0].transforms[0].match")
    #expect(notArray?.message == "expected an array, found an object")

    let notObject = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": ["a.b"], "replacement": "X()"}"#))
    #expect(notObject?.keyPath == "phases[0].transforms[0].match[0]")
    #expect(notObject?.message == #"expected an object, found a string ("a.b")"#)

    let null = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"callee": "a.b"}], "replacement": null}"#))
    #expect(null?.keyPath == "phases[0].transforms[0].replacement")
    #expect(null?.message == "expected a string, found null")

    let fraction = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"callee": "a.b"}], "arguments": {"ctx": {"position": 1.5}}, "replacement": "X()"}"#))
    #expect(fraction?.keyPath == "phases[0].transforms[0].arguments.ctx.position")
    #expect(fraction?.message == "expected an integer, found a number (1.5)")

    let boolString = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"callee": "a.b", "async": "yes"}], "replacement": "X()"}"#))
    #expect(boolString?.keyPath == "phases[0].transforms[0].match[0].async")
    #expect(boolString?.message == #"expected true or false, found a string ("yes")"#)
  }

  @Test func transformInitErrorsGetTheFile() {
    let e = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"callee": "nodots"}], "replacement": "X()"}"#))
    #expect(e?.file == "test.json")
    #expect(e?.keyPath == "phases[0].transforms[0].match[0].callee")
    #expect(e?.message == "'nodots' is not a qualified name")
    // An empty key path from the transform becomes the entry's.
    let empty = error(onePhase(#"{"kind": "replace-call", "id": "x", "match": [{"callee": "a.b"}], "replacement": ""}"#))
    #expect(empty?.keyPath == "phases[0].transforms[0]" && empty?.message == "the replacement is empty")
    // A non-CodemodError is still reported with the file and entry.
    let plain = error(onePhase(#"{"kind": "remove-module", "id": "x", "module": ""}"#))
    #expect(plain?.keyPath == "phases[0].transforms[0]")
    #expect(plain?.message == "invalid remove-module transform: module must not be empty")
  }

  @Test func idsAreUniqueAcrossTheCodemod() {
    let e = error(
      codemod(phases: #"[{"number": 1, "name": "a", "include": ["**"], "transforms": [\#(rc)]}, {"number": 2, "name": "b", "include": ["**"], "transforms": [\#(rc)]}]"#))
    #expect(e?.keyPath == "phases[1].transforms[0].id")
    #expect(e?.message == "id 'rc' is already used by the transform at phases[0].transforms[0]")
  }

  @Test func useRules() throws {
    let def = #"{"number": 1, "name": "a", "include": ["**"], "transforms": [\#(rc)]}"#
    func second(_ transforms: String) -> String {
      codemod(phases: "[\(def), {\"number\": 2, \"name\": \"b\", \"include\": [\"**\"], \"transforms\": [\(transforms)]}]")
    }
    let ok = try load(second(#"{"use": "rc"}"#))
    #expect(ok.phases[1].transforms.map(\.id) == ["rc"])
    #expect((ok.phases[1].transforms[0] as? LoaderFakeReplaceCall)?.spec.replacement == "X()")

    let unknown = error(second(#"{"use": "rcc"}"#))
    #expect(unknown?.keyPath == "phases[1].transforms[0].use")
    #expect(unknown?.message == "no earlier phase defines a transform with id 'rcc'; did you mean 'rc'?")

    let extraKey = error(second(#"{"use": "rc", "id": "y"}"#))
    #expect(extraKey?.keyPath == "phases[1].transforms[0].id")

    let twice = error(second(#"{"use": "rc"}, {"use": "rc"}"#))
    #expect(twice?.keyPath == "phases[1].transforms[1]" && twice?.message == "transform 'rc' is already in this phase")

    // Defined later.
    let later = error(
      codemod(phases: #"[{"number": 1, "name": "a", "include": ["**"], "transforms": [{"use": "rc"}]}, {"number": 2, "name": "b", "include": ["**"], "transforms": [\#(rc)]}]"#))
    #expect(later?.message == "transform 'rc' is defined later, at phases[1].transforms[0]; a phase can only reuse a transform defined in an earlier phase")

    // Same phase.
    let same = error(onePhase(#"\#(rc), {"use": "rc"}"#))
    #expect(same?.keyPath == "phases[0].transforms[1].use")
    #expect(same?.message.contains("defined in this same phase") == true)

    #expect(error(second(#"{"use": 3}"#))?.message == "expected a string, found a number (3)")
  }

  // MARK: Files

  @Test func fileErrors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("codemod-loader-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }

    func fileError(_ path: String) -> CodemodError? {
      do {
        _ = try CodemodLoader.load(path: path, registry: registry)
        Issue.record("expected an error for \(path)")
        return nil
      } catch { return error }
    }
    let missing = dir.appendingPathComponent("missing.json").path
    #expect(fileError(missing) == CodemodError(file: missing, keyPath: "", message: "no such file; check the --codemod path"))
    #expect(fileError(dir.path)?.message.hasPrefix("is a directory") == true)
    #expect(fileError("")?.message.hasPrefix("no codemod file given") == true)

    let empty = dir.appendingPathComponent("empty.json")
    try Data().write(to: empty)
    #expect(fileError(empty.path)?.message.hasPrefix("the file is empty") == true)
    #expect(fileError(empty.path)?.description.hasPrefix("\(empty.path): the file is empty") == true)

    let latin1 = dir.appendingPathComponent("latin1.json")
    try Data([0x7B, 0x22, 0xE9, 0x22, 0x7D]).write(to: latin1)
    #expect(fileError(latin1.path)?.message.contains("invalid UTF-8") == true)

    let good = dir.appendingPathComponent("good.json")
    try Data(try builtinBytes()).write(to: good)
    #expect(try CodemodLoader.load(path: good.path, registry: registry).source == good.path)
  }

  // MARK: Fuzz

  /// Mutates the built-in codemod many ways; `load` must return or throw `CodemodError`, never
  /// trap or hang. Deterministic (fixed seed), bounded in time.
  @Test func fuzzMutatedBuiltinNeverTraps() throws {
    let original = try builtinBytes()
    let document = try JSONParser.parse(original)
    var rng = SeededGenerator(seed: 0x55_07_3D_16)
    let start = ContinuousClock.now
    var loaded = 0
    var rejected = 0
    var messages: Set<String> = []
    for iteration in 0..<2_000 {
      let input: [UInt8]
      switch iteration % 6 {
      case 0: input = Mutations.flipBytes(original, count: 1 + Int(rng.next() % 4), rng: &rng)
      case 1: input = Array(original.prefix(Int(rng.next() % UInt64(original.count + 1))))
      case 2: input = JSONWriter.bytes(Mutations.deleteKey(document, rng: &rng))
      case 3: input = JSONWriter.bytes(Mutations.duplicateOrSwap(document, rng: &rng), pretty: rng.next() % 2 == 0)
      case 4: input = JSONWriter.bytes(Mutations.swapType(document, rng: &rng))
      default:
        var m = document
        for _ in 0..<(1 + rng.next() % 3) {
          switch rng.next() % 3 {
          case 0: m = Mutations.deleteKey(m, rng: &rng)
          case 1: m = Mutations.duplicateOrSwap(m, rng: &rng)
          default: m = Mutations.swapType(m, rng: &rng)
          }
        }
        input = JSONWriter.bytes(m)
      }
      do {
        _ = try CodemodLoader.load(json: input, source: "fuzz.json", registry: registry)
        loaded += 1
      } catch {
        rejected += 1
        #expect(error.file == "fuzz.json")
        #expect(!error.message.isEmpty)
        messages.insert(error.message)
      }
      if ContinuousClock.now - start > .seconds(60) {
        Issue.record("fuzzing took over 60 s at iteration \(iteration)")
        break
      }
    }
    if ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil {
      print("loaded \(loaded), rejected \(rejected), distinct messages \(messages.count)")
      for m in messages.sorted() { print("  \(m)") }
    }
    #expect(loaded + rejected > 0)
    #expect(rejected > 500)
    #expect(loaded > 20)
    #expect(messages.count > 50)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(error(deep)?.message.contains("nested more than") == true)
    let deepInSpec = onePhase(#"{"kind": "remove-module", "id": "x", "module": \#(String(repeating: "[", count: 150))1\#(String(repeating: "]", count: 150))}"#)
    #expect(error(deepInSpec)?.keyPath.hasPrefix("phases[0].transforms[0].module") == true)
  }
}

// MARK: - Fuzz helpers

/// A small deterministic PRNG (SeededGenerator) so fuzz runs reproduce.


private enum Mutations {
  static func flipBytes(_ bytes: [UInt8], count: Int, rng: inout SeededGenerator) -> [UInt8] {
    var out = bytes
    for _ in 0..<count where !out.isEmpty {
      let i = Int(rng.next() % UInt64(out.count))
      switch rng.next() % 4 {
      case 0: out[i] ^= UInt8(1 << (rng.next() % 8))
      case 1: out[i] = UInt8(truncatingIfNeeded: rng.next())
      case 2: out.remove(at: i)
      default:
        let structural = Array(#"{}[],:"0\"#.utf8)
        out.insert(structural[Int(rng.next() % UInt64(structural.count))], at: i)
      }
    }
    return out
  }

  /// Number of container nodes (objects and arrays) in the tree, for picking one at random.
  static func containers(_ v: JSONValue) -> Int {
    switch v {
    case .array(let a): return 1 + a.reduce(0) { $0 + containers($1) }
    case .object(let o): return 1 + o.reduce(0) { $0 + containers($1.value) }
    default: return 0
    }
  }

  /// Applies `change` to the `target`-th container (pre-order).
  static func modify(_ v: JSONValue, target: inout Int, _ change: (JSONValue) -> JSONValue) -> JSONValue {
    switch v {
    case .array(let a):
      if target == 0 { target -= 1; return change(v) }
      target -= 1
      return .array(a.map { modify($0, target: &target, change) })
    case .object(let o):
      if target == 0 { target -= 1; return change(v) }
      target -= 1
      return .object(o.map { (key: $0.key, value: modify($0.value, target: &target, change)) })
    default:
      return v
    }
  }

  static func pick(_ v: JSONValue, rng: inout SeededGenerator) -> Int { Int(rng.next() % UInt64(max(1, containers(v)))) }

  static func deleteKey(_ v: JSONValue, rng: inout SeededGenerator) -> JSONValue {
    var target = pick(v, rng: &rng)
    let r = rng.next()
    return modify(v, target: &target) { node in
      switch node {
      case .object(var o) where !o.isEmpty: o.remove(at: Int(r % UInt64(o.count))); return .object(o)
      case .array(var a) where !a.isEmpty: a.remove(at: Int(r % UInt64(a.count))); return .array(a)
      default: return node
      }
    }
  }

  static func duplicateOrSwap(_ v: JSONValue, rng: inout SeededGenerator) -> JSONValue {
    var target = pick(v, rng: &rng)
    let r = rng.next()
    let r2 = rng.next()
    return modify(v, target: &target) { node in
      switch node {
      case .object(var o) where !o.isEmpty:
        let i = Int(r % UInt64(o.count))
        if r2 % 2 == 0 { o.append(o[i]) } else { o.swapAt(i, Int(r2 % UInt64(o.count))) }  // duplicate key, or reorder
        return .object(o)
      case .array(var a) where !a.isEmpty:
        let i = Int(r % UInt64(a.count))
        if r2 % 2 == 0 { a.append(a[i]) } else { a.swapAt(i, Int(r2 % UInt64(a.count))) }
        return .array(a)
      default: return node
      }
    }
  }

  static let replacements: [JSONValue] = [
    .null, .bool(true), .number("0"), .number("-1"), .number("1.5"), .number("1e400"), .number("100"),
    .string(""), .string("x"), .string("Bad Name"), .string("a.b"), .array([]), .object([]),
    .string("\u{0}\u{1F}\"\\é"), .array([.object([])]),
  ]

  /// Replaces one member or element with a value of another type.
  static func swapType(_ v: JSONValue, rng: inout SeededGenerator) -> JSONValue {
    var target = pick(v, rng: &rng)
    let r = rng.next()
    let replacement = replacements[Int(rng.next() % UInt64(replacements.count))]
    return modify(v, target: &target) { node in
      switch node {
      case .object(var o) where !o.isEmpty:
        let i = Int(r % UInt64(o.count))
        o[i] = (key: o[i].key, value: replacement)
        return .object(o)
      case .array(var a) where !a.isEmpty:
        a[Int(r % UInt64(a.count))] = replacement
        return .array(a)
      default: return node
      }
    }
  }
}
