import PythonSource

/// ## What it does
/// Replaces a duplicate top-level class with a re-export of its canonical definition: in the
/// file of `module`, the block `class NAME(...): ...` (its decorators included, up to the end of
/// its indented body) becomes a one-line comment and `from <canonical module> import NAME`.
///
/// ## Why
/// Two classes with the same name and meaning drift apart; `isinstance` checks and type checkers
/// treat them as different types. A re-export keeps the old import path working while there is
/// only one definition.
///
/// ## Example
/// ```python
/// """Interfaces."""
/// class WebSocketManagerProtocol(Protocol):
///     async def connect(self, websocket: Any) -> Any: ...
///
/// __all__ = ["WebSocketManagerProtocol"]
/// ```
/// ## Rewritten to
/// ```python
/// """Interfaces."""
/// # Compatibility re-export: the canonical WebSocketManagerProtocol lives in app.protocols.
/// from app.protocols import WebSocketManagerProtocol
///
/// __all__ = ["WebSocketManagerProtocol"]
/// ```
/// The docstring, the other contents, `__all__`, comments and blank lines after the class body
/// (they belong to what follows) and the file's line ending are kept. When the canonical name
/// differs, the import is `from m import Canonical as NAME`. A file whose class is already gone
/// (a second run) is left alone.
///
/// ## Not rewritten, reported instead
/// When the canonical module imports the duplicate's module, the re-export would be a circular
/// import: the class is kept and a `definition-cycle` finding names the import.
public struct ReplaceDefinition: Transform {
  public struct Spec: Decodable, Sendable {
    public struct Definition: Decodable, Sendable {
      public let module: String
      public let name: String
      public let canonical: String

      enum CodingKeys: String, CodingKey { case module, name, canonical }

      public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: ["module", "name", "canonical"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        module = try c.decode(String.self, forKey: .module)
        name = try c.decode(String.self, forKey: .name)
        canonical = try c.decode(String.self, forKey: .canonical)
      }
    }

    public let definitions: [Definition]

    enum CodingKeys: String, CodingKey { case definitions }

    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["definitions"])
      definitions = try decoder.container(keyedBy: CodingKeys.self).decode([Definition].self, forKey: .definitions)
    }
  }

  /// One duplicate class and where its canonical definition lives.
  public struct Duplicate: Sendable {
    public let module: String
    public let name: String
    public let canonicalModule: String
    public let canonicalName: String
  }

  public static let kind = "replace-definition"
  public let id: String
  /// Duplicate module -> its duplicates, in spec order.
  public let duplicates: [String: [Duplicate]]
  public let triggers: [String]

  public init(id: String, spec: Spec, keyPath: String) throws {
    self.id = id
    guard !spec.definitions.isEmpty else { throw CodemodError.invalid(keyPath + ".definitions", "needs at least one definition") }
    var duplicates: [String: [Duplicate]] = [:]
    for (k, definition) in spec.definitions.enumerated() {
      let path = "\(keyPath).definitions[\(k)]"
      try validateQualifiedName(definition.module, keyPath: path + ".module")
      try validateQualifiedName(definition.canonical, keyPath: path + ".canonical")
      guard isIdentifierText(Substring(definition.name)), !Keyword.allCases.contains(where: { $0.text == definition.name }) else {
        throw CodemodError.invalid(path + ".name", "\"\(definition.name)\" is not a class name")
      }
      let parts = definition.canonical.split(separator: ".").map(String.init)
      guard parts.count >= 2 else {
        throw CodemodError.invalid(path + ".canonical", "\"\(definition.canonical)\" needs a module and a name, e.g. \"package.module.Name\"")
      }
      let canonicalModule = parts.dropLast().joined(separator: ".")
      guard canonicalModule != definition.module else {
        throw CodemodError.invalid(path + ".canonical", "is in \(definition.module) itself; a module cannot re-export from itself")
      }
      if duplicates[definition.module, default: []].contains(where: { $0.name == definition.name }) {
        throw CodemodError.invalid(path + ".name", "\(definition.module).\(definition.name) is listed twice")
      }
      duplicates[definition.module, default: []].append(
        Duplicate(module: definition.module, name: definition.name, canonicalModule: canonicalModule, canonicalName: parts.last!))
    }
    self.duplicates = duplicates
    // The duplicate's file spells its class name; so does the canonical module (the cycle check
    // reads its imports from the repository index).
    triggers = Array(Set(spec.definitions.map(\.name))).sorted()
  }

  /// Only a duplicate's own module is ever edited; the class name alone (spelled by every file
  /// that imports the canonical class) brings no work.
  public func isRelevant(_ facts: RepositoryIndex.FileFacts) -> Bool? {
    facts.module.map { duplicates[$0] != nil } ?? false
  }

  public var modulesActedOn: Set<String>? { Set(duplicates.keys) }

  // MARK: - Apply

  public func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput {
    guard let module = file.moduleName, let wanted = duplicates[module] else { return TransformOutput() }
    var output = TransformOutput()
    var removed: [ByteRange] = []
    for duplicate in wanted {
      // Ex) a second run: the class is already an import.
      guard let header = topLevelClass(named: duplicate.name, in: file) else { continue }
      let classToken = file.tokens[file.index.statements[header].first]
      if let location = context.repository.importLocation(of: module, in: duplicate.canonicalModule) {
        output.findings.append(
          Finding(
            file.source, at: classToken.start, rule: "definition-cycle",
            Message.definitionCycle(duplicate, importedAt: location), transform: id))
        continue
      }
      let edit = replacement(of: header, with: duplicate, in: file)
      output.edits.append(edit)
      removed.append(edit.range)
    }
    if !removed.isEmpty {
      var editor = ImportEditor(file: file, transform: id)
      removeImportsOnlyUsedBy(removed, file: file, context: context, editor: &editor)
      let importEdits = editor.edits()
      output.edits.append(contentsOf: importEdits.edits)
      output.findings.append(contentsOf: importEdits.findings)
    }
    return output
  }

  /// Module-level imports whose every use was inside a removed class (`Protocol` for a
  /// `class X(Protocol)`) would be left unused: remove them, unless `__all__` lists them, a
  /// string in the file names them, or another module imports them from here.
  func removeImportsOnlyUsedBy(_ removed: [ByteRange], file: AnalyzedFile, context: TransformContext, editor: inout ImportEditor) {
    let index = file.index
    for (name, bindings) in index.bindings[0] {
      let imports = bindings.compactMap { binding -> (Int, Int)? in
        if case .import(let importIndex, let item) = binding.kind { return (importIndex, item) }
        return nil
      }
      guard imports.count == bindings.count, !imports.isEmpty, index.allNames[name] == nil else { continue }
      let uses = index.references(to: name, boundIn: 0, file: file.source, tokens: file.tokens)
      guard !uses.isEmpty,
        uses.allSatisfy({ use in removed.contains { $0.contains(file.tokens[use].start) } })
      else { continue }
      if let module = file.moduleName, context.repository.importer(of: name, from: module) != nil { continue }
      if file.tokens.contains(where: { $0.kind == .string && plainStringValue($0, in: file.source) == name }) { continue }
      if file.formattedStringsMention(name) { continue }
      for (importIndex, item) in imports { editor.remove(importIndex: importIndex, item: item) }
    }
  }

  /// The statement index of `class NAME` at module top level, if any.
  func topLevelClass(named name: String, in file: AnalyzedFile) -> Int? {
    for (k, statement) in file.index.statements.enumerated() where statement.depth == 0 && statement.kind == .classDef {
      // Ex) `class NAME(Protocol):`
      if file.isName(statement.first + 1, name) { return k }
    }
    return nil
  }

  /// The edit that replaces the class block (decorators, header, body) with the re-export.
  func replacement(of header: Int, with duplicate: Duplicate, in file: AnalyzedFile) -> Edit {
    let statements = file.index.statements
    let tokens = file.tokens
    // Ex) `@dataclass(frozen=True)` lines directly above the class.
    var first = header
    while first > 0 && statements[first - 1].kind == .decorator && statements[first - 1].depth == 0 { first -= 1 }
    let start = file.lineStart(of: tokens[statements[first].first].start)
    let blockStart = start == 0 && file.source.hasBOM ? 3 : start
    let (end, endsWithLineBreak) = blockEnd(of: header, in: file)
    let eol = file.source.lineEnding.rawValue
    let imported = duplicate.canonicalName == duplicate.name ? duplicate.name : "\(duplicate.canonicalName) as \(duplicate.name)"
    let text =
      "# Compatibility re-export: the canonical \(duplicate.name) lives in \(duplicate.canonicalModule)." + eol
      + "from \(duplicate.canonicalModule) import \(imported)" + (endsWithLineBreak ? eol : "")
    return .replace(ByteRange(blockStart, end), with: text, by: id)
  }

  /// One past the last byte of the class block, and whether that byte ends a line. The block
  /// ends with the NEWLINE of its last body statement, plus comment lines indented deeper than
  /// the class (they are part of the body); comments at the class's own indentation and blank
  /// lines before them belong to the next statement.
  func blockEnd(of header: Int, in file: AnalyzedFile) -> (Int, Bool) {
    let tokens = file.tokens
    let statement = file.index.statements[header]
    var j = statement.terminator + 1
    if statement.hasIndentedBody {
      // Skip to the INDENT of the body, then to its matching DEDENT.
      while j < tokens.count && tokens[j].kind != .indent { j += 1 }
      var depth = 0
      var lastNewline = statement.terminator
      while j < tokens.count {
        let kind = tokens[j].kind
        if kind == .indent { depth += 1 }
        if kind == .dedent {
          depth -= 1
          if depth == 0 { break }
        }
        if kind == .newline { lastNewline = j }
        j += 1
      }
      var end = tokens[lastNewline].end
      // Ex) an indented `# end of protocol` comment after the last method stays with the class.
      var k = lastNewline + 1
      while k < tokens.count && tokens[k].isTrivia {
        if tokens[k].kind == .comment {
          guard file.source.lineIndex.location(of: tokens[k].start).column > 1 else { break }
          if k + 1 < tokens.count && tokens[k + 1].kind == .nl { end = tokens[k + 1].end }
        }
        k += 1
      }
      return (end, end > 0 && (file.source.bytes[end - 1] == 0x0A || file.source.bytes[end - 1] == 0x0D))
    }
    // Ex) `class NAME(Protocol): ...` on one line: up to the line's NEWLINE.
    while j < tokens.count && tokens[j].kind != .newline && tokens[j].kind != .endMarker { j += 1 }
    guard j < tokens.count, tokens[j].kind == .newline else { return (file.source.bytes.count, false) }
    return (tokens[j].end, tokens[j].length > 0)
  }
}

/// The messages this transform reports (lowercase, typed constants at the bottom, swift-format).
private enum Message {
  static func definitionCycle(_ duplicate: ReplaceDefinition.Duplicate, importedAt location: String) -> String {
    "\(duplicate.canonicalModule) imports \(duplicate.module) (\(location)); re-exporting \(duplicate.name) from it would be a circular import, class kept"
  }
}
