#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A baseline file that cannot be used: which file, where in it and what is wrong. Exit code 2,
/// like a bad codemod file: the run cannot judge anything without it.
public struct BaselineError: Error, Sendable, Equatable, CustomStringConvertible {
  public let description: String

  init(_ file: String, _ keyPath: JSONPath, _ message: String) {
    description = keyPath.components.isEmpty ? "\(file): \(message)" : "\(file): \(keyPath): \(message)"
  }

  init(_ file: String, _ message: String) {
    self.init(file, .root, message)
  }
}

/// The file: a JSON object with the schema, the codemod's name and the entries, one per line,
/// sorted, without line numbers or timestamps, so that the same tree always gives the same bytes
/// and a change of the tree changes only the lines of the sites it adds or removes:
///
/// ```json
/// {
///   "schema": "ssot-migrate/baseline/v1",
///   "codemod": "websocket-ssot",
///   "sites": [
///     {"path": "app/routes.py", "phase": 2, "rule": "pending-edit:factory-call", "occurrence": 1, "statement": "manager = await create_websocket_manager(ctx)"}
///   ]
/// }
/// ```
extension Baseline {
  public func encoded() -> [UInt8] {
    var out = "{\n  \"schema\": \(JSONWriter.quoted(Self.schema)),\n  \"codemod\": \(JSONWriter.quoted(codemod)),\n  \"sites\": ["
    for (k, entry) in entries.enumerated() {
      out += k == 0 ? "\n" : ",\n"
      out += "    {\"path\": \(JSONWriter.quoted(entry.path)), \"phase\": \(entry.phase), \"rule\": \(JSONWriter.quoted(entry.rule)), "
      out += "\"occurrence\": \(entry.occurrence), \"statement\": \(JSONWriter.quoted(entry.statement))}"
    }
    out += entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
    return Array(out.utf8)
  }

  /// Reads and checks the baseline file at `path` (`--baseline FILE`).
  public static func read(path: String) throws(BaselineError) -> Baseline {
    let bytes: [UInt8]
    do {
      bytes = try AtomicWriter.readBytes(path)
    } catch {
      switch error.errno {
      case ENOENT:
        throw BaselineError(path, "no such baseline file; write it with 'ssot-migrate discover --write-baseline \(path)'")
      case EISDIR: throw BaselineError(path, "is a directory, not a baseline file")
      default: throw BaselineError(path, "cannot read the baseline file: \(error.errnoMessage)")
      }
    }
    return try decode(bytes, file: path)
  }

  /// The baseline in `bytes`; `file` names it in errors. Unknown keys are refused, as in codemod
  /// files: a misspelt key would silently change what the baseline holds.
  public static func decode(_ bytes: [UInt8], file: String) throws(BaselineError) -> Baseline {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
      throw BaselineError(file, "the file is empty; write it with 'ssot-migrate discover --write-baseline \(file)'")
    }
    let document: JSONValue
    do {
      document = try JSONParser.parse(bytes)
    } catch {
      throw BaselineError(
        file, "malformed JSON at line \(error.line), column \(error.column): \(error.message); write the file again with 'ssot-migrate discover --write-baseline \(file)'")
    }
    let top = try members(document, at: .root, keys: ["schema", "codemod", "sites"], file: file)
    guard case .string(let schema) = top["schema"]!, schema == Self.schema else {
      let found = top["schema"].flatMap { if case .string(let s) = $0 { JSONWriter.quoted(s) } else { nil } } ?? top["schema"]!.kindDescription
      throw BaselineError(file, JSONPath.root.key("schema"), "unsupported schema \(found); this version of ssot-migrate reads \(JSONWriter.quoted(Self.schema))")
    }
    guard case .string(let codemod) = top["codemod"]! else {
      throw BaselineError(file, JSONPath.root.key("codemod"), "expected the codemod's name (a string), found \(top["codemod"]!.kindDescription)")
    }
    guard case .array(let sites) = top["sites"]! else {
      throw BaselineError(file, JSONPath.root.key("sites"), "expected an array of sites, found \(top["sites"]!.kindDescription)")
    }
    var entries: [Entry] = []
    entries.reserveCapacity(sites.count)
    for (k, site) in sites.enumerated() {
      let at = JSONPath.root.key("sites").index(k)
      let fields = try members(site, at: at, keys: ["path", "phase", "rule", "occurrence", "statement"], file: file)
      func text(_ key: String) throws(BaselineError) -> String {
        guard case .string(let s) = fields[key]! else { throw BaselineError(file, at.key(key), "expected a string, found \(fields[key]!.kindDescription)") }
        return s
      }
      func count(_ key: String) throws(BaselineError) -> Int {
        guard case .number(let n) = fields[key]!, let value = Int(n), value >= 1 else {
          throw BaselineError(file, at.key(key), "expected a whole number from 1, found \(fields[key]!.kindDescription)")
        }
        return value
      }
      let entry = Entry(phase: try count("phase"), path: try text("path"), rule: try text("rule"), statement: try text("statement"), occurrence: try count("occurrence"))
      entries.append(entry)
    }
    if !isStrictlyIncreasing(entries) {
      // Edited by hand: find a repeat in the sorted order, and name both places.
      let order = entries.indices.sorted { (entries[$0], $0) < (entries[$1], $1) }
      for (a, b) in zip(order, order.dropFirst()) where entries[a] == entries[b] {
        throw BaselineError(
          file, JSONPath.root.key("sites").index(b),
          "repeats sites[\(a)]; each site is listed once (write the file again with 'ssot-migrate discover --write-baseline \(file)')")
      }
    }
    return Baseline(codemod: codemod, entries: entries)
  }

  /// The members of an object that has exactly `keys`.
  private static func members(_ value: JSONValue, at path: JSONPath, keys: [String], file: String) throws(BaselineError) -> JSONValue {
    guard case .object(let members) = value else {
      throw BaselineError(file, path, "expected an object with \(keys.joined(separator: ", ")), found \(value.kindDescription)")
    }
    for member in members where !keys.contains(member.key) {
      throw BaselineError(
        file, path.key(member.key), "unknown key '\(member.key)'; expected \(keys.joined(separator: ", "))\(Suggestion.didYouMean(member.key, in: keys))")
    }
    for key in keys where !members.contains(where: { $0.key == key }) {
      throw BaselineError(file, path, "missing key '\(key)'")
    }
    return value
  }
}
