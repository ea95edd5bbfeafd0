import PythonSource

/// Import changes requested by a transform, turned into edits once per file (LibCST
/// `AddImportsVisitor`/`RemoveImportsVisitor`, ruff `Importer`).
///
/// Transforms say what they need (`add`), where the file will use it (`noteUse`) and what they
/// stopped using (`remove`); the editor merges additions into an existing `from module import
/// ...` of the same scope, replaces a function-local import that lost all its names by the new
/// one at the same indentation, or inserts a new statement after the last top-level import that
/// precedes the name's first use (ruff's `Importer` does the same). A module-level name must be
/// bound before the first use that runs while the module is imported: an existing import below
/// that use is never a merge target. New lines use the file's own line ending. A name it cannot
/// remove safely stays, with a finding.
public struct ImportEditor {
  public struct Addition: Hashable, Sendable {
    public let module: String
    public let name: String
    public let alias: String?
    /// Scope the name must be bound in (0 = module).
    public let scope: Int
    /// For a function scope: the import statement (index into `ModuleIndex.imports`) it belongs
    /// next to, or that it replaces when that statement loses all its names.
    public let anchorImport: Int?
    /// How to write the module in a new statement (`.websocket_manager`); the absolute name
    /// when nil.
    public let spelling: String?

    public init(module: String, name: String, alias: String? = nil, scope: Int = 0, anchorImport: Int? = nil, spelling: String? = nil) {
      self.spelling = spelling
      self.module = module
      self.name = name
      self.alias = alias
      self.scope = scope
      self.anchorImport = anchorImport
    }

    var itemText: String { alias.map { "\(name) as \($0)" } ?? name }
  }

  /// Where the file will use a module-level name the transform adds: token offsets of the
  /// statements (at module level) holding its first use, and its first use that runs at import
  /// time.
  struct Uses {
    var first: Int
    var firstAtImport: Int?

    /// The earlier of both uses, of each kind.
    func merged(with other: Uses) -> Uses {
      let atImport = [firstAtImport, other.firstAtImport].compactMap { $0 }.min()
      return Uses(first: min(first, other.first), firstAtImport: atImport)
    }
  }

  let file: AnalyzedFile
  let transform: String
  public private(set) var additions: [Addition] = []
  /// Local name -> where the output will use it, for module-level additions.
  private(set) var uses: [String: Uses] = [:]
  /// Import index -> item indices to remove.
  public private(set) var removals: [Int: Set<Int>] = [:]
  /// Import statements that are being rewritten in place by the transform: never merge targets.
  public var rewrittenInPlace: Set<Int> = []

  public init(file: AnalyzedFile, transform: String) {
    self.file = file
    self.transform = transform
  }

  public mutating func add(_ addition: Addition) {
    if !additions.contains(addition) { additions.append(addition) }
  }

  /// Token `i` of the input will be a use of the module-level name `localName` in the output
  /// (a rewritten call, a renamed reference).
  public mutating func noteUse(of localName: String, at i: Int) {
    guard let start = topLevelStart(of: i) else { return }
    let use = Uses(first: start, firstAtImport: file.runsAtImportTime(i) ? start : nil)
    uses[localName] = uses[localName].map { $0.merged(with: use) } ?? use
  }

  /// Where the names `localNames` are first used, over all of them.
  func uses(of localNames: [String]) -> Uses? {
    var result: Uses?
    for name in localNames {
      guard let u = uses[name] else { continue }
      result = result.map { $0.merged(with: u) } ?? u
    }
    return result
  }

  /// The offset of the module-level statement holding token `i`: a binding for a use there
  /// must come before it.
  func topLevelStart(of i: Int) -> Int? {
    file.topLevelStatement(of: i).map { file.tokens[file.index.statements[$0].first].start }
  }

  public mutating func remove(importIndex: Int, item: Int) {
    removals[importIndex, default: []].insert(item)
  }

  public var isEmpty: Bool { additions.isEmpty && removals.isEmpty }

  // MARK: - Edits

  /// The edits for all requests, and findings for what could not be done.
  public func edits() -> (edits: [Edit], findings: [Finding]) {
    var edits: [Edit] = []
    var findings: [Finding] = []
    let imports = file.index.imports
    let eol = file.source.lineEnding.rawValue

    // Group additions per (scope, module, anchor) in request order.
    var groups: [(key: String, items: [Addition])] = []
    for addition in additions {
      let key = "\(addition.scope)|\(addition.module)|\(addition.anchorImport ?? -1)"
      if let k = groups.firstIndex(where: { $0.key == key }) {
        if !groups[k].items.contains(where: { $0.itemText == addition.itemText }) { groups[k].items.append(addition) }
      } else {
        groups.append((key, [addition]))
      }
    }

    var mergedInto: [Int: [Addition]] = [:]
    var replacing: [Int: [Addition]] = [:]
    var insertions: [(offset: Int, text: String)] = []
    for group in groups {
      let first = group.items[0]
      let used = first.scope == 0 ? uses(of: group.items.map { $0.alias ?? $0.name }) : nil
      if let target = mergeTarget(module: first.module, scope: first.scope, anchor: first.anchorImport, before: used?.firstAtImport) {
        mergedInto[target, default: []].append(contentsOf: group.items)
        continue
      }
      let statementText = "from \(first.spelling ?? first.module) import " + group.items.map(\.itemText).joined(separator: ", ")
      if let anchor = first.anchorImport {
        let removed = removals[anchor] ?? []
        if removed.count == imports[anchor].items.count && (replacing[anchor] == nil || replacing[anchor]![0].module == first.module) {
          replacing[anchor, default: []].append(contentsOf: group.items)
          continue
        }
        let statement = file.index.statements[imports[anchor].statement]
        let indent = String(decoding: file.indentation(ofLineAt: file.tokens[statement.first].start), as: UTF8.self)
        insertions.append(afterStatement(imports[anchor].statement, text: indent + statementText, eol: eol))
        continue
      }
      guard let point = moduleInsertionPoint(eol: eol, uses: used) else {
        // The transforms ask `canBind` before they rewrite a use that runs at import time.
        assertionFailure("no place for \(statementText) before its first use")
        continue
      }
      insertions.append((point.offset, point.prefix + statementText + point.suffix))
    }

    var fullyRemoved: Set<Int> = []
    for (importIndex, removed) in removals
    where removed.count == imports[importIndex].items.count && mergedInto[importIndex] == nil && replacing[importIndex] == nil {
      fullyRemoved.insert(imports[importIndex].statement)
    }
    for (importIndex, removed) in removals.sorted(by: { $0.key < $1.key }) {
      let statement = imports[importIndex]
      if removed.count == statement.items.count && mergedInto[importIndex] == nil {
        if let replacement = replacing[importIndex] {
          let text = "from \(replacement[0].spelling ?? replacement[0].module) import " + replacement.map(\.itemText).joined(separator: ", ")
          let s = file.index.statements[statement.statement]
          edits.append(.replace(ByteRange(file.tokens[s.first].start, file.tokens[s.end - 1].end), with: text, by: transform))
        } else {
          edits.append(contentsOf: deleteStatement(statement.statement, fullyRemoved: fullyRemoved))
        }
        continue
      }
      let result = rewriteList(importIndex, removing: removed, adding: mergedInto[importIndex] ?? [])
      edits.append(contentsOf: result.edits)
      findings.append(contentsOf: result.findings)
    }
    for (importIndex, added) in mergedInto.sorted(by: { $0.key < $1.key }) where removals[importIndex] == nil {
      let result = rewriteList(importIndex, removing: [], adding: added)
      edits.append(contentsOf: result.edits)
      findings.append(contentsOf: result.findings)
    }
    for insertion in insertions {
      edits.append(.insert(insertion.text, at: insertion.offset, by: transform))
    }
    return (edits, findings)
  }

  /// An existing `from module import ...` (not star) to merge into: in the anchor's block when
  /// there is an anchor (an import under `if TYPE_CHECKING:` or `try:` stays there), else a
  /// runtime top-level import of the scope; in either case one that runs before the offset
  /// `deadline` (the statement of the first use at import time), when given.
  func mergeTarget(module: String, scope: Int, anchor: Int?, before deadline: Int? = nil) -> Int? {
    let imports = file.index.imports
    let statements = file.index.statements
    let anchorStatement = anchor.map { statements[imports[$0].statement] }
    for (k, statement) in imports.enumerated() where statement.isFrom && !statement.isStar && statement.module == module {
      let s = statements[statement.statement]
      guard s.scope == scope, !rewrittenInPlace.contains(k) else { continue }
      if let deadline, file.tokens[s.first].start >= deadline { continue }
      if removals[k]?.count == statement.items.count { continue }
      if let anchorStatement {
        if s.parent != anchorStatement.parent || s.depth != anchorStatement.depth { continue }
      } else {
        if scope == 0 && s.depth != 0 { continue }
        if file.index.isTypeCheckingOnly(statement.statement) { continue }
      }
      return k
    }
    return nil
  }

  /// True when a module-level import of `module` can bind a name before token `i`, which runs
  /// at import time: an existing import above it to merge into, or a place above it to insert
  /// one (after an import, or after the docstring and `__future__` imports).
  public func canBind(module: String, before i: Int) -> Bool {
    guard let deadline = topLevelStart(of: i) else { return false }
    if mergeTarget(module: module, scope: 0, anchor: nil, before: deadline) != nil { return true }
    return moduleInsertionPoint(eol: file.source.lineEnding.rawValue, uses: Uses(first: deadline, firstAtImport: deadline)) != nil
  }

  /// After the last top-level import that precedes the statement of the first use (any import
  /// when the uses are unknown); else after the docstring and `__future__` imports, when that
  /// is still above the first use. Nil when there is no such place.
  func moduleInsertionPoint(eol: String, uses: Uses? = nil) -> (offset: Int, prefix: String, suffix: String)? {
    let statements = file.index.statements
    var lastImport: Int?
    for (k, s) in statements.enumerated() where s.depth == 0 && (s.kind == .importFrom || s.kind == .importModule) {
      if let uses, file.tokens[s.first].start >= uses.first { break }
      lastImport = k
    }
    if let lastImport {
      let p = afterStatement(lastImport, text: "", eol: eol)
      return (p.offset, p.text, p.offset == file.source.bytes.count && !endsWithNewline ? "" : eol)
    }
    var k = 0
    while k < statements.count {
      let s = statements[k]
      guard s.depth == 0 else { k += 1; continue }
      let isDocstring = k == 0 && s.kind == .simple && s.end == s.first + 1 && file.tokens[s.first].kind == .string
      let isFuture = s.kind == .importFrom && file.isName(s.first + 1, "__future__")
      if !isDocstring && !isFuture { break }
      k += 1
    }
    if k < statements.count {
      if let deadline = uses?.firstAtImport, file.tokens[statements[k].first].start > deadline { return nil }
      let offset = file.lineStart(of: file.tokens[statements[k].first].start)
      return (max(offset, file.source.hasBOM && offset == 0 ? 3 : offset), "", eol)
    }
    if k > 0 {
      let p = afterStatement(k - 1, text: "", eol: eol)
      return (p.offset, p.text, "")
    }
    return (file.source.hasBOM ? 3 : 0, "", eol)
  }

  var endsWithNewline: Bool {
    guard let last = file.source.bytes.last else { return false }
    return last == 0x0A || last == 0x0D
  }

  /// Text inserted at the end of a statement's line: after its NEWLINE, or with a leading line
  /// ending when the statement ends the file without one.
  func afterStatement(_ statement: Int, text: String, eol: String) -> (offset: Int, text: String) {
    let s = file.index.statements[statement]
    var j = s.terminator
    while j < file.tokens.count && file.tokens[j].kind != .newline && file.tokens[j].kind != .endMarker { j += 1 }
    guard j < file.tokens.count else { return (file.source.bytes.count, eol + text) }
    let newline = file.tokens[j]
    if newline.kind == .newline && newline.length > 0 {
      return (newline.end, text.isEmpty ? "" : text + eol)
    }
    // The file ends here without a final newline: keep it that way.
    return (newline.start, eol + text)
  }

  /// Deletes a whole statement: its lines when it stands alone, `pass` when it is the only
  /// statement of a block, or just itself and its `;` on a shared line.
  func deleteStatement(_ index: Int, fullyRemoved: Set<Int>) -> [Edit] {
    let statements = file.index.statements
    let s = statements[index]
    let tokens = file.tokens
    let start = tokens[s.first].start
    let lineStart = file.lineStart(of: start)
    let aloneAtStart = file.source.bytes[lineStart..<start].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0C }
      || (lineStart == 0 && file.source.hasBOM)
    let terminator = tokens[s.terminator]
    if s.parent >= 0 {
      // A block must keep a statement: when all of its statements go, the first becomes `pass`.
      let block = statements.indices.filter { statements[$0].parent == s.parent && statements[$0].depth == s.depth }
      if block.allSatisfy({ fullyRemoved.contains($0) }) && block.first == index {
        return [.replace(ByteRange(start, tokens[s.end - 1].end), with: "pass", by: transform)]
      }
    }
    if terminator.kind == .newline && aloneAtStart {
      var from = lineStart == 0 && file.source.hasBOM ? 3 : lineStart
      if let comment = danglingComment(above: index, fullyRemoved: fullyRemoved) { from = comment }
      if terminator.length == 0 {
        // Last line of a file without a final newline: also remove the previous line break.
        var back = from
        if back > 0 && file.source.bytes[back - 1] == 0x0A { back -= 1 }
        if back > 0 && file.source.bytes[back - 1] == 0x0D { back -= 1 }
        return [.delete(ByteRange(back, terminator.end), by: transform)]
      }
      return [.delete(ByteRange(from, terminator.end), by: transform)]
    }
    if terminator.isOp(UInt8(ascii: ";")) {
      let next = s.terminator + 1
      let end = next < tokens.count && tokens[next].kind != .newline ? tokens[next].start : terminator.end
      return [.delete(ByteRange(start, end), by: transform)]
    }
    // `x = 1; import a` — remove the `; import a`.
    let previous = s.first - 1
    if previous >= 0 && tokens[previous].isOp(UInt8(ascii: ";")) {
      return [.delete(ByteRange(tokens[previous].start, tokens[s.end - 1].end), by: transform)]
    }
    return [.replace(ByteRange(start, tokens[s.end - 1].end), with: "pass", by: transform)]
  }

  /// The start of the comment lines directly above statement `index` when they only describe
  /// what the statement imports and would dangle once it goes (`# Import X from Y for
  /// compatibility`): they follow a blank line (or open the file), name at least one of the
  /// statement's names or its module's last part, and no name another import keeps. A comment that names
  /// nothing of it (`# Third-party imports`) heads a group and stays.
  func danglingComment(above index: Int, fullyRemoved: Set<Int>) -> Int? {
    let tokens = file.tokens
    let bytes = file.source.bytes
    func firstOnLine(_ i: Int) -> Bool {
      let start = file.lineStart(of: tokens[i].start)
      return bytes[start..<tokens[i].start].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0C } || (start == 0 && file.source.hasBOM)
    }
    var comments: [Int] = []
    var j = index < file.index.statements.count ? file.index.statements[index].first - 1 : -1
    while j >= 0 && (tokens[j].kind == .indent || tokens[j].kind == .dedent) { j -= 1 }
    // Comment lines, from the statement upwards: each is a COMMENT first on its line, then NL.
    while j >= 1 && tokens[j].kind == .nl && tokens[j - 1].kind == .comment && firstOnLine(j - 1) {
      comments.append(j - 1)
      j -= 2
    }
    guard let top = comments.last else { return nil }
    // Above them: the file's start, or a blank line (an NL alone on its line).
    guard j < 0 || (tokens[j].kind == .nl && firstOnLine(j)) else { return nil }
    let words = Set(comments.flatMap { identifierWords(in: tokens[$0].range) })
    var own: Set<String> = []
    var kept: Set<String> = []
    for (k, statement) in file.index.imports.enumerated() {
      let removedWhole = fullyRemoved.contains(statement.statement)
      let removed = removals[k] ?? []
      for (n, item) in statement.items.enumerated() {
        let names = item.name.split(separator: ".").map(String.init) + [item.localName]
        if statement.statement == index {
          own.formUnion(names)
        } else if !removedWhole && !removed.contains(n) {
          kept.formUnion(names)
        }
      }
      if statement.statement == index, let module = statement.moduleAsWritten.split(separator: ".").last { own.insert(String(module)) }
    }
    kept.subtract(own)
    guard !words.isDisjoint(with: own), words.isDisjoint(with: kept) else { return nil }
    return file.lineStart(of: tokens[top].start)
  }

  /// The identifier-like words of a byte range (`Y.X` gives `Y` and `X`).
  func identifierWords(in range: ByteRange) -> [String] {
    var words: [String] = []
    var start: Int? = nil
    for i in range.start...range.end {
      let isPart = i < range.end && isIdentifierContinue(file.source.bytes[i])
      if isPart, start == nil { start = i }
      if !isPart, let s = start {
        words.append(file.source.text(ByteRange(s, i)))
        start = nil
      }
    }
    return words
  }

  /// Removes and adds names in an existing import list.
  func rewriteList(_ importIndex: Int, removing removed: Set<Int>, adding added: [Addition]) -> (edits: [Edit], findings: [Finding]) {
    let statement = file.index.imports[importIndex]
    let tokens = file.tokens
    let items = statement.items
    guard let firstItem = items.first, let lastItem = items.last else { return ([], []) }
    let listStart = firstItem.first
    let listEnd = lastItem.end
    let hasTriviaInside = (listStart..<listEnd).contains { tokens[$0].isTrivia }
    let kept = items.indices.filter { !removed.contains($0) }
    let keptTexts = kept.map { file.source.text(ByteRange(tokens[items[$0].first].start, tokens[items[$0].end - 1].end)) }
    let addedTexts = added.map(\.itemText).filter { !keptTexts.contains($0) }

    if !hasTriviaInside {
      let text = (keptTexts + addedTexts).joined(separator: ", ")
      if text.isEmpty { return (deleteStatement(statement.statement, fullyRemoved: []), []) }
      return ([.replace(ByteRange(tokens[listStart].start, tokens[listEnd - 1].end), with: text, by: transform)], [])
    }

    // A multi-line list: delete the removed items' lines, or just the items where they share a
    // line with kept ones; append added items as lines.
    var edits: [Edit] = []
    var findings: [Finding] = []
    for run in removedRuns(removed, of: statement) {
      guard let range = removalRange(run, of: statement) else {
        for k in run {
          findings.append(
            Finding(
              file.source, at: tokens[items[k].first].start, rule: "import-not-removed",
              "\(items[k].localName) is no longer used but shares a line with other names; remove it by hand",
              severity: .note, transform: transform))
        }
        continue
      }
      edits.append(.delete(range, by: transform))
    }
    if !addedTexts.isEmpty {
      let lastLine = file.source.lineIndex.line(of: tokens[lastItem.first].start)
      let indent = String(decoding: file.indentation(ofLineAt: tokens[lastItem.first].start), as: UTF8.self)
      let afterLast = file.nextSignificant(lastItem.end)
      let hasTrailingComma = file.isOp(afterLast, UInt8(ascii: ","))
      let lastAlone = ownLines(from: lastItem, to: lastItem) != nil
      if statement.closeParen != nil && lastAlone {
        if !hasTrailingComma && !removed.contains(items.count - 1) {
          edits.append(.insert(",", at: tokens[lastItem.end - 1].end, by: transform))
        }
        let lineEndOffset = lastLine < file.source.lineIndex.lineCount ? file.source.lineIndex.lineStart(lastLine + 1) : file.source.bytes.count
        let eol = file.source.lineEnding.rawValue
        let text = addedTexts.map { indent + $0 + "," + eol }.joined()
        edits.append(.insert(text, at: lineEndOffset, by: transform))
      } else {
        let at = hasTrailingComma ? tokens[afterLast].end : tokens[lastItem.end - 1].end
        let text = (hasTrailingComma ? " " : ", ") + addedTexts.joined(separator: ", ") + (hasTrailingComma ? "," : "")
        edits.append(.insert(text, at: at, by: transform))
      }
    }
    return (edits, findings)
  }

  /// The byte range of the lines that hold only the items `first...last` (with the last one's
  /// comma and a comment), if so.
  func ownLines(from first: ImportStatement.Item, to last: ImportStatement.Item) -> ByteRange? {
    let tokens = file.tokens
    let start = tokens[first.first].start
    let lineStart = file.lineStart(of: start)
    guard file.source.bytes[lineStart..<start].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0C }) else { return nil }
    var j = last.end
    if file.isOp(j, UInt8(ascii: ",")) { j += 1 }
    if j < tokens.count && tokens[j].kind == .comment { j += 1 }
    guard j < tokens.count, tokens[j].kind == .nl else { return nil }
    return ByteRange(lineStart, tokens[j].end)
  }

  /// The removed items of a list in runs: consecutive items on one physical line.
  func removedRuns(_ removed: Set<Int>, of statement: ImportStatement) -> [[Int]] {
    var runs: [[Int]] = []
    for k in removed.sorted() {
      if let previous = runs.last?.last, previous == k - 1,
        sameLine(file.tokens[statement.items[previous].end - 1].end, file.tokens[statement.items[k].first].start)
      {
        runs[runs.count - 1].append(k)
      } else {
        runs.append([k])
      }
    }
    return runs
  }

  /// What to delete for a run of removed items: their own lines; else, when a kept item follows
  /// on the same line, the run up to it (`A, ` of `A, B,`); else, when a kept item precedes on
  /// the same line, from its end to the run's end (`, B` of `A, B,  # note`): the rest of the
  /// line, its comment and the trailing comma stay.
  func removalRange(_ run: [Int], of statement: ImportStatement) -> ByteRange? {
    let tokens = file.tokens
    let items = statement.items
    let first = items[run[0]]
    let last = items[run[run.count - 1]]
    if let lines = ownLines(from: first, to: last) { return lines }
    let next = run[run.count - 1] + 1
    if next < items.count, sameLine(tokens[last.end - 1].end, tokens[items[next].first].start), !file.hasComment(last.end, items[next].first) {
      return ByteRange(tokens[first.first].start, tokens[items[next].first].start)
    }
    let previous = run[0] - 1
    if previous >= 0, sameLine(tokens[items[previous].end - 1].end, tokens[first.first].start) {
      return ByteRange(tokens[items[previous].end - 1].end, tokens[last.end - 1].end)
    }
    return nil
  }

  func sameLine(_ a: Int, _ b: Int) -> Bool {
    file.source.lineIndex.line(of: a) == file.source.lineIndex.line(of: b)
  }
}
