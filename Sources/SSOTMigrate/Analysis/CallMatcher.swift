#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PythonSource

/// A reference to a qualified name in a file: `name`, `module.name`, `Class.method`, or the
/// call of such a name's result (`factory()`), and whether and how it is called.
public struct NameReference: Sendable {
  /// The local name token the reference starts with, and the scope whose binding it uses.
  public let head: Int
  public let bindingScope: Int
  /// The qualified name matched: `a.b.c`, or `a.b.c()` for "the result of calling a.b.c".
  public let qualifiedName: String
  /// One past the last token of the callee expression (`f.create`, or `factory()`).
  public let calleeEnd: Int
  /// When the reference is called: its `(` and `)`.
  public let call: (open: Int, close: Int)?
  /// The `await` token directly before the expression, if any.
  public let awaitToken: Int?
  /// True when the call is followed by `.`, `(` or `[`: an `await` then applies to the larger
  /// expression, not to this call.
  public let hasTrailer: Bool

  /// Called and awaited as a whole: `await f(x)`, `(await f(x)).m()`.
  public var isDirectlyAwaited: Bool { awaitToken != nil && !hasTrailer }
}

/// One argument of a call, as token indices.
public struct CallArgument: Sendable {
  public enum Kind: Sendable, Equatable { case positional, keyword(String), star, doubleStar }
  public let kind: Kind
  /// First and last significant token of the whole argument (`name=value` included).
  public let first: Int
  public let last: Int
  /// First token of the value (after `name=`, `*` or `**`).
  public let valueFirst: Int
  /// Token index of the keyword name for keyword arguments.
  public let keywordToken: Int?
}

/// Finds references to a set of qualified names, following bindings (CallMatcher in the design
/// notes): `name(...)`, `module.name(...)`, `Class.method(...)`, `f()(...)`, through `import as`
/// aliases, package re-exports and function-local imports.
public enum CallMatcher {
  /// Every reference in `file` whose resolved dotted chain equals one of `qualifiedNames` (a name
  /// ending in `()` matches a zero-argument call of that name). Only names bound solely by imports
  /// are followed; see `shadowedReferences` for the rest. A chain through a module that
  /// re-exports a wanted name (`reexports`) matches the wanted name.
  public static func references(in file: AnalyzedFile, to qualifiedNames: Set<String>, reexports: ReexportTable = .empty) -> [NameReference] {
    var result: [NameReference] = []
    let tokens = file.tokens
    let index = file.index
    // Only a name an import binds to a wanted name, or to a prefix of one (a module, a class),
    // can start a reference: compare bytes before allocating.
    // The wanted names' bytes in one pool, compared with memcmp: iterating the set retained
    // and released each of its strings for every imported name.
    var wantedPool: [UInt8] = []
    var wantedEnds: [Int] = []
    for q in qualifiedNames {
      wantedPool.append(contentsOf: q.utf8)
      wantedEnds.append(wantedPool.count)
    }
    func leadsToWanted(_ bound: String) -> Bool {
      func isPrefixOfWanted(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        wantedPool.withUnsafeBufferPointer { pool in
          var start = 0
          for end in wantedEnds {
            defer { start = end }
            let length = end - start
            guard length >= b.count, b.count == 0 || memcmp(pool.baseAddress! + start, b.baseAddress!, b.count) == 0 else { continue }
            if length == b.count || pool[start + b.count] == UInt8(ascii: ".") || pool[start + b.count] == UInt8(ascii: "(") { return true }
          }
          return false
        }
      }
      // A native string's bytes are read in place; another kind is copied out first.
      return bound.utf8.withContiguousStorageIfAvailable(isPrefixOfWanted) ?? Array(bound.utf8).withUnsafeBufferPointer(isPrefixOfWanted)
    }
    // The imports are read in place: mapping over them copied every statement and item.
    var localNames: Set<String> = []
    let imports = index.imports
    for i in imports.indices {
      for k in imports[i].items.indices
      where leadsToWanted(imports[i].items[k].qualifiedName)
        || reexports.mayLead(
          imports[i].items[k].qualifiedName,
          last: imports[i].isFrom ? imports[i].items[k].name : imports[i].items[k].qualifiedName.lastDottedPart)
      {
        localNames.insert(imports[i].items[k].localName)
      }
    }
    if localNames.isEmpty { return [] }
    let importedNames = localNames.map { Array($0.utf8) }
    // Most name tokens differ from every imported name in length or first byte: those two
    // tests come before any comparison of the rest, on plain memory (the names in one pool, so
    // that the loop over every token reads integers, not arrays).
    let pool = importedNames.flatMap { $0 }
    var offsets: [Int] = [0]
    for name in importedNames { offsets.append(offsets[offsets.count - 1] + name.count) }
    let bytes = file.source.bytes
    var candidates: [Int] = []
    bytes.withUnsafeBufferPointer { source in
      pool.withUnsafeBufferPointer { names in
        let roles = index.roles
        for i in tokens.indices {
          let token = tokens[i]
          guard token.kind == .name, roles[i] == .reference else { continue }
          let length = token.length
          let start = token.start
          for k in 0..<(offsets.count - 1) where offsets[k + 1] - offsets[k] == length && names[offsets[k]] == source[start] {
            if memcmp(names.baseAddress! + offsets[k], source.baseAddress! + start, length) == 0 {
              candidates.append(i)
              break
            }
          }
        }
      }
    }
    for i in candidates {
      let name = file.text(i)
      guard case .imported(let scope, let bound) = index.resolve(name, inScope: Int(index.scopeOfToken[i])) else {
        continue
      }
      for base in bound {
        if let reference = match(file, head: i, base: base, scope: scope, qualifiedNames, reexports) {
          result.append(reference)
          break
        }
      }
    }
    return result
  }

  static func match(
    _ file: AnalyzedFile, head: Int, base: String, scope: Int, _ qualifiedNames: Set<String>, _ reexports: ReexportTable
  ) -> NameReference? {
    // Each step of the chain is the name it re-exports, if it is a re-export.
    var qualified = reexports.isEmpty ? base : reexports.canonical(base)
    var last = head
    while true {
      if qualifiedNames.contains(qualified) {
        return reference(file, head: head, scope: scope, qualified: qualified, last: last)
      }
      if file.isOp(last + 1, UInt8(ascii: "(")) && file.isOp(last + 2, UInt8(ascii: ")"))
        && qualifiedNames.contains(qualified + "()")
      {
        return reference(file, head: head, scope: scope, qualified: qualified + "()", last: last + 2)
      }
      guard file.isOp(last + 1, UInt8(ascii: ".")), last + 2 < file.tokens.count,
        file.tokens[last + 2].kind == .name
      else { return nil }
      qualified += "." + file.text(last + 2)
      if !reexports.isEmpty { qualified = reexports.canonical(qualified) }
      last += 2
    }
  }

  static func reference(_ file: AnalyzedFile, head: Int, scope: Int, qualified: String, last: Int) -> NameReference {
    var call: (Int, Int)?
    var hasTrailer = false
    if file.isOp(last + 1, UInt8(ascii: "(")), let close = file.matchingBracket(last + 1) {
      call = (last + 1, close)
      let next = close + 1
      hasTrailer = file.isOp(next, UInt8(ascii: ".")) || file.isOp(next, UInt8(ascii: "(")) || file.isOp(next, UInt8(ascii: "["))
    }
    let previous = file.previousSignificant(head)
    let awaitToken = file.isName(previous, "await") ? previous : nil
    return NameReference(
      head: head, bindingScope: scope, qualifiedName: qualified, calleeEnd: last + 1, call: call,
      awaitToken: awaitToken, hasTrailer: hasTrailer)
  }

  /// The arguments between `open` and `close`, split at top-level commas.
  public static func arguments(in file: AnalyzedFile, open: Int, close: Int) -> [CallArgument] {
    var result: [CallArgument] = []
    var depth = 0
    var start = open + 1
    var j = open + 1
    func finish(_ end: Int) {
      var first = start
      while first < end && file.tokens[first].isTrivia { first += 1 }
      var last = end - 1
      while last >= first && file.tokens[last].isTrivia { last -= 1 }
      guard first <= last else { return }
      if file.tokens[first].kind == .op && file.tokens[first].length == 2 && file.isOpText(first, "**") {
        result.append(CallArgument(kind: .doubleStar, first: first, last: last, valueFirst: first + 1, keywordToken: nil))
      } else if file.isOp(first, UInt8(ascii: "*")) {
        result.append(CallArgument(kind: .star, first: first, last: last, valueFirst: first + 1, keywordToken: nil))
      } else if file.tokens[first].kind == .name, case let eq = file.nextSignificant(first + 1), eq < end,
        file.isOp(eq, UInt8(ascii: "=")), file.tokens[eq].length == 1
      {
        result.append(
          CallArgument(
            kind: .keyword(file.text(first)), first: first, last: last, valueFirst: file.nextSignificant(eq + 1),
            keywordToken: first))
      } else {
        result.append(CallArgument(kind: .positional, first: first, last: last, valueFirst: first, keywordToken: nil))
      }
    }
    while j < close {
      let t = file.tokens[j]
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
        case UInt8(ascii: ",") where depth == 0:
          finish(j)
          start = j + 1
        default: break
        }
      }
      j += 1
    }
    finish(close)
    return result
  }
}

extension AnalyzedFile {
  /// True when token `i` is the operator spelled `op`.
  public func isOpText(_ i: Int, _ op: String) -> Bool {
    var op = op
    return op.withUTF8 { tokens.isOp(i, $0, in: source.bytes) }
  }

  /// True when tokens `from..<to` include a comment.
  public func hasComment(_ from: Int, _ to: Int) -> Bool {
    var j = from
    while j < to {
      if tokens[j].kind == .comment { return true }
      j += 1
    }
    return false
  }
}
