import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a codemod file and turns it into a validated `Codemod`, or a `CodemodError` naming the
/// file, the key path (`phases[1].transforms[0].match[2].callee`) and what was expected.
///
/// The document is parsed with `JSONParser` (member order kept, duplicate keys rejected, line and
/// column for syntax errors). The codemod's own structure is checked by hand here; each
/// transform entry's spec keys are re-serialized and decoded with `JSONDecoder` into the kind's
/// strict `Spec`, and its `DecodingError`s are translated into key paths and plain words.
///
/// ```json
/// { "schema": "ssot-migrate/codemod/v1", "name": "n", "description": "…", "roots": [""],
///   "verifySyntax": false, "ssotNames": { "Name": "pkg.mod.Name" },
///   "phases": [ { "number": 1, "name": "kebab-name", "mode": "rewrite",
///                 "include": ["**/*.py"], "exclude": [], "gate": "…",
///                 "transforms": [ { "kind": "replace-call", "id": "kebab-id", …spec keys… },
///                                 { "use": "an-id-from-an-earlier-phase" } ] } ] }
/// ```
public enum CodemodLoader {
  /// Larger files are refused before reading (a codemod is a few kilobytes).
  public static let maxFileSize = 16 << 20

  /// Loads the codemod file at `path`.
  public static func load(path: String, registry: [any Transform.Type]) throws(CodemodError) -> Codemod {
    let bytes = try readFile(path)
    return try load(json: bytes, source: path, registry: registry)
  }

  /// Loads a codemod from its bytes; `source` names it in errors and in `Codemod.source`.
  public static func load(json: [UInt8], source: String, registry: [any Transform.Type]) throws(CodemodError) -> Codemod {
    var loader = Loader(source: source, registry: registry)
    return try loader.load(json)
  }

  // MARK: - Reading the file

  static func readFile(_ path: String) throws(CodemodError) -> [UInt8] {
    func fail(_ message: String) -> CodemodError { CodemodError(file: path, keyPath: "", message: message) }
    if path.isEmpty { throw fail("no codemod file given (an empty path)") }
    let fd = open(path, O_RDONLY)
    if fd < 0 {
      let code = errno
      switch code {
      case ENOENT: throw fail("no such file; check the --codemod path")
      case EACCES: throw fail("permission denied: cannot read the codemod file")
      case EISDIR: throw fail("is a directory, not a codemod file; pass the path of a .json file")
      default: throw fail("cannot open the codemod file: \(String(cString: strerror(code)))")
      }
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw fail("cannot read the codemod file: \(String(cString: strerror(errno)))")
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw fail("is a directory, not a codemod file; pass the path of a .json file")
    }
    if (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > maxFileSize {
      throw fail("the codemod file is \(info.st_size) bytes; more than \(maxFileSize) is not a codemod")
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        let code = errno
        if code == EISDIR { throw fail("is a directory, not a codemod file; pass the path of a .json file") }
        throw fail("cannot read the codemod file: \(String(cString: strerror(code)))")
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      if bytes.count > maxFileSize {
        throw fail("the codemod file is larger than \(maxFileSize) bytes; that is not a codemod")
      }
    }
    return bytes
  }
}

// MARK: - The loader

private struct Loader {
  let source: String
  let registry: [any Transform.Type]

  /// Transforms defined so far: id -> (where, the instance, index of its phase).
  var defined: [String: (path: JSONPath, transform: any Transform, phase: Int)] = [:]
  /// Every `kind` entry's id anywhere in the file, to say "defined later" for a forward `use`.
  var allDefinitions: [String: JSONPath] = [:]

  init(source: String, registry: [any Transform.Type]) {
    self.source = source
    self.registry = registry
  }

  func fail(_ path: JSONPath, _ message: String) -> CodemodError {
    CodemodError(file: source, keyPath: path.description, message: message)
  }

  mutating func load(_ bytes: [UInt8]) throws(CodemodError) -> Codemod {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
      throw fail(
        .root,
        bytes.isEmpty
          ? "the file is empty; a codemod is a JSON object with \"schema\": \"\(Codemod.schema)\", \"name\" and \"phases\""
          : "the file holds only whitespace; a codemod is a JSON object with \"schema\", \"name\" and \"phases\"")
    }
    let document: JSONValue
    do {
      document = try JSONParser.parse(bytes)
    } catch {
      throw fail(error.path, "malformed JSON at line \(error.line), column \(error.column): \(error.message)")
    }

    let top = try object(document, at: .root, what: "a codemod (a JSON object)")
    try checkKeys(
      top, at: .root,
      allowed: ["schema", "name", "description", "roots", "verifySyntax", "ssotNames", "phases"],
      required: ["schema"])

    // The schema first: a file for another schema version may use other keys altogether.
    let schema = try string(top["schema"]!, at: JSONPath.root.key("schema"))
    guard schema == Codemod.schema else {
      throw fail(
        JSONPath.root.key("schema"),
        "unsupported schema '\(schema)'; this version of ssot-migrate reads \"\(Codemod.schema)\"")
    }
    try checkKeys(top, at: .root, allowed: [], required: ["name", "phases"])

    let name = try nonEmptyString(top["name"]!, at: JSONPath.root.key("name"))
    let description = try top["description"].map { v throws(CodemodError) in try string(v, at: JSONPath.root.key("description")) } ?? ""
    let roots = try top["roots"].map { v throws(CodemodError) in try parseRoots(v) } ?? [""]
    let verifySyntax = try top["verifySyntax"].map { v throws(CodemodError) in try bool(v, at: JSONPath.root.key("verifySyntax")) } ?? false
    let ssotNames = try top["ssotNames"].map { v throws(CodemodError) in try parseSSOTNames(v) } ?? []

    let phasesPath = JSONPath.root.key("phases")
    let phaseValues = try array(top["phases"]!, at: phasesPath, what: "an array of phases")
    if phaseValues.isEmpty { throw fail(phasesPath, "a codemod needs at least one phase") }
    collectDefinitions(phaseValues, at: phasesPath)

    var phases: [Phase] = []
    var phaseNames: [String: Int] = [:]
    for (index, value) in phaseValues.enumerated() {
      let phase = try parsePhase(value, at: phasesPath.index(index), phaseIndex: index, previous: phases.last)
      if let other = phaseNames[phase.name] {
        throw fail(phasesPath.index(index).key("name"), "phase name '\(phase.name)' is already used by phase \(other)")
      }
      phaseNames[phase.name] = phase.number
      phases.append(phase)
    }
    return Codemod(
      name: name, description: description, roots: roots, verifySyntax: verifySyntax, ssotNames: ssotNames,
      phases: phases, source: source)
  }

  // MARK: Top level

  func parseRoots(_ value: JSONValue) throws(CodemodError) -> [String] {
    let path = JSONPath.root.key("roots")
    let items = try array(value, at: path, what: "an array of directories relative to the repository root")
    if items.isEmpty { throw fail(path, "roots must list at least one directory (\"\" is the repository root)") }
    var roots: [String] = []
    for (i, item) in items.enumerated() {
      var root = try string(item, at: path.index(i))
      if root == "." || root == "./" { root = "" }
      while root.hasSuffix("/") { root.removeLast() }
      if root.hasPrefix("/") {
        throw fail(path.index(i), "'\(root)' is absolute; roots are relative to the repository root (\"\" is the root itself)")
      }
      if root.contains("\\") { throw fail(path.index(i), "use '/' to separate directories, found '\(root)'") }
      if root.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) && !root.isEmpty {
        throw fail(path.index(i), "'\(root)' must be a plain relative path without '.', '..' or empty parts")
      }
      if roots.contains(root) { throw fail(path.index(i), "root '\(root)' is listed twice") }
      roots.append(root)
    }
    return roots
  }

  func parseSSOTNames(_ value: JSONValue) throws(CodemodError) -> [(name: String, canonical: String)] {
    let path = JSONPath.root.key("ssotNames")
    let members = try object(value, at: path, what: "an object mapping each name to its canonical qualified name")
    var out: [(name: String, canonical: String)] = []
    for member in members {
      let memberPath = path.key(member.key)
      guard QualifiedNameSyntax.isIdentifier(member.key) else {
        throw fail(memberPath, "'\(member.key)' is not a Python identifier; ssotNames keys are class or alias names like WebSocketManager")
      }
      let canonical = try string(member.value, at: memberPath)
      guard QualifiedNameSyntax.isQualified(canonical) else {
        throw fail(memberPath, "expected a qualified name like package.module.\(member.key), found '\(canonical)'")
      }
      out.append((name: member.key, canonical: canonical))
    }
    return out
  }

  /// Pre-pass: the id of every `kind` entry, leniently (errors are reported by the real pass).
  mutating func collectDefinitions(_ phases: [JSONValue], at path: JSONPath) {
    for (p, phase) in phases.enumerated() {
      guard case .array(let entries)? = phase["transforms"] else { continue }
      for (t, entry) in entries.enumerated() {
        if case .string(let id)? = entry["id"], entry["kind"] != nil, allDefinitions[id] == nil {
          allDefinitions[id] = path.index(p).key("transforms").index(t)
        }
      }
    }
  }

  // MARK: Phases

  mutating func parsePhase(_ value: JSONValue, at path: JSONPath, phaseIndex: Int, previous: Phase?) throws(CodemodError) -> Phase {
    let members = try object(value, at: path, what: "a phase (a JSON object)")
    try checkKeys(
      members, at: path,
      allowed: ["number", "name", "mode", "include", "exclude", "gate", "transforms"],
      required: ["number", "name", "include", "transforms"])

    let numberPath = path.key("number")
    let number = try integer(members["number"]!, at: numberPath, what: "a phase number from 1 to 99")
    guard (1...99).contains(number) else {
      throw fail(numberPath, "expected a phase number from 1 to 99, found \(number)")
    }
    if let previous {
      if number == previous.number { throw fail(numberPath, "phase number \(number) is used twice") }
      if number < previous.number {
        throw fail(numberPath, "phases must be listed in ascending order: \(number) comes after \(previous.number)")
      }
    }

    let name = try kebabCase(members["name"]!, at: path.key("name"), what: "phase name", example: "factory-to-constructor")

    var mode = Phase.Mode.rewrite
    if let modeValue = members["mode"] {
      let text = try string(modeValue, at: path.key("mode"))
      guard let m = Phase.Mode(rawValue: text) else {
        let known = Phase.Mode.allCases.map(\.rawValue)
        throw fail(
          path.key("mode"),
          "expected one of: \(known.joined(separator: ", ")), found '\(text)'\(Suggestion.didYouMean(text, in: known))")
      }
      mode = m
    }

    let include = try globs(members["include"]!, at: path.key("include"), allowEmpty: false)
    let exclude = try members["exclude"].map { v throws(CodemodError) in try globs(v, at: path.key("exclude"), allowEmpty: true) } ?? []
    let gate = try members["gate"].map { v throws(CodemodError) in try nonEmptyString(v, at: path.key("gate")) }

    let transformsPath = path.key("transforms")
    let entries = try array(members["transforms"]!, at: transformsPath, what: "an array of transforms")
    if mode != .rewrite && !entries.isEmpty {
      throw fail(
        transformsPath,
        "a \(mode.rawValue) phase runs no transforms; remove them or make it a rewrite phase (\"mode\": \"rewrite\")")
    }
    if mode == .rewrite && entries.isEmpty {
      throw fail(transformsPath, "a rewrite phase needs at least one transform (or set \"mode\": \"report\")")
    }
    var transforms: [any Transform] = []
    var idsInPhase: Set<String> = []
    for (t, entry) in entries.enumerated() {
      let transform = try parseTransform(entry, at: transformsPath.index(t), phaseIndex: phaseIndex)
      if !idsInPhase.insert(transform.id).inserted {
        throw fail(transformsPath.index(t), "transform '\(transform.id)' is already in this phase")
      }
      transforms.append(transform)
    }
    return Phase(number: number, name: name, mode: mode, include: include, exclude: exclude, gate: gate, transforms: transforms)
  }

  func globs(_ value: JSONValue, at path: JSONPath, allowEmpty: Bool) throws(CodemodError) -> [PathGlob] {
    let items = try array(value, at: path, what: "an array of path globs such as \"**/*.py\"")
    if items.isEmpty && !allowEmpty {
      throw fail(path, "include must list at least one path glob, e.g. \"**/*.py\"")
    }
    var out: [PathGlob] = []
    for (i, item) in items.enumerated() {
      let pattern = try string(item, at: path.index(i))
      do {
        out.append(try PathGlob(pattern))
      } catch {
        throw fail(path.index(i), error.message)
      }
    }
    return out
  }

  // MARK: Transforms

  mutating func parseTransform(_ value: JSONValue, at path: JSONPath, phaseIndex: Int) throws(CodemodError) -> any Transform {
    let members = try object(value, at: path, what: "a transform: {\"kind\": …, \"id\": …, …} or {\"use\": \"<id>\"}")
    let hasUse = members.contains { $0.key == "use" }
    let hasKind = members.contains { $0.key == "kind" }

    if hasUse {
      if hasKind {
        throw fail(path, "an entry either defines a transform (\"kind\", \"id\", …) or reuses one (\"use\"), not both")
      }
      if let other = members.first(where: { $0.key != "use" }) {
        throw fail(path.key(other.key), "unknown key '\(other.key)'; a {\"use\": \"<id>\"} entry has no other keys")
      }
      let usePath = path.key("use")
      let id = try string(members["use"]!, at: usePath)
      if let found = defined[id] {
        if found.phase == phaseIndex {
          throw fail(usePath, "transform '\(id)' is defined in this same phase (\(found.path)); 'use' reuses a transform of an earlier phase")
        }
        return found.transform
      }
      if let later = allDefinitions[id] {
        throw fail(usePath, "transform '\(id)' is defined later, at \(later); a phase can only reuse a transform defined in an earlier phase")
      }
      throw fail(usePath, "no earlier phase defines a transform with id '\(id)'\(Suggestion.didYouMean(id, in: defined.keys.sorted()))")
    }

    if !hasKind {
      if members.contains(where: { $0.key == "id" }) {
        throw fail(path, "missing key 'kind'; known kinds: \(knownKinds)")
      }
      throw fail(path, "a transform entry needs \"kind\" and \"id\" (to define a transform) or \"use\" (to reuse one from an earlier phase)")
    }
    let kindPath = path.key("kind")
    let kind = try string(members["kind"]!, at: kindPath)
    guard let type = registry.first(where: { $0.kind == kind }) else {
      throw fail(kindPath, "unknown transform kind '\(kind)'; known kinds: \(knownKinds)\(Suggestion.didYouMean(kind, in: registry.map { $0.kind }))")
    }
    guard let idValue = members["id"] else { throw fail(path, "missing key 'id' (a kebab-case name for this transform)") }
    let id = try kebabCase(idValue, at: path.key("id"), what: "transform id", example: "factory-call")
    if let other = defined[id] {
      throw fail(path.key("id"), "id '\(id)' is already used by the transform at \(other.path)")
    }

    let spec = JSONValue.object(members.filter { $0.key != "kind" && $0.key != "id" })
    let transform = try build(type, id: id, spec: spec, at: path)
    defined[id] = (path, transform, phaseIndex)
    return transform
  }

  var knownKinds: String { registry.map { $0.kind }.sorted().joined(separator: ", ") }

  func build<T: Transform>(_ type: T.Type, id: String, spec: JSONValue, at path: JSONPath) throws(CodemodError) -> any Transform {
    let decoded: T.Spec
    do {
      decoded = try JSONDecoder().decode(T.Spec.self, from: Data(JSONWriter.bytes(spec)))
    } catch let error as DecodingError {
      throw translate(error, spec: spec, at: path)
    } catch let error as CodemodError {
      throw CodemodError(file: source, keyPath: error.keyPath.isEmpty ? path.description : error.keyPath, message: error.message)
    } catch {
      throw fail(path, "invalid \(T.kind) transform: \(error)")
    }
    do {
      return try T(id: id, spec: decoded, keyPath: path.description)
    } catch let error as CodemodError {
      throw CodemodError(file: source, keyPath: error.keyPath.isEmpty ? path.description : error.keyPath, message: error.message)
    } catch let error as DecodingError {
      throw translate(error, spec: spec, at: path)
    } catch {
      throw fail(path, "invalid \(T.kind) transform: \(error)")
    }
  }

  /// A `DecodingError` from a spec's `init(from:)` in the codemod's terms.
  func translate(_ error: DecodingError, spec: JSONValue, at path: JSONPath) -> CodemodError {
    func locate(_ codingPath: [any CodingKey]) -> (JSONPath, JSONValue?) {
      let relative = JSONPath(codingPath: codingPath)
      return (path + relative, Self.value(in: spec, at: relative.components))
    }
    switch error {
    case .typeMismatch(let type, let context):
      let (where_, found) = locate(context.codingPath)
      return fail(where_, "expected \(Self.describe(type)), found \(found.map(Self.describeFound) ?? "something else")")
    case .valueNotFound(let type, let context):
      let (where_, found) = locate(context.codingPath)
      return fail(where_, "expected \(Self.describe(type)), found \(found.map(Self.describeFound) ?? "nothing")")
    case .keyNotFound(let key, let context):
      var containerPath = context.codingPath
      // Some decoders include the missing key itself in the context path.
      if let last = containerPath.last, last.stringValue == key.stringValue, last.intValue == key.intValue {
        containerPath.removeLast()
      }
      let (where_, _) = locate(containerPath)
      if let i = key.intValue {
        return fail(where_, "too few elements: missing element [\(i)]")
      }
      return fail(where_, "missing key '\(key.stringValue)'")
    case .dataCorrupted(let context):
      let (where_, found) = locate(context.codingPath)
      var message = context.debugDescription
      if message.isEmpty || message.hasPrefix("The given data was not valid JSON") {
        // swift-foundation reports a number that does not fit the requested type (1.5 or 1e300
        // for an `Int`) this way, without a path: point at the first number that is not an Int.
        if context.codingPath.isEmpty, let (numberPath, text) = Self.firstNonInteger(in: spec, at: []) {
          return fail(path + JSONPath(numberPath), "expected an integer, found a number (\(text))")
        }
        message = "invalid value"
      }
      if let found, case .number = found, !message.contains("unknown key") {
        message = "\(Self.describeFound(found)) is not valid here: \(message)"
      }
      return fail(where_, message)
    @unknown default:
      return fail(path, "\(error)")
    }
  }

  static func firstNonInteger(in value: JSONValue, at path: [JSONPath.Component]) -> ([JSONPath.Component], String)? {
    switch value {
    case .number(let text): return Int(text) == nil ? (path, text) : nil
    case .array(let elements):
      for (i, e) in elements.enumerated() {
        if let found = firstNonInteger(in: e, at: path + [.index(i)]) { return found }
      }
      return nil
    case .object(let members):
      for m in members {
        if let found = firstNonInteger(in: m.value, at: path + [.key(m.key)]) { return found }
      }
      return nil
    default: return nil
    }
  }

  static func value(in root: JSONValue, at components: [JSONPath.Component]) -> JSONValue? {
    var current = root
    for component in components {
      switch (component, current) {
      case (.key(let k), .object):
        guard let next = current[k] else { return nil }
        current = next
      case (.index(let i), .array(let elements)):
        guard i >= 0 && i < elements.count else { return nil }
        current = elements[i]
      default:
        return nil
      }
    }
    return current
  }

  /// "a string", "an integer", "an array", … for a type `Decodable` asked for.
  static func describe(_ type: Any.Type) -> String {
    var name = String(describing: type)
    while name.hasPrefix("Optional<") && name.hasSuffix(">") {
      name = String(name.dropFirst("Optional<".count).dropLast())
    }
    switch name {
    case "String", "Substring", "Character": return "a string"
    case "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64": return "an integer"
    case "Double", "Float", "Float16", "Decimal", "CGFloat": return "a number"
    case "Bool": return "true or false"
    default: break
    }
    if name.hasPrefix("Dictionary<") || (name.hasPrefix("[") && name.contains(":")) { return "an object" }
    if name.hasPrefix("Array<") || name.hasPrefix("[") || name.hasPrefix("Set<") { return "an array" }
    return "a value of type \(name)"
  }

  static func describeFound(_ value: JSONValue) -> String {
    switch value {
    case .string(let s):
      let shown = s.count > 60 ? String(s.prefix(57)) + "..." : s
      return "a string (\(JSONWriter.quoted(shown)))"
    case .number(let n): return "a number (\(n))"
    default: return value.kindDescription
    }
  }

  // MARK: - Checked accessors

  func object(_ value: JSONValue, at path: JSONPath, what: String) throws(CodemodError) -> [(key: String, value: JSONValue)] {
    guard case .object(let members) = value else {
      throw fail(path, "expected \(what), found \(Self.describeFound(value))")
    }
    return members
  }

  func array(_ value: JSONValue, at path: JSONPath, what: String) throws(CodemodError) -> [JSONValue] {
    guard case .array(let elements) = value else {
      throw fail(path, "expected \(what), found \(Self.describeFound(value))")
    }
    return elements
  }

  func string(_ value: JSONValue, at path: JSONPath) throws(CodemodError) -> String {
    guard case .string(let s) = value else { throw fail(path, "expected a string, found \(Self.describeFound(value))") }
    return s
  }

  func nonEmptyString(_ value: JSONValue, at path: JSONPath) throws(CodemodError) -> String {
    let s = try string(value, at: path)
    if s.allSatisfy({ $0.isWhitespace }) { throw fail(path, "expected a non-empty string") }
    return s
  }

  func bool(_ value: JSONValue, at path: JSONPath) throws(CodemodError) -> Bool {
    guard case .bool(let b) = value else { throw fail(path, "expected true or false, found \(Self.describeFound(value))") }
    return b
  }

  func integer(_ value: JSONValue, at path: JSONPath, what: String) throws(CodemodError) -> Int {
    guard case .number(let text) = value, let n = Int(text) else {
      throw fail(path, "expected \(what), found \(Self.describeFound(value))")
    }
    return n
  }

  func kebabCase(_ value: JSONValue, at path: JSONPath, what: String, example: String) throws(CodemodError) -> String {
    let s = try string(value, at: path)
    guard Self.isKebabCase(s) else {
      throw fail(path, "expected a kebab-case \(what) (lowercase letters, digits and single hyphens, e.g. \(example)), found '\(s)'")
    }
    return s
  }

  static func isKebabCase(_ s: String) -> Bool {
    let bytes = Array(s.utf8)
    guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), bytes.last != UInt8(ascii: "-") else {
      return false
    }
    var previousHyphen = false
    for b in bytes {
      if b == UInt8(ascii: "-") {
        if previousHyphen { return false }
        previousHyphen = true
      } else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) {
        previousHyphen = false
      } else {
        return false
      }
    }
    return true
  }

  /// Rejects keys outside `allowed` (when non-empty) and reports the first of `required` missing.
  func checkKeys(_ members: [(key: String, value: JSONValue)], at path: JSONPath, allowed: [String], required: [String]) throws(CodemodError) {
    if !allowed.isEmpty {
      for member in members where !allowed.contains(member.key) {
        throw fail(
          path.key(member.key),
          "unknown key '\(member.key)'; expected one of: \(allowed.sorted().joined(separator: ", "))\(Suggestion.didYouMean(member.key, in: allowed))")
      }
    }
    for key in required where !members.contains(where: { $0.key == key }) {
      throw fail(path, "missing key '\(key)'")
    }
  }
}

extension Array where Element == (key: String, value: JSONValue) {
  fileprivate subscript(key: String) -> JSONValue? { first(where: { $0.key == key })?.value }
}

/// Syntax checks for Python names in codemod files.
public enum QualifiedNameSyntax {
  /// A Python identifier: a letter or `_` (or any non-ASCII character), then letters, digits, `_`.
  public static func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return s.unicodeScalars.allSatisfy { c in
      c.value >= 0x80 ? c.properties.isXIDContinue
        : ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
    } && (first.value < 0x80 || first.properties.isXIDStart)
  }

  /// Two or more identifiers joined by dots: `package.module.Name`.
  public static func isQualified(_ s: String) -> Bool {
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count >= 2 && parts.allSatisfy { isIdentifier(String($0)) }
  }
}
