import Foundation
import PythonSource

/// Import statements: their modules (relative ones resolved), items, aliases and bindings.
extension ModuleIndexBuilder {
  // MARK: - Imports

  mutating func parseImport(_ index: Int, _ start: Int, _ end: Int, scope: Int) {
    if full { for j in start..<end where tokens[j].kind == .name { roles[j] = .importPart } }
    if isKeyword(start, .`import`) {
      let items = parseItems(start + 1, end, isFrom: false, module: nil)
      let statement = ImportStatement(
        statement: index, isFrom: false, level: 0, moduleAsWritten: "", module: nil, moduleFirst: nil, moduleLast: nil,
        items: items, isStar: false, openParen: nil, closeParen: nil, importKeyword: start)
      register(statement, scope: scope)
      return
    }
    // from <dots><module> import <items>
    var j = start + 1
    var level = 0
    while j < end && tokens[j].kind == .op && (isOp(j, ".") || isOp(j, "...")) {
      level += tokens[j].length
      j += 1
    }
    let moduleFirst = j < end && tokens[j].kind == .name && !isKeyword(j, .`import`) ? j : nil
    var moduleLast: Int?
    while j < end && tokens[j].kind == .name && !isKeyword(j, .`import`) {
      moduleLast = j
      j += 1
      if isOp(j, UInt8(ascii: ".")) { j += 1 } else { break }
    }
    guard isKeyword(j, .`import`) else { return }
    let written = moduleFirst.map { dottedName($0, moduleLast!) } ?? ""
    let module = absoluteModule(level: level, written: written)
    let keyword = j
    j += 1
    var open: Int?
    var close: Int?
    if isOp(j, UInt8(ascii: "(")) {
      open = j
      var k = end - 1
      while k > j && tokens[k].isTrivia { k -= 1 }
      if isOp(k, UInt8(ascii: ")")) { close = k }
    }
    let isStar = isOp(j, UInt8(ascii: "*"))
    let items = isStar ? [] : parseItems(open.map { $0 + 1 } ?? j, close ?? end, isFrom: true, module: module)
    let statement = ImportStatement(
      statement: index, isFrom: true, level: level, moduleAsWritten: written, module: module,
      moduleFirst: moduleFirst, moduleLast: moduleLast, items: items, isStar: isStar, openParen: open,
      closeParen: close, importKeyword: keyword)
    register(statement, scope: scope)
  }

  /// Takes `statement` over (moved into `imports`, not copied: a copy retains each of its
  /// strings, and most files have dozens of imports).
  mutating func register(_ statement: consuming ImportStatement, scope: Int) {
    let importIndex = imports.count
    let statementIndex = statement.statement
    imports.append(statement)
    // The light pass's readers (the index facts, the gate's summaries) use the imports only.
    guard full else { return }
    for k in imports[importIndex].items.indices {
      let token = imports[importIndex].items[k].alias ?? imports[importIndex].items[k].nameFirst
      bind(.import(importIndex: importIndex, item: k), token: token, statement: statementIndex, scope: scope)
    }
  }

  mutating func parseItems(_ start: Int, _ end: Int, isFrom: Bool, module: String?) -> [ImportStatement.Item] {
    var items: [ImportStatement.Item] = []
    var j = start
    while j < end {
      j = significant(from: j, before: end)
      guard j < end, tokens[j].kind == .name else { break }
      let first = j
      var last = j
      j += 1
      while !isFrom && j + 1 < end && isOp(j, UInt8(ascii: ".")) && tokens[j + 1].kind == .name {
        last = j + 1
        j += 2
      }
      var alias: Int?
      j = significant(from: j, before: end)
      if isKeyword(j, .`as`) {
        let a = significant(from: j + 1, before: end)
        if a < end && tokens[a].kind == .name {
          alias = a
          j = a + 1
        }
      }
      let itemEnd = alias.map { $0 + 1 } ?? last + 1
      let dotted = dottedName(first, last)
      let head = first == last ? dotted : text(first)
      let local = alias.map { file.text(tokens[$0].range) } ?? head
      let qualified: String
      if isFrom {
        qualified = dottedJoin(module ?? "<unresolved relative import>", dotted)
      } else {
        qualified = alias == nil ? head : dotted
      }
      items.append(
        ImportStatement.Item(
          nameFirst: first, nameLast: last, name: dotted, alias: alias, localName: local, qualifiedName: qualified,
          first: first, end: itemEnd))
      j = significant(from: j, before: end)
      if isOp(j, UInt8(ascii: ",")) { j += 1 } else { break }
    }
    return items
  }

  /// The dotted name spelled by the NAME tokens `first`, `first + 2`, ... `last` (dots between):
  /// one slice of the source when nothing separates the parts (`a.b.c`), else the parts joined
  /// (`a . b`, a continuation line).
  mutating func dottedName(_ first: Int, _ last: Int) -> String {
    var contiguous = true
    var k = first
    while k < last {
      if tokens[k + 1].start != tokens[k].end { contiguous = false; break }
      k += 1
    }
    if contiguous { return file.text(ByteRange(tokens[first].start, tokens[last].end)) }
    return stride(from: first, through: last, by: 2).map { file.text(tokens[$0].range) }.joined(separator: ".")
  }

  /// Resolves a relative `from` module against this file's package.
  mutating func absoluteModule(level: Int, written: String) -> String? {
    guard level > 0 else { return written }
    guard let moduleName else { return nil }
    var package = moduleName.split(separator: ".").map(String.init)
    if !isPackageInit { package.removeLast() }
    let drop = level - 1
    guard drop <= package.count else { return nil }
    package.removeLast(drop)
    if !written.isEmpty { package.append(written) }
    guard !package.isEmpty else { return nil }
    return package.joined(separator: ".")
  }
}

/// `a + "." + b` with one allocation and two copies (`+` and `reserveCapacity` cost several
/// times that, once per imported name of every analysed file).
func dottedJoin(_ a: String, _ b: String) -> String {
  var a = a
  var b = b
  return a.withUTF8 { first in
    b.withUTF8 { second in
      String(unsafeUninitializedCapacity: first.count + 1 + second.count) { out in
        if let base = first.baseAddress { out.baseAddress!.update(from: base, count: first.count) }
        out[first.count] = UInt8(ascii: ".")
        if let base = second.baseAddress { (out.baseAddress! + first.count + 1).update(from: base, count: second.count) }
        return first.count + 1 + second.count
      }
    }
  }
}
