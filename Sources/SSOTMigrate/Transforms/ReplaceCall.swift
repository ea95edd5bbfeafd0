import PythonSource

/// ## What it does
/// Replaces calls of deprecated functions or methods, matched by qualified name, with a call of
/// their replacement, mapping the arguments by position or keyword, dropping an `await` that the
/// replacement no longer needs, and adding the import the replacement needs.
///
/// ## Example
/// ```python
/// from app.factory import create_manager
/// manager = await create_manager(ctx)
/// ```
/// ## Rewritten to
/// ```python
/// from app.manager import Manager
/// manager = Manager(user_context=ctx)
/// ```
/// ## Not rewritten, reported instead
/// A call whose name the file also binds to something else; arguments the replacement has no
/// place for (`user_id=`, extra, `*args`); an async callee that is not directly awaited (its
/// coroutine is used as a value); a reference that is not a call; a replacement name already bound
/// to something else in that scope.
public struct ReplaceCall: Transform {
  public struct Spec: Decodable, Sendable {
    public struct Match: Decodable, Sendable {
      public let callee: String
      public let isAsync: Bool

      enum CodingKeys: String, CodingKey {
        case callee
        case isAsync = "async"
      }

      public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: ["callee", "async"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callee = try c.decode(String.self, forKey: .callee)
        isAsync = try c.decode(Bool.self, forKey: .isAsync)
      }
    }

    public struct ArgumentSource: Decodable, Sendable {
      public let position: Int?
      public let keyword: String?

      enum CodingKeys: String, CodingKey { case position, keyword }

      public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: ["position", "keyword"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        position = try c.decodeIfPresent(Int.self, forKey: .position)
        keyword = try c.decodeIfPresent(String.self, forKey: .keyword)
      }
    }

    public let match: [Match]
    public let arguments: [String: ArgumentSource]
    public let replacement: String
    public let importName: String

    enum CodingKeys: String, CodingKey {
      case match, arguments, replacement
      case importName = "import"
    }

    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["match", "arguments", "replacement", "import"])
      let c = try decoder.container(keyedBy: CodingKeys.self)
      match = try c.decode([Match].self, forKey: .match)
      arguments = try c.decode([String: ArgumentSource].self, forKey: .arguments)
      replacement = try c.decode(String.self, forKey: .replacement)
      importName = try c.decode(String.self, forKey: .importName)
    }
  }

  public static let kind = "replace-call"
  public let id: String
  /// Qualified name (a trailing `()` means "the result of calling it") -> is it async.
  public let callees: [String: Bool]
  /// Each callee's last component (`create_websocket_manager`) with the path before it, sorted
  /// by name: the names `shadowedCalls` looks up in every file.
  let calleeSimpleNames: [(name: String, parent: String)]
  /// The callees without a trailing `()`: the dotted paths a patch string may name.
  let calleePaths: Set<String>
  /// The keys of `callees`, as `CallMatcher` takes them.
  let calleeNames: Set<String>
  let sources: [String: Spec.ArgumentSource]
  let template: CallTemplate
  /// The import the replacement needs: `module.name`.
  public let importModule: String
  public let importName: String
  public let triggers: [String]

  public init(id: String, spec: Spec, keyPath: String) throws {
    self.id = id
    guard !spec.match.isEmpty else { throw CodemodError.invalid(keyPath + ".match", "needs at least one callee") }
    var callees: [String: Bool] = [:]
    for (k, m) in spec.match.enumerated() {
      try validateQualifiedName(m.callee, keyPath: "\(keyPath).match[\(k)].callee", allowCallSuffix: true)
      if callees[m.callee] != nil {
        throw CodemodError.invalid("\(keyPath).match[\(k)].callee", "\"\(m.callee)\" is listed twice")
      }
      callees[m.callee] = m.isAsync
    }
    self.callees = callees
    self.calleeSimpleNames = callees.keys.map { callee in
      let path = callee.replacingSuffix("()")
      let dot = path.utf8.lastIndex(of: UInt8(ascii: "."))!
      return (String(path[path.index(after: dot)...]), String(path[..<dot]))
    }.sorted { ($0.name, $0.parent) < ($1.name, $1.parent) }
    self.calleePaths = Set(callees.keys.map { $0.replacingSuffix("()") })
    self.calleeNames = Set(callees.keys)
    do {
      template = try CallTemplate(parsing: spec.replacement)
    } catch {
      throw CodemodError.invalid(keyPath + ".replacement", error.message)
    }
    for placeholder in template.placeholders where spec.arguments[placeholder] == nil {
      throw CodemodError.invalid(keyPath + ".arguments", "the replacement uses {\(placeholder)} but no argument named \"\(placeholder)\" is described")
    }
    for (name, source) in spec.arguments {
      if !template.placeholders.contains(name) {
        throw CodemodError.invalid("\(keyPath).arguments.\(name)", "\"\(name)\" is not used by the replacement \"\(spec.replacement)\"")
      }
      if source.position == nil && source.keyword == nil {
        throw CodemodError.invalid("\(keyPath).arguments.\(name)", "needs \"position\", \"keyword\" or both")
      }
      if let p = source.position, p < 0 {
        throw CodemodError.invalid("\(keyPath).arguments.\(name).position", "must be 0 or more")
      }
    }
    sources = spec.arguments
    try validateQualifiedName(spec.importName, keyPath: keyPath + ".import")
    let parts = spec.importName.split(separator: ".").map(String.init)
    guard parts.count >= 2 else {
      throw CodemodError.invalid(keyPath + ".import", "\"\(spec.importName)\" needs a module and a name, e.g. \"package.module.Name\"")
    }
    guard parts.last == template.boundName else {
      throw CodemodError.invalid(
        keyPath + ".import", "imports \(parts.last!) but the replacement calls \(template.callee); they must name the same thing")
    }
    importModule = parts.dropLast().joined(separator: ".")
    importName = parts.last!
    // A file can only reference a callee if it spells its last name (or, for a short method
    // name like `create`, its class), in the call or in an import.
    var triggers: Set<String> = []
    for callee in callees.keys {
      let components = callee.replacingSuffix("()").split(separator: ".").map(String.init)
      let last = components[components.count - 1]
      triggers.insert(last.utf8.count < 10 && components.count >= 2 ? components[components.count - 2] : last)
    }
    self.triggers = triggers.sorted()
  }

  public var followedNames: [String] { Array(calleePaths) }
  public var canonicalNames: [String] { [importModule + "." + importName] }

  // MARK: - Apply

  public func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput {
    if definesMatchedName(file.moduleName) { return TransformOutput() }
    var output = TransformOutput()
    var editor = ImportEditor(file: file, transform: id)
    let references = CallMatcher.references(in: file, to: calleeNames, reexports: context.reexports)
    var rewrittenHeads: Set<Int> = []
    var usedBindings: [(scope: Int, name: String)] = []
    for reference in references {
      switch rewrite(reference, in: file, context: context, editor: &editor) {
      case .rewritten(let edits):
        output.edits.append(contentsOf: edits)
        rewrittenHeads.insert(reference.head)
        let name = file.text(reference.head)
        if !usedBindings.contains(where: { $0.scope == reference.bindingScope && $0.name == name }) {
          usedBindings.append((reference.bindingScope, name))
        }
      case .reported(let finding):
        output.findings.append(finding)
      }
    }
    output.findings.append(contentsOf: context.reexports.unresolvedImports(in: file, followed: calleePaths, transform: id))
    output.findings.append(contentsOf: shadowedCalls(in: file, repository: context.repository))
    output.findings.append(contentsOf: patchTargets(in: file, context: context))
    removeUnusedImports(usedBindings, rewrittenHeads: rewrittenHeads, file: file, context: context, editor: &editor, output: &output)
    let importEdits = editor.edits()
    output.edits.append(contentsOf: importEdits.edits)
    output.findings.append(contentsOf: importEdits.findings)
    return output
  }

  /// Every reference to a callee, outside the modules that define one.
  public func auditSites(in file: AnalyzedFile, context: TransformContext) -> [AuditSite] {
    if definesMatchedName(file.moduleName) { return [] }
    return CallMatcher.references(in: file, to: calleeNames, reexports: context.reexports).map { reference in
      AuditSite(offset: file.tokens[reference.head].start, description: "\(lastTwoParts(of: reference.qualifiedName)) is still referenced")
    }
  }

  /// The module that defines a callee, or the replacement, is never rewritten: it would import
  /// itself.
  func definesMatchedName(_ module: String?) -> Bool {
    guard let module else { return false }
    let prefix = module + "."
    for name in Array(callees.keys) + [importModule + "." + importName] where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count).replacingSuffix("()")
      if rest.split(separator: ".").count <= 2 { return true }
    }
    return false
  }

  enum Outcome {
    case rewritten([Edit])
    case reported(Finding)
  }

  func rewrite(_ reference: NameReference, in file: AnalyzedFile, context: TransformContext, editor: inout ImportEditor) -> Outcome {
    let tokens = file.tokens
    let headOffset = tokens[reference.head].start
    // Only a report shows it; most references are rewritten.
    var display: String { lastTwoParts(of: reference.qualifiedName) }
    func report(_ rule: String, _ message: String) -> Outcome {
      .reported(Finding(file.source, at: headOffset, rule: rule, message, transform: id))
    }
    guard let call = reference.call else {
      if reference.qualifiedName.hasSuffix("()") {
        return report("factory-instance", "\(display) is kept instead of called directly; calls through it cannot be tracked, migrate them by hand")
      }
      return report("non-call-reference", "\(display) is referenced without being called (a callback or alias?); migrate it by hand")
    }
    let isAsync = callees[reference.qualifiedName] ?? false
    if isAsync && !reference.isDirectlyAwaited {
      return report(
        "unawaited-async-call",
        "\(display)(...) is async but its coroutine is used without a direct await (e.g. in asyncio.gather); \(template.callee)(...) is synchronous, rewrite by hand")
    }
    if file.hasComment(reference.head, reference.calleeEnd) {
      return report("comment-in-callee", "a comment inside the callee \(display) would be lost; rewrite by hand")
    }

    // Map the arguments onto the template's placeholders.
    let arguments = CallMatcher.arguments(in: file, open: call.open, close: call.close)
    var filled: [String: CallArgument] = [:]
    var order: [String] = []
    var position = 0
    for argument in arguments {
      let placeholder: String?
      switch argument.kind {
      case .star, .doubleStar:
        return report("star-arguments", "\(display)(...) is called with *args or **kwargs; the arguments cannot be mapped, rewrite by hand")
      case .positional:
        placeholder = sources.first { $0.value.position == position }?.key
        position += 1
        if placeholder == nil {
          return report("unsupported-argument", "\(display)(...) has an extra positional argument that \(template.callee)(...) has no place for")
        }
      case .keyword(let name):
        placeholder = sources.first { $0.value.keyword == name }?.key
        if placeholder == nil {
          return report(
            "unsupported-argument",
            "\(display)(...) is called with \(name)=, which \(template.callee)(...) does not accept; rewrite by hand")
        }
      }
      if filled[placeholder!] != nil {
        return report("unsupported-argument", "\(display)(...) gives \(placeholder!) twice")
      }
      filled[placeholder!] = argument
      order.append(placeholder!)
    }
    for placeholder in template.placeholders where filled[placeholder] == nil {
      return report("missing-argument", "\(display)(...) has no argument for \(placeholder); \(template.callee)(...) needs it, rewrite by hand")
    }

    // The replacement's name must be free or already bound to the right thing where it is used.
    let callScope = Int(file.index.scopeOfToken[reference.head])
    let wanted = importModule + "." + importName
    var needsImport = false
    let importTime = file.runsAtImportTime(reference.head)
    switch file.index.resolve(template.boundName, inScope: callScope) {
    case .imported(let scope, let names) where names.allSatisfy({ $0 == wanted || context.equivalents[$0] == wanted }):
      // Already bound to the target, or to a name the codemod moves onto it (its import is
      // rewritten by the move-import phase) — but at import time only once that import ran.
      let firstBinding = file.index.bindings.bindings(of: template.boundName, in: scope)?.map { file.tokens[$0.token].start }.min() ?? 0
      if scope == 0 && importTime && firstBinding > headOffset {
        return report(
          "import-after-use",
          "\(display)(...) runs when the module is imported, above the import of \(template.callee); rewrite by hand")
      }
    case .unbound:
      needsImport = true
    default:
      return report("name-conflict", "\(template.boundName) is already bound to something else here; cannot add \(wanted)")
    }

    if needsImport && reference.bindingScope == 0 && importTime && !editor.canBind(module: importModule, before: reference.head) {
      return report(
        "import-after-use",
        "\(display)(...) runs when the module is imported, above any place the import of \(template.callee) could go; rewrite by hand")
    }

    var edits: [Edit] = []
    if let awaitToken = reference.awaitToken, reference.isDirectlyAwaited || !isAsync, !reference.hasTrailer {
      if file.hasComment(awaitToken, reference.head) {
        return report("comment-in-callee", "a comment between await and \(display) would be lost; rewrite by hand")
      }
      edits.append(.delete(ByteRange(tokens[awaitToken].start, tokens[reference.head].start), by: id))
    }
    edits.append(.replace(ByteRange(headOffset, tokens[reference.calleeEnd - 1].end), with: template.callee, by: id))
    let templatePlaceholders = template.arguments.compactMap(\.placeholder)
    if order == templatePlaceholders && template.arguments.allSatisfy({ $0.placeholder != nil }) {
      for templateArgument in template.arguments {
        let argument = filled[templateArgument.placeholder!]!
        if let keyword = templateArgument.keyword {
          switch argument.kind {
          case .positional:
            edits.append(.insert(keyword + "=", at: tokens[argument.valueFirst].start, by: id))
          case .keyword(let name) where name != keyword:
            edits.append(.replace(tokens[argument.keywordToken!].range, with: keyword, by: id))
          default:
            break
          }
        } else if let keywordToken = argument.keywordToken {
          edits.append(.delete(ByteRange(tokens[keywordToken].start, tokens[argument.valueFirst].start), by: id))
        }
      }
    } else {
      if file.hasComment(call.open, call.close) {
        return report("comment-in-arguments", "the arguments of \(display)(...) must be reordered and hold comments that would be lost; rewrite by hand")
      }
      let text = template.arguments.map { argument -> String in
        let value: String
        if let placeholder = argument.placeholder, let source = filled[placeholder] {
          value = file.source.text(ByteRange(tokens[source.valueFirst].start, tokens[source.last].end))
        } else {
          value = argument.literal ?? ""
        }
        return (argument.keyword.map { $0 + "=" } ?? "") + value
      }.joined(separator: ", ")
      edits.append(.replace(ByteRange(tokens[call.open].end, tokens[call.close].start), with: text, by: id))
    }
    if needsImport {
      if reference.bindingScope != 0, let anchor = file.index.importStatement(binding: file.text(reference.head), in: reference.bindingScope) {
        editor.add(.init(module: importModule, name: importName, scope: reference.bindingScope, anchorImport: anchor))
      } else {
        // Ex) `MANAGER = create_manager_sync(CTX)` above a late import: the new import goes
        // above its first use, not after the last import.
        editor.add(.init(module: importModule, name: importName))
        editor.noteUse(of: importName, at: reference.head)
      }
    }
    return .rewritten(edits)
  }

  /// Removes imports the rewrite left unused, unless something else still needs them.
  func removeUnusedImports(
    _ used: [(scope: Int, name: String)], rewrittenHeads: Set<Int>, file: AnalyzedFile, context: TransformContext,
    editor: inout ImportEditor, output: inout TransformOutput
  ) {
    for (scope, name) in used {
      let remaining = file.index.references(to: name, boundIn: scope, file: file.source, tokens: file.tokens)
        .filter { !rewrittenHeads.contains($0) }
      if !remaining.isEmpty { continue }
      let bindings = (file.index.bindings.bindings(of: name, in: scope) ?? []).compactMap { binding -> (Int, Int, Int)? in
        if case .import(let importIndex, let item) = binding.kind { return (importIndex, item, binding.token) }
        return nil
      }
      guard let first = bindings.first else { continue }
      let offset = file.tokens[first.2].start
      if scope == 0 && file.index.allNames[name] != nil {
        output.findings.append(
          Finding(file.source, at: offset, rule: "kept-import", "\(name) is no longer used here but is listed in __all__; import kept", severity: .note, transform: id))
        continue
      }
      if scope == 0, let module = file.moduleName, let user = context.repository.importer(of: name, from: module) {
        output.findings.append(
          Finding(file.source, at: offset, rule: "kept-import", "\(name) is still imported from here by \(user); import kept", severity: .note, transform: id))
        continue
      }
      if file.formattedStringsMention(name) {
        output.findings.append(
          Finding(file.source, at: offset, rule: "kept-import", "\(name) is still used inside an f-string here; import kept (migrate that use by hand)", severity: .note, transform: id))
        continue
      }
      if stringMentions(name, in: file) {
        output.findings.append(
          Finding(file.source, at: offset, rule: "kept-import", "\(name) is no longer called here but a string in this file names it; import kept", severity: .note, transform: id))
        continue
      }
      for (importIndex, item, _) in bindings { editor.remove(importIndex: importIndex, item: item) }
    }
  }

  func stringMentions(_ name: String, in file: AnalyzedFile) -> Bool {
    let needle = Array(name.utf8)
    let bytes = file.source.bytes
    for token in file.tokens where token.kind == .string {
      // Only a string whose text starts with the name is decoded (most are docstrings).
      var body = token.start
      while body < token.end && bytes[body] != UInt8(ascii: "\"") && bytes[body] != UInt8(ascii: "'") { body += 1 }
      if body + 2 < token.end && bytes[body + 1] == bytes[body] && bytes[body + 2] == bytes[body] { body += 3 } else { body += 1 }
      guard body + needle.count <= token.end, bytes[body..<(body + needle.count)].elementsEqual(needle) else { continue }
      if let value = plainStringValue(token, in: file.source), value == name || value.hasPrefix(name + ".") { return true }
    }
    return false
  }

  /// The callees' last names that a file can bind by importing a callee: `create_websocket_manager`
  /// from its module, but not `create` of `pkg.factory.WebSocketManagerFactory.create` when the
  /// repository shows `pkg.factory` is a module (so `WebSocketManagerFactory` is a name in it,
  /// not a module, and `create` is only ever an attribute). When the repository does not hold
  /// the path, the name counts: a note too many, never one too few.
  func importableSimpleNames(in repository: RepositoryIndex) -> [String] {
    var names: [String] = []
    for (name, parent) in calleeSimpleNames where names.last != name {
      if repository.modules[parent] != nil { names.append(name); continue }
      guard let dot = parent.utf8.lastIndex(of: UInt8(ascii: ".")) else { names.append(name); continue }
      if repository.modules[String(parent[..<dot])] == nil { names.append(name) }
    }
    return names
  }

  /// Calls of a callee's name where the file binds the name both by an import of the callee and
  /// by something else: which one runs depends on control flow, so a person must decide.
  func shadowedCalls(in file: AnalyzedFile, repository: RepositoryIndex) -> [Finding] {
    var findings: [Finding] = []
    let index = file.index
    // A lookup per callee name, not per name and scope (a file has hundreds of scopes).
    for name in importableSimpleNames(in: repository) {
      for (scope, bindings) in index.bindings.scopes(binding: name) {
        let imported = bindings.contains { binding in
          if case .import(let i, let item) = binding.kind { return callees[index.imports[i].items[item].qualifiedName] != nil }
          return false
        }
        let other = bindings.first { if case .import = $0.kind { return false } else { return true } }
        guard let other else { continue }
        if !imported {
          // A method (`def create_websocket_manager(self)`) is an attribute: no bare call in the
          // file can reach it, so it cannot be mistaken for the factory.
          if index.scopes[scope].kind == .class { continue }
          findings.append(
            Finding(
              file.source, at: file.tokens[other.token].start, rule: "local-definition",
              "\(name) is defined here, not imported from the deprecated module; its calls are left alone", severity: .note, transform: id))
          continue
        }
        for i in index.references(to: name, boundIn: scope, file: file.source, tokens: file.tokens) where file.isOp(i + 1, UInt8(ascii: "(")) {
          findings.append(
            Finding(
              file.source, at: file.tokens[i].start, rule: "shadowed-name",
              "\(name) is imported from the deprecated module but also bound at line \(file.source.lineIndex.line(of: file.tokens[other.token].start)); not rewritten",
              transform: id))
        }
      }
    }
    return findings
  }

  /// Strings that name a callee by its dotted path (`mock.patch("pkg.factory.create")`), or name
  /// it through a module that imported it (`patch("app.handler.create")`): after the migration,
  /// patching it intercepts nothing.
  func patchTargets(in file: AnalyzedFile, context: TransformContext) -> [Finding] {
    var findings: [Finding] = []
    for token in file.tokens where token.kind == .string {
      guard let value = dottedPathValue(token, in: file.source) else { continue }
      if calleePaths.contains(value) {
        findings.append(
          Finding(
            file.source, at: token.start, rule: "patched-factory",
            "\(value) is a deprecated factory; once calls become \(template.callee)(...), patching it intercepts nothing: patch \(importModule).\(importName) instead",
            transform: id))
        continue
      }
      let binding = context.repository.moduleBinding(value)
      if calleePaths.contains(context.reexports.resolve(value)) || binding.map({ calleePaths.contains($0.qualifiedName) }) == true {
        // Ex) `patch("app.handler.create")` where `app.handler` imports the factory, directly
        // or through modules that re-export it.
        let module = value.split(separator: ".").dropLast().joined(separator: ".")
        let origin = binding.map { "imported at \($0.location)" } ?? "re-exported by \(module)"
        findings.append(
          Finding(
            file.source, at: token.start, rule: "stale-patch-target",
            "\(value) is the deprecated factory \(origin); once that module calls \(template.callee)(...) directly, patching it intercepts nothing: patch \(module).\(template.boundName) instead",
            transform: id))
      }
    }
    return findings
  }
}

/// `c.d` for `a.b.c.d`, cut on the UTF-8 bytes (a split into `Character`s, once per reported
/// call, cost more than the report).
func lastTwoParts(of dotted: String) -> String {
  let utf8 = dotted.utf8
  guard let last = utf8.lastIndex(of: UInt8(ascii: ".")), let previous = utf8[..<last].lastIndex(of: UInt8(ascii: ".")) else {
    return dotted
  }
  return String(dotted[dotted.index(after: previous)...])
}

extension StringProtocol {
  func replacingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : String(self)
  }
}
