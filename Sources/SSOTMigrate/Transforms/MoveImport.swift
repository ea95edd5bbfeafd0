import PythonSource

/// ## What it does
/// Moves names to their canonical module: every import of `from` (a qualified name) becomes an
/// import of `to`, in every import form, and uses follow when the local name changes.
///
/// ## Example
/// ```python
/// from app.unified_manager import UnifiedWebSocketManager, WebSocketManagerMode
/// def f(m: "UnifiedWebSocketManager") -> UnifiedWebSocketManager: ...
/// ```
/// ## Rewritten to
/// ```python
/// from app.unified_manager import WebSocketManagerMode
/// from app.websocket_manager import WebSocketManager
/// def f(m: "WebSocketManager") -> WebSocketManager: ...
/// ```
/// Handled forms: `from m import A [as B]` (alias kept), parenthesized lists, split lists,
/// `import m [as x]` + `x.A`, `from pkg import m` + `m.A`, relative imports (kept relative inside
/// the package), function-local, `try:` and `if TYPE_CHECKING:` imports (rewritten in place),
/// merging into an existing import of the target, `__all__`, string annotations and dotted
/// strings such as `mock.patch("m.A")`.
///
/// ## Not rewritten, reported or aliased instead
/// The target module itself (it would import itself). When the new local name is already bound to
/// something else, or other modules import the old name from this one (a re-export), the import
/// becomes `from to_module import New as Old` and nothing else changes.
public struct MoveImport: Transform {
  public struct Spec: Decodable, Sendable {
    public struct Move: Decodable, Sendable {
      public let from: String
      public let to: String

      enum CodingKeys: String, CodingKey { case from, to }

      public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: ["from", "to"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decode(String.self, forKey: .from)
        to = try c.decode(String.self, forKey: .to)
      }
    }

    public let moves: [Move]

    enum CodingKeys: String, CodingKey { case moves }

    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["moves"])
      moves = try decoder.container(keyedBy: CodingKeys.self).decode([Move].self, forKey: .moves)
    }
  }

  public static let kind = "move-import"
  public let id: String
  /// Old qualified name -> (target module, target name).
  public let moves: [String: (module: String, name: String)]
  public let triggers: [String]
  /// Every proper dotted prefix of a moved name: an import of one of them can reach a moved name
  /// through attributes (`import pkg.mod as m` then `m.Old`).
  let movedPrefixes: Set<String>
  /// The last part of every moved name and of every prefix: `from m import n` can only import
  /// one of them when `n` is among these, which most imported names are not (a short-name test
  /// before two lookups of the long qualified name, for every import of every candidate file).
  let lastParts: Set<String>
  /// The UTF-8 lengths of the moved names.
  let movedLengths: [Int]
  /// The moved names (the keys of `moves`), for re-export questions.
  let movedNames: Set<String>
  /// Finds the last part of a moved name in a string's bytes.
  let movedNamePrefilter: Prefilter

  public init(id: String, spec: Spec, keyPath: String) throws {
    self.id = id
    guard !spec.moves.isEmpty else { throw CodemodError.invalid(keyPath + ".moves", "needs at least one move") }
    var moves: [String: (String, String)] = [:]
    for (k, move) in spec.moves.enumerated() {
      let path = "\(keyPath).moves[\(k)]"
      try validateQualifiedName(move.from, keyPath: path + ".from")
      try validateQualifiedName(move.to, keyPath: path + ".to")
      guard move.from.contains("."), move.to.contains(".") else {
        throw CodemodError.invalid(path, "both names need a module and a name, e.g. \"package.module.Name\"")
      }
      guard move.from != move.to else { throw CodemodError.invalid(path, "moves \(move.from) onto itself") }
      guard moves[move.from] == nil else { throw CodemodError.invalid(path + ".from", "\(move.from) is moved twice") }
      let parts = move.to.split(separator: ".")
      moves[move.from] = (parts.dropLast().joined(separator: "."), String(parts.last!))
    }
    for (k, move) in spec.moves.enumerated() where moves[move.to] != nil {
      throw CodemodError.invalid(
        "\(keyPath).moves[\(k)].to",
        "\(move.to) is itself moved (to \(moves[move.to]!.0).\(moves[move.to]!.1)); a chain or cycle of moves is ambiguous, point \(move.from) at the final name")
    }
    self.moves = moves
    triggers = Array(Set(moves.keys.map(\.lastDottedPart))).sorted()
    var prefixes: Set<String> = []
    for name in moves.keys {
      var prefix = Substring(name)
      while let dot = prefix.lastIndex(of: ".") {
        prefix = prefix[..<dot]
        prefixes.insert(String(prefix))
      }
    }
    movedPrefixes = prefixes
    lastParts = Set(triggers + prefixes.map(\.lastDottedPart))
    movedLengths = Array(Set(moves.keys.map(\.utf8.count))).sorted()
    movedNames = Set(moves.keys)
    movedNamePrefilter = Prefilter(triggers: moves.keys.map(\.lastDottedPart))
  }

  public var followedNames: [String] { Array(moves.keys) }
  public var canonicalNames: [String] { moves.values.map { $0.module + "." + $0.name } }

  /// Only imports and dotted strings bring a moved name into a file.
  public func isRelevant(_ facts: RepositoryIndex.FileFacts) -> Bool? { isRelevant(facts, reexports: .empty) }

  /// Only imports and dotted strings bring a moved name into a file, directly or through a
  /// module that re-exports it.
  public func isRelevant(_ facts: RepositoryIndex.FileFacts, reexports: ReexportTable) -> Bool? {
    if directlyRelevant(facts) { return true }
    if reexports.isEmpty { return false }
    let followed = movedNames
    let fromImports = facts.fromImports
    for k in fromImports.indices where fromImports[k].name != "*" && reexports.isPassable(fromImports[k].name) {
      if reexports.mayLead(fromImports[k].qualifiedName, last: fromImports[k].name, toward: followed) { return true }
    }
    let moduleImports = facts.moduleImports
    for k in moduleImports.indices where reexports.mayLead(moduleImports[k].name, last: moduleImports[k].name.lastDottedPart, toward: followed) {
      return true
    }
    // `mock.patch("pkg.hub.Old")`: a string that spells a moved name's last part (or a pure
    // re-export's new name) may name it through a re-export.
    for (value, _) in facts.strings {
      let spellsMoved = value.utf8.withContiguousStorageIfAvailable { movedNamePrefilter.matches($0) } ?? movedNamePrefilter.matches(Array(value.utf8))
      guard spellsMoved || reexports.aliasNames.contains(where: { value.utf8.count >= $0.utf8.count && value.contains($0) }) else { continue }
      if reexports.reexportPrefix(of: value, in: moves) != nil { return true }
    }
    return false
  }

  func directlyRelevant(_ facts: RepositoryIndex.FileFacts) -> Bool {
    // Read in place (a copy of each import would retain and release its four strings).
    let fromImports = facts.fromImports
    for k in fromImports.indices where lastParts.contains(fromImports[k].name) {
      if moves[fromImports[k].qualifiedName] != nil || movedPrefixes.contains(fromImports[k].qualifiedName) { return true }
    }
    let moduleImports = facts.moduleImports
    for k in moduleImports.indices where movedPrefixes.contains(moduleImports[k].name) { return true }
    for (value, _) in facts.strings {
      // The string or one of its dotted prefixes must be a moved name: only those as long as
      // one are looked up (walked on UTF-8, not on Characters).
      let utf8 = value.utf8
      if movedLengths.contains(utf8.count) && moves[value] != nil { return true }
      var i = utf8.endIndex
      while i > utf8.startIndex {
        i = utf8.index(before: i)
        guard utf8[i] == UInt8(ascii: "."), movedLengths.contains(utf8.distance(from: utf8.startIndex, to: i)) else { continue }
        if moves[String(value[..<i])] != nil { return true }
      }
    }
    return false
  }

  // MARK: - Apply

  public func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput {
    var output = TransformOutput()
    var editor = ImportEditor(file: file, transform: id)
    let index = file.index
    let tokens = file.tokens
    var handledHeads: Set<Int> = []

    // Plan every statement first: a statement that moves whole (all its names to one module) is
    // rewritten in place, so it must not also be the merge target of another statement.
    typealias Plan = ItemPlan
    var plansByImport: [(importIndex: Int, plans: [Plan])] = []
    for (importIndex, statement) in index.imports.enumerated() where statement.isFrom && !statement.isStar {
      let scope = index.statements[statement.statement].scope
      var plans: [Plan] = []
      for (k, item) in statement.items.enumerated() {
        // Ex) `from pkg.hub import Old` where `pkg.hub` re-exports a moved name.
        guard let target = move(of: context.reexports.canonical(item.qualifiedName), in: file) else { continue }
        let itemPlan = plan(item: k, of: statement, scope: scope, target: target, file: file, context: context)
        if scope == 0 && mayMoveAway(statement, to: target.module, in: index) {
          // The new import must bind the name before its first use at import time.
          for use in index.references(to: item.localName, boundIn: 0, file: file.source, tokens: tokens) {
            editor.noteUse(of: itemPlan.alias ?? itemPlan.name, at: use)
          }
        }
        plans.append(itemPlan)
        handledHeads.insert(item.alias ?? item.nameFirst)
      }
      guard !plans.isEmpty else { continue }
      plansByImport.append((importIndex, plans))
      if plans.count == statement.items.count && Set(plans.map(\.module)).count == 1 {
        editor.rewrittenInPlace.insert(importIndex)
      }
    }
    // Statements rewritten in place, by target module and block, with the items they import.
    var inPlace: [String: Set<String>] = [:]
    for (importIndex, plans) in plansByImport {
      let statement = index.imports[importIndex]
      let scope = index.statements[statement.statement].scope
      let spelling = self.spelling(of: plans[0].module, relativeTo: statement, in: file)
      let used = scope == 0 ? editor.uses(of: plans.map { $0.alias ?? $0.name }) : nil
      let existing = editor.mergeTarget(module: plans[0].module, scope: scope, anchor: importIndex, before: used?.firstAtImport)
      if editor.rewrittenInPlace.contains(importIndex) && existing != nil {
        editor.rewrittenInPlace.remove(importIndex)
      }
      let block = "\(plans[0].module)|\(scope)|\(index.statements[statement.statement].parent)"
      if editor.rewrittenInPlace.contains(importIndex), let earlier = inPlace[block], plans.allSatisfy({ earlier.contains($0.text) }) {
        // Ex) `from a import Old` and `from b import Old2 as Other`, both becoming `from new
        // import New`: the second would repeat the first.
        editor.rewrittenInPlace.remove(importIndex)
        for plan in plans { editor.remove(importIndex: importIndex, item: plan.item) }
      } else if editor.rewrittenInPlace.contains(importIndex) {
        inPlace[block, default: []].formUnion(plans.map(\.text))
        // The whole statement moves: edit it in place, keeping its layout and comments.
        let afterFrom = index.statements[statement.statement].first + 1
        output.edits.append(.replace(ByteRange(tokens[afterFrom].start, tokens[statement.importKeyword - 1].end), with: spelling, by: id))
        for plan in plans {
          let item = statement.items[plan.item]
          output.edits.append(.replace(ByteRange(tokens[item.first].start, tokens[item.end - 1].end), with: plan.text, by: id))
        }
      } else {
        for plan in plans {
          editor.remove(importIndex: importIndex, item: plan.item)
          editor.add(
            .init(
              module: plan.module, name: plan.name, alias: plan.alias, scope: scope, anchorImport: importIndex,
              spelling: self.spelling(of: plan.module, relativeTo: statement, in: file)))
        }
      }
      for plan in plans {
        if let rename = plan.rename {
          output.edits.append(contentsOf: renameUses(of: rename.old, to: rename.new, boundIn: scope, file: file))
        }
      }
    }

    // `import m as x` + `x.A`, `from pkg import m` + `m.A`: the attribute chain becomes the name.
    var emptiedBindings: [(scope: Int, name: String)] = []
    var rewrittenHeads: Set<Int> = []
    for reference in CallMatcher.references(in: file, to: movedNames, reexports: context.reexports) where reference.calleeEnd > reference.head + 1 {
      guard let target = move(of: reference.qualifiedName, in: file) else { continue }
      let useScope = Int(index.scopeOfToken[reference.head])
      switch index.resolve(target.name, inScope: useScope) {
      case .unbound, .imported(_, [target.module + "." + target.name]):
        break
      default:
        output.findings.append(
          Finding(
            file.source, at: tokens[reference.head].start, rule: "name-conflict",
            "\(target.name) is already bound to something else here; \(file.text(reference.head))... not moved to \(target.module)",
            transform: id))
        continue
      }
      if file.hasComment(reference.head, reference.calleeEnd) { continue }
      output.edits.append(.replace(ByteRange(tokens[reference.head].start, tokens[reference.calleeEnd - 1].end), with: target.name, by: id))
      rewrittenHeads.insert(reference.head)
      let anchor = file.index.importStatement(binding: file.text(reference.head), in: reference.bindingScope)
      editor.add(.init(module: target.module, name: target.name, scope: reference.bindingScope, anchorImport: anchor))
      if reference.bindingScope == 0 { editor.noteUse(of: target.name, at: reference.head) }
      let name = file.text(reference.head)
      if !emptiedBindings.contains(where: { $0.scope == reference.bindingScope && $0.name == name }) {
        emptiedBindings.append((reference.bindingScope, name))
      }
    }
    for (scope, name) in emptiedBindings {
      let remaining = index.references(to: name, boundIn: scope, file: file.source, tokens: tokens).filter { !rewrittenHeads.contains($0) }
      guard remaining.isEmpty, !file.formattedStringsMention(name) else { continue }
      if scope == 0 && index.allNames[name] != nil { continue }
      for binding in index.bindings.bindings(of: name, in: scope) ?? [] {
        if case .import(let importIndex, let item) = binding.kind { editor.remove(importIndex: importIndex, item: item) }
      }
    }

    output.findings.append(contentsOf: context.reexports.unresolvedImports(in: file, followed: movedNames, transform: id))
    output.edits.append(contentsOf: dottedStrings(in: file, reexports: context.reexports))
    let importEdits = editor.edits()
    output.edits.append(contentsOf: importEdits.edits)
    output.findings.append(contentsOf: importEdits.findings)
    return output
  }

  /// Every import of a moved name (directly, through a re-export, or as `module.Old`), outside
  /// the target module itself.
  public func auditSites(in file: AnalyzedFile, context: TransformContext) -> [AuditSite] {
    var sites: [AuditSite] = []
    let imports = file.index.imports
    for i in imports.indices where imports[i].isFrom && !imports[i].isStar {
      for k in imports[i].items.indices {
        guard let target = move(of: context.reexports.canonical(imports[i].items[k].qualifiedName), in: file) else { continue }
        sites.append(
          AuditSite(
            offset: file.tokens[imports[i].items[k].nameFirst].start,
            description: "import of \(imports[i].items[k].name) is not from its canonical module \(target.module)"))
      }
    }
    for reference in CallMatcher.references(in: file, to: movedNames, reexports: context.reexports) where reference.calleeEnd > reference.head + 1 {
      guard let target = move(of: reference.qualifiedName, in: file) else { continue }
      sites.append(AuditSite(offset: file.tokens[reference.head].start, description: "\(file.text(reference.head))... reaches \(reference.qualifiedName), not \(target.module).\(target.name)"))
    }
    return sites
  }

  /// Where the moved name `qualifiedName` goes, unless `file` is that module itself (it would
  /// import itself): the one test `apply` and `auditSites` share.
  func move(of qualifiedName: String, in file: AnalyzedFile) -> (module: String, name: String)? {
    guard let target = moves[qualifiedName], target.module != file.moduleName else { return nil }
    return target
  }

  /// True when a moved item of `statement` may end up bound somewhere else than where the
  /// statement is: the file has another import of the target module to merge into, or the
  /// statement keeps names that do not move there (the item is then added elsewhere). Only
  /// then do the item's uses bound where the binding may go.
  func mayMoveAway(_ statement: ImportStatement, to module: String, in index: ModuleIndex) -> Bool {
    let imports = index.imports
    for i in imports.indices where imports[i].statement != statement.statement && imports[i].isFrom && imports[i].module == module {
      return true
    }
    return statement.items.contains { moves[$0.qualifiedName]?.module != module }
  }

  /// How one moved item is rewritten: the target module and name, the alias that keeps the old
  /// local name (if any), and the rename of its uses when the local name changes.
  struct ItemPlan {
    let item: Int
    let module: String
    let name: String
    let alias: String?
    let rename: (old: String, new: String)?

    var text: String { alias.map { "\(name) as \($0)" } ?? name }
  }

  func plan(
    item k: Int, of statement: ImportStatement, scope: Int, target: (module: String, name: String), file: AnalyzedFile,
    context: TransformContext
  ) -> ItemPlan {
    let item = statement.items[k]
    if let alias = item.alias {
      let aliasText = file.text(alias)
      return ItemPlan(item: k, module: target.module, name: target.name, alias: aliasText == target.name ? nil : aliasText, rename: nil)
    }
    let old = item.localName
    if old == target.name { return ItemPlan(item: k, module: target.module, name: target.name, alias: nil, rename: nil) }
    // Keep the old local name when other modules import it from here (the shim keeps
    // exporting it) or when the new name would collide with another binding.
    let reexported = scope == 0 && file.moduleName.flatMap { context.repository.importer(of: old, from: $0) } != nil
    if reexported || !canRename(old, to: target.name, boundIn: scope, target: target, file: file) {
      return ItemPlan(item: k, module: target.module, name: target.name, alias: old, rename: nil)
    }
    return ItemPlan(item: k, module: target.module, name: target.name, alias: nil, rename: (old, target.name))
  }

  /// True when every use of `old` can become `new` without meeting another binding of `new`.
  func canRename(_ old: String, to new: String, boundIn scope: Int, target: (module: String, name: String), file: AnalyzedFile) -> Bool {
    // A use inside an f-string cannot be renamed: keep the old name bound.
    if file.formattedStringsMention(old) { return false }
    let index = file.index
    let wanted = target.module + "." + target.name
    func free(_ from: Int) -> Bool {
      switch index.resolve(new, inScope: from) {
      case .unbound: return true
      case .imported(_, let names): return names == [wanted]
      case .local: return false
      }
    }
    if !free(scope) { return false }
    for use in index.references(to: old, boundIn: scope, file: file.source, tokens: file.tokens) where !free(Int(index.scopeOfToken[use])) {
      return false
    }
    return true
  }

  /// Renames uses of an import's local name: name tokens bound to it, string annotations naming
  /// it, and its `__all__` entries.
  func renameUses(of old: String, to new: String, boundIn scope: Int, file: AnalyzedFile) -> [Edit] {
    var edits: [Edit] = []
    let index = file.index
    let tokens = file.tokens
    for use in index.references(to: old, boundIn: scope, file: file.source, tokens: tokens) {
      edits.append(.replace(tokens[use].range, with: new, by: id))
    }
    // The edit replaces the first bytes of the string's body, so only a body that starts with
    // the name's own bytes can take it (an escaped spelling is left alone); the other strings,
    // docstrings and all, are never decoded.
    let name = Array(old.utf8)
    let bytes = file.source.bytes
    for (i, token) in tokens.enumerated() where token.kind == .string {
      guard let body = stringBody(token, file.source), body.end - body.start >= name.count,
        bytes[body.start..<(body.start + name.count)].elementsEqual(name)
      else { continue }
      guard let value = plainStringValue(token, in: file.source), value == old || value.hasPrefix(old + ".") else { continue }
      let isAll = scope == 0 && index.allNames[old]?.contains(i) == true
      guard isAll || isAnnotationString(i, file: file) else { continue }
      edits.append(.replace(ByteRange(body.start, body.start + name.count), with: new, by: id))
    }
    return edits
  }

  /// A string in annotation position: after `:` or `->`, or inside a subscript (`Optional["X"]`).
  func isAnnotationString(_ i: Int, file: AnalyzedFile) -> Bool {
    let p = file.previousSignificant(i)
    guard p >= 0 else { return false }
    if file.isOp(p, UInt8(ascii: ":")) || file.isOpText(p, "->") { return true }
    // Inside `X[...]`: walk back to the unclosed bracket.
    var depth = 0
    var j = p
    while j >= 0 {
      let t = file.tokens[j]
      if t.kind == .newline { return false }
      if t.kind == .op {
        if t.firstByte == UInt8(ascii: ")") || t.firstByte == UInt8(ascii: "]") || t.firstByte == UInt8(ascii: "}") { depth += 1 }
        if t.firstByte == UInt8(ascii: "(") || t.firstByte == UInt8(ascii: "{") {
          if depth == 0 { return false }
          depth -= 1
        }
        if t.firstByte == UInt8(ascii: "[") {
          if depth == 0 { return j > 0 && file.tokens[j - 1].kind == .name }
          depth -= 1
        }
      }
      j -= 1
    }
    return false
  }

  /// Dotted strings naming a moved symbol (`mock.patch("pkg.mod.Old.method")`), directly or
  /// through a module that re-exports it (`"pkg.hub.Old"`), point at the canonical path instead.
  func dottedStrings(in file: AnalyzedFile, reexports: ReexportTable) -> [Edit] {
    var edits: [Edit] = []
    // The longest moved name the value is or starts with (at a dot): only prefixes as long as
    // some moved name are made and looked up.
    let lengths = movedLengths.reversed()
    for token in file.tokens where token.kind == .string {
      guard var value = dottedPathValue(token, in: file.source) else { continue }
      let match: String? = value.withUTF8 { utf8 in
        for length in lengths where length <= utf8.count && (length == utf8.count || utf8[length] == UInt8(ascii: ".")) {
          let prefix = String(decoding: UnsafeBufferPointer(rebasing: utf8[..<length]), as: UTF8.self)
          if moves[prefix] != nil { return prefix }
        }
        return nil
      }
      let through = match == nil ? reexports.reexportPrefix(of: value, in: moves) : nil
      guard let prefix = match ?? through?.prefix, let target = moves[match ?? through!.name], let body = stringBody(token, file.source) else { continue }
      edits.append(.replace(ByteRange(body.start, body.start + prefix.utf8.count), with: target.module + "." + target.name, by: id))
    }
    return edits
  }

  func stringBody(_ token: Token, _ source: SourceFile) -> ByteRange? {
    var s = token.start
    while s < token.end && source.bytes[s] != UInt8(ascii: "\"") && source.bytes[s] != UInt8(ascii: "'") { s += 1 }
    guard s < token.end else { return nil }
    let quote = source.bytes[s]
    let triple = token.end - s >= 6 && source.bytes[s + 1] == quote && source.bytes[s + 2] == quote
    let q = triple ? 3 : 1
    return ByteRange(s + q, token.end - q)
  }

  /// The module text for a rewritten `from` import: relative when the original was relative and
  /// the target lives in the same package, else absolute.
  func spelling(of module: String, relativeTo statement: ImportStatement, in file: AnalyzedFile) -> String {
    guard statement.level > 0, let name = file.moduleName else { return module }
    var package = name.split(separator: ".").map(String.init)
    if !file.isPackageInit { package.removeLast() }
    let prefix = package.joined(separator: ".") + "."
    guard !package.isEmpty, module.hasPrefix(prefix) else { return module }
    return "." + module.dropFirst(prefix.count)
  }
}

extension String {
  /// `c` for `a.b.c`; the whole string when it has no dot.
  var lastDottedPart: String {
    guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return self }
    return String(self[index(after: dot)...])
  }
}
