import Foundation
import PythonSource

/// The single forward pass that fills a `ModuleIndex`. Iterative: deep nesting cannot overflow
/// the stack.
///
/// Its read-only helpers are `mutating` on purpose: a non-mutating method called from a mutating
/// one receives a copy of the whole builder (224 bytes, copied at every statement; measured), while
/// a mutating one borrows it in place.
struct ModuleIndexBuilder {
  let file: SourceFile
  let tokens: [Token]
  let moduleName: String?
  let isPackageInit: Bool
  /// False for the light pass of the repository index: statements, scopes and imports only, no
  /// roles or non-import bindings.
  let full: Bool

  var statements: [Statement] = []
  var scopes: [Scope] = [Scope(kind: .module, parent: -1, header: -1)]
  var imports: [ImportStatement] = []
  var bindings: ModuleIndex.BindingTable
  /// Per-token tables, written through plain pointers while the pass runs (an array element
  /// store asks the runtime whether the storage is unique, once per token): the storage of the
  /// arrays `ModuleIndex` keeps, lent for the pass (empty in the light pass).
  let scopeOfToken: UnsafeMutableBufferPointer<Int32>
  let statementOfToken: UnsafeMutableBufferPointer<Int32>
  let roles: UnsafeMutableBufferPointer<ModuleIndex.NameRole>
  var allNames: [String: [Int]] = [:]
  /// Module-scope `NAME = ...` statements and def/class names, in both passes: what the
  /// repository index needs to follow re-exports (`n = X.n`) and to see a name rebound.
  var moduleAssignments: [ModuleIndex.ModuleAssignment] = []
  var moduleDefinitions: [Int] = []
  var typeChecking: Set<Int> = []
  /// Per statement: an `if TYPE_CHECKING:` header, or inside one (asked for every statement,
  /// so an array, not a set).
  var typeCheckingFlags: [Bool] = []
  /// `scanStatement`'s results for the statement being built, reused across statements
  /// instead of arrays per statement: assignment targets (`bindSimpleStatement` binds them),
  /// and walrus targets (`end == -1`) and comprehension target ranges in token order (bound
  /// after the statement's other bindings, as before).
  private var assignmentTargets: [(start: Int, end: Int)] = []
  private var expressionTargets: [(start: Int, end: Int)] = []
  /// Open brackets deeper than `CallParens` holds in its bits (never, in ordinary code).
  private var deepCallParens: [Bool] = []

  /// `scopeOfToken`, `statementOfToken` and `roles`: one entry per token, initialized (0, -1,
  /// `.reference`), when `full`.
  init(
    file: SourceFile, tokens: [Token], moduleName: String?, isPackageInit: Bool, full: Bool,
    scopeOfToken: UnsafeMutableBufferPointer<Int32>, statementOfToken: UnsafeMutableBufferPointer<Int32>,
    roles: UnsafeMutableBufferPointer<ModuleIndex.NameRole>
  ) {
    self.full = full
    self.file = file
    self.tokens = tokens
    self.moduleName = moduleName
    self.isPackageInit = isPackageInit
    self.scopeOfToken = scopeOfToken
    self.statementOfToken = statementOfToken
    self.roles = roles
    // About a statement per 12 tokens; growing the arrays from empty copied them over and over.
    statements.reserveCapacity(tokens.count / 8 + 16)
    typeCheckingFlags.reserveCapacity(tokens.count / 8 + 16)
    // About one binding per 16 tokens in ordinary code; the light pass binds imports only.
    bindings = ModuleIndex.BindingTable(source: file.bytes, scopes: 1, expected: full ? tokens.count / 16 : 16)
  }

  // MARK: - Token helpers

  mutating func text(_ i: Int) -> String { file.text(tokens[i].range) }

  /// True for a NAME token spelling `word`; for hard keywords use `isKeyword`, which the lexer
  /// already answered.
  mutating func isName(_ i: Int, _ word: StaticString) -> Bool {
    guard i >= 0, i < tokens.count, tokens[i].kind == .name else { return false }
    let t = tokens[i]
    guard t.length == word.utf8CodeUnitCount else { return false }
    // The first byte decides almost every call: no call of memcmp for it.
    return file.bytes.withUnsafeBufferPointer {
      $0[t.start] == word.utf8Start.pointee && memcmp($0.baseAddress! + t.start + 1, word.utf8Start + 1, t.length - 1) == 0
    }
  }

  mutating func isKeyword(_ i: Int, _ keyword: Keyword) -> Bool { i >= 0 && i < tokens.count && tokens[i].isKeyword(keyword) }

  mutating func isOp(_ i: Int, _ byte: UInt8) -> Bool { i >= 0 && i < tokens.count && tokens[i].isOp(byte) }

  mutating func isOp(_ i: Int, _ op: StaticString) -> Bool {
    guard i >= 0, i < tokens.count, tokens[i].kind == .op else { return false }
    let t = tokens[i]
    // An operator token carries its first byte: a one-byte operator needs no look at the text.
    guard t.length == op.utf8CodeUnitCount, t.firstByte == op.utf8Start.pointee else { return false }
    return t.length == 1 || file.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + t.start + 1, op.utf8Start + 1, t.length - 1) == 0 }
  }

  /// Next token index at or after `i` that is not a comment or NL.
  mutating func significant(from i: Int, before end: Int) -> Int {
    var j = i
    while j < end && tokens[j].isTrivia { j += 1 }
    return j
  }

  mutating func previousSignificant(_ i: Int, after start: Int) -> Int {
    var j = i - 1
    while j >= start && tokens[j].isTrivia { j -= 1 }
    return j
  }

  /// True when an opening bracket at `i` is a call or subscript (it follows an expression).
  mutating func opensTrailer(_ i: Int, statementStart: Int) -> Bool {
    opensTrailer(after: previousSignificant(i, after: statementStart), statementStart)
  }

  // MARK: - Statements and blocks

  mutating func build() {
    var blockStack: [(header: Int, scope: Int)] = []
    var pendingHeader: (header: Int, scope: Int)?
    var inline: (header: Int, scope: Int)?
    var i = 0
    let n = tokens.count
    while i < n {
      switch tokens[i].kind {
      case .indent:
        blockStack.append(pendingHeader ?? (blockStack.last ?? (-1, 0)))
        pendingHeader = nil
        if full { scopeOfToken[i] = Int32(blockStack.last!.scope) }
        i += 1
        continue
      case .dedent:
        if !blockStack.isEmpty { blockStack.removeLast() }
        if full { scopeOfToken[i] = Int32(blockStack.last?.scope ?? 0) }
        i += 1
        continue
      case .newline:
        inline = nil
        if full { scopeOfToken[i] = Int32(blockStack.last?.scope ?? 0) }
        i += 1
        continue
      case .nl, .comment, .endMarker:
        if full { scopeOfToken[i] = Int32(inline?.scope ?? blockStack.last?.scope ?? 0) }
        i += 1
        continue
      default:
        break
      }
      if !full, let end = lightPassSkipEnd(from: i) {
        // The light pass records imports, scopes and headers only: a statement that is neither
        // an import nor a compound header (`x = f()`, `return x`, a docstring, a decorator) is
        // none of them, and most statements are such. At module scope it still notes what
        // `NAME = ...` binds.
        if (inline ?? blockStack.last)?.scope ?? 0 == 0 { noteModuleStatement(i, end) }
        i = end
        continue
      }
      let context = inline ?? blockStack.last ?? (-1, 0)
      let depth = blockStack.count + (inline == nil ? 0 : 1)
      let (end, colon) = statementEnd(from: i)
      let kind = classify(i, colon: colon)
      let index = statements.count
      let terminator = colon ?? end
      let hasIndentedBody: Bool
      if let colon {
        let next = significant(from: colon + 1, before: n)
        hasIndentedBody = next >= n || tokens[next].kind == .newline || tokens[next].kind == .endMarker
      } else {
        hasIndentedBody = false
      }
      statements.append(
        Statement(
          kind: kind, first: i, end: colon ?? end, terminator: terminator, parent: context.header,
          scope: context.scope, depth: depth, hasIndentedBody: hasIndentedBody))
      typeCheckingFlags.append(false)
      if context.header >= 0 && typeCheckingFlags[context.header] {
        typeChecking.insert(index)
        typeCheckingFlags[index] = true
      }
      if full {
        scanStatement(index, i, terminator, scope: context.scope, assignments: kind == .simple)
      }
      var bodyScope = context.scope
      switch kind {
      case .importModule, .importFrom:
        parseImport(index, i, end, scope: context.scope)
      case .functionDef:
        bodyScope = defineScope(.function, header: index, statementStart: i, end: colon ?? end, outer: context.scope)
      case .classDef:
        bodyScope = defineScope(.class, header: index, statementStart: i, end: colon ?? end, outer: context.scope)
      case .header:
        if full { bindHeaderTargets(index, i, colon ?? end, scope: context.scope) }
        if isTypeCheckingHeader(i, colon ?? end) { typeCheckingFlags[index] = true }
      case .simple:
        if full { bindSimpleStatement(index, i, end, scope: context.scope) }
        if context.scope == 0 { noteModuleStatement(i, end) }
      case .decorator:
        break
      }
      if full { bindExpressionTargets(index, scope: context.scope) }
      if let colon {
        if hasIndentedBody {
          pendingHeader = (index, bodyScope)
        } else {
          inline = (index, bodyScope)
        }
        i = colon + 1
      } else if end < n && tokens[end].isOp(UInt8(ascii: ";")) {
        i = end + 1
      } else {
        i = end
      }
    }
  }

  /// For the light pass, a statement that is not an import and not a compound header, and has
  /// no `;` on its line: the index of its NEWLINE. Nil for anything else (the statement is
  /// analysed).
  mutating func lightPassSkipEnd(from start: Int) -> Int? {
    let first = tokens[start]
    if first.kind == .name {
      if first.isKeyword(.`import`) || first.isKeyword(.from) { return nil }
      if (first.isKeyword || isName(start, "match") || isName(start, "case")) && mayBeHeader(start) { return nil }
    }
    guard let end = lineEndBeforeSemicolon(from: start + 1), end < tokens.count else { return nil }
    return end
  }

  /// The first NEWLINE or ENDMARKER from `start` (`tokens.count` if none), or nil when a `;`
  /// comes first. NEWLINE only comes at bracket depth 0, so no bracket bookkeeping is needed.
  mutating func lineEndBeforeSemicolon(from start: Int) -> Int? {
    let j = tokens.withUnsafeBufferPointer { Token.firstLineEndOrSemicolon(in: $0, from: start) }
    return j < tokens.count && tokens[j].kind == .op ? nil : j
  }

  /// One past the statement's last token (its NEWLINE or `;`), and the header colon if it is a
  /// compound-statement header.
  mutating func statementEnd(from start: Int) -> (end: Int, colon: Int?) {
    let header = mayBeHeader(start)
    let n = tokens.count
    // Most statements: no header colon to find, so the end is the first NEWLINE; a `;` (rare)
    // needs the bracket depth, below.
    if !header, let end = lineEndBeforeSemicolon(from: start) { return (end, nil) }
    var depth = 0
    var lambdas = 0
    var j = start
    while j < n {
      let t = tokens[j]
      if t.kind == .newline || t.kind == .endMarker { return (j, nil) }
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          depth = max(0, depth - 1)
        case UInt8(ascii: ";") where depth == 0:
          return (j, nil)
        case UInt8(ascii: ":") where depth == 0 && t.length == 1:
          if lambdas > 0 {
            lambdas -= 1
          } else if header {
            return (j, j)
          }
        default:
          break
        }
      } else if t.kind == .name && depth == 0 && isKeyword(j, .lambda) {
        lambdas += 1
      }
      j += 1
    }
    return (n, nil)
  }

  mutating func mayBeHeader(_ i: Int) -> Bool {
    guard tokens[i].kind == .name else { return false }
    if let keyword = tokens[i].keyword {
      switch keyword {
      case .if, .elif, .else, .while, .for, .try, .except, .finally, .with, .def, .class, .async: return true
      default: return false
      }
    }
    if isName(i, "match") || isName(i, "case") {
      // Soft keywords: a header only when followed by an expression and ending in `:`.
      let next = i + 1
      guard next < tokens.count else { return false }
      let t = tokens[next]
      if t.kind == .newline || t.kind == .endMarker { return false }
      if t.kind == .op && t.length == 1
        && [UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"),
          UInt8(ascii: ")")].contains(t.firstByte)
      {
        return false
      }
      if t.kind == .op && t.length == 2 && file.bytes[t.start + 1] == UInt8(ascii: "=") { return false }
      var j = next
      while j < tokens.count && tokens[j].kind != .newline && tokens[j].kind != .endMarker { j += 1 }
      var last = j - 1
      while last > i && tokens[last].kind == .comment { last -= 1 }
      return tokens[last].isOp(UInt8(ascii: ":"))
    }
    return false
  }

  mutating func classify(_ i: Int, colon: Int?) -> Statement.Kind {
    if tokens[i].isOp(UInt8(ascii: "@")) { return .decorator }
    guard tokens[i].kind == .name else { return .simple }
    if isKeyword(i, .`import`) { return .importModule }
    if isKeyword(i, .from) { return .importFrom }
    guard colon != nil else { return .simple }
    if isKeyword(i, .def) || (isKeyword(i, .async) && isKeyword(i + 1, .def)) { return .functionDef }
    if isKeyword(i, .`class`) { return .classDef }
    return .header
  }

  mutating func isTypeCheckingHeader(_ start: Int, _ end: Int) -> Bool {
    guard isKeyword(start, .`if`) else { return false }
    if end == start + 2 && isName(start + 1, "TYPE_CHECKING") { return true }
    return end == start + 4 && isName(start + 1, "typing") && isOp(start + 2, UInt8(ascii: "."))
      && isName(start + 3, "TYPE_CHECKING")
  }

  // MARK: - One walk per statement

  /// The stack of open brackets of a statement, one bit each: whether it is a call's `(`
  /// (`f(x=1)`: `x` is a keyword argument). Bits past 64 levels go to `deepCallParens`.
  struct CallParens {
    var bits: UInt64 = 0
    var depth = 0
  }

  /// The full analysis's walk over a statement's tokens `start..<stop` (`stop`: its terminator),
  /// in one loop instead of one per question: each token's statement and scope, the roles of
  /// its names, and (for `bindSimpleStatement` and `bindExpressionTargets`, which bind them
  /// later, in the order the bindings always had) its assignment targets when `assignments`,
  /// its walrus targets and its comprehension variables.
  mutating func scanStatement(_ index: Int, _ start: Int, _ stop: Int, scope: Int, assignments: Bool) {
    let n = tokens.count
    let statement32 = Int32(index)
    let scope32 = Int32(scope)
    if stop < n {
      statementOfToken[stop] = statement32
      scopeOfToken[stop] = scope32
    }
    if !deepCallParens.isEmpty { deepCallParens.removeAll(keepingCapacity: true) }
    if !expressionTargets.isEmpty { expressionTargets.removeAll(keepingCapacity: true) }
    if !assignmentTargets.isEmpty { assignmentTargets.removeAll(keepingCapacity: true) }
    // The first depth-0 `:` before any `=`: an annotated assignment's target ends there.
    var annotationColon = -1
    // Assignment targets (simple statements but `global`, `nonlocal`, `del`): every segment
    // before the last depth-0 `=`; the target of an augmented or annotated assignment.
    let collectAssignments =
      assignments && !isKeyword(start, .global) && !isKeyword(start, .nonlocal) && !isKeyword(start, .del)
    var segmentStart = start
    var lastEquals = -1
    var depth = 0
    // Walrus and comprehension targets: a comprehension's target tokens are not looked at
    // again (nor their brackets counted), up to and including `skipThrough`.
    var expressionDepth = 0
    var skipThrough = -1
    var parens = CallParens()
    // The previous token that is not trivia, kept as the loop goes instead of searched back for.
    var previous = start - 1
    var j = start
    while j < stop {
      let t = tokens[j]
      statementOfToken[j] = statement32
      scopeOfToken[j] = scope32
      let p = previous
      if !t.isTrivia { previous = j }
      if t.kind == .op {
        let b = t.firstByte
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          pushCallParen(&parens, b == UInt8(ascii: "(") && opensTrailer(after: p, start))
          depth += 1
          if j > skipThrough { expressionDepth += 1 }
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          popCallParen(&parens)
          depth -= 1
          if j > skipThrough { expressionDepth -= 1 }
        default:
          if collectAssignments && depth == 0 {
            if t.length == 1 && b == UInt8(ascii: "=") {
              assignmentTargets.append((segmentStart, j))
              segmentStart = j + 1
              lastEquals = j
            } else if t.length >= 2 && file.bytes[t.end - 1] == UInt8(ascii: "=") && !isOp(j, "==")
              && !isOp(j, "<=") && !isOp(j, ">=") && !isOp(j, "!=") && lastEquals < 0
            {
              assignmentTargets.append((start, j))  // augmented assignment; `:=` is a walrus
            } else if t.length == 1 && b == UInt8(ascii: ":") && annotationColon < 0 && lastEquals < 0 {
              annotationColon = j
            }
          }
          if b == UInt8(ascii: ":") && j > skipThrough && t.length == 2, j > start, tokens[j - 1].kind == .name {
            expressionTargets.append((j - 1, -1))  // `:=` is the only two-byte operator starting with `:`
          }
        }
        j += 1
        continue
      }
      if t.kind == .name {
        if p >= start && tokens[p].isOp(UInt8(ascii: ".")) {
          roles[j] = .attribute
        } else if t.isKeyword {
          roles[j] = .keyword
        } else if parens.bits & 1 == 1 && parens.depth > 0, isOp(significant(from: j + 1, before: stop), "=") {
          roles[j] = .keywordArgument
        }
        if t.firstByte == Keyword.for.rawValue && expressionDepth > 0 && j > skipThrough {
          let k = comprehensionTargetEnd(from: j + 1, before: stop)
          expressionTargets.append((j + 1, k))
          skipThrough = k
        }
      }
      j += 1
    }
    if annotationColon >= 0 && assignmentTargets.isEmpty {
      assignmentTargets.append((start, annotationColon))
    } else if annotationColon >= 0, let first = assignmentTargets.first, first.start == start {
      assignmentTargets[0] = (start, annotationColon)
    }
  }

  /// True when an opening bracket whose previous significant token is `p` is a call or
  /// subscript (it follows an expression).
  mutating func opensTrailer(after p: Int, _ statementStart: Int) -> Bool {
    guard p >= statementStart else { return false }
    let t = tokens[p]
    switch t.kind {
    case .name: return !t.isKeyword || isKeyword(p, .`None`) || isKeyword(p, .`True`) || isKeyword(p, .`False`)
    case .string, .number: return true
    case .op: return t.isOp(UInt8(ascii: ")")) || t.isOp(UInt8(ascii: "]")) || t.isOp(UInt8(ascii: "}"))
    default: return false
    }
  }

  mutating func pushCallParen(_ parens: inout CallParens, _ isCall: Bool) {
    if parens.depth >= 64 { deepCallParens.append(parens.bits >> 63 == 1) }
    parens.bits = parens.bits << 1 | (isCall ? 1 : 0)
    parens.depth += 1
  }

  mutating func popCallParen(_ parens: inout CallParens) {
    guard parens.depth > 0 else { return }
    parens.depth -= 1
    parens.bits >>= 1
    if parens.depth >= 64, let bit = deepCallParens.popLast() { parens.bits |= (bit ? 1 : 0) << 63 }
  }

  /// The `in` that ends a comprehension's target list starting at `start`, or the bracket that
  /// closes the comprehension first, or `end`.
  mutating func comprehensionTargetEnd(from start: Int, before end: Int) -> Int {
    var k = start
    var inner = 0
    while k < end {
      if tokens[k].kind == .op {
        let b = tokens[k].firstByte
        if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { inner += 1 }
        if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") {
          if inner == 0 { break }
          inner -= 1
        }
      }
      if inner == 0 && isKeyword(k, .`in`) { break }
      k += 1
    }
    return k
  }

  // MARK: - Bindings

  /// Binds the name spelled by token `token` (never a copied `String`: the table interns bytes).
  mutating func bind(_ kind: ModuleIndex.BindingKind, token: Int, statement: Int, scope: Int) {
    let t = tokens[token]
    bindings.bind(ModuleIndex.Binding(kind: kind, token: token, statement: statement), name: t.start, t.end, scope: scope)
  }

  /// Opens the scope of a def or class header, binds its name outside and its parameters inside.
  mutating func defineScope(_ kind: Scope.Kind, header: Int, statementStart: Int, end: Int, outer: Int) -> Int {
    let scope = scopes.count
    scopes.append(Scope(kind: kind, parent: outer, header: header))
    bindings.addScope()
    var nameToken = statementStart + 1
    if isKeyword(statementStart, .async) { nameToken += 1 }
    guard nameToken < end, tokens[nameToken].kind == .name else { return scope }
    if outer == 0 { moduleDefinitions.append(nameToken) }
    guard full else { return scope }
    roles[nameToken] = .definition
    bind(kind == .function ? .function : .class, token: nameToken, statement: header, scope: outer)
    if kind == .class {
      // Bases and keywords are evaluated outside; only the body is the class scope.
      return scope
    }
    for j in (nameToken + 1)..<end { scopeOfToken[j] = Int32(scope) }
    // Parameters: names that start a parameter inside the outermost parentheses.
    var depth = 0
    var expectingParameter = false
    var j = nameToken + 1
    while j < end {
      let t = tokens[j]
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          depth += 1
          if depth == 1 && t.firstByte == UInt8(ascii: "(") { expectingParameter = true }
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          depth -= 1
        case UInt8(ascii: ","):
          if depth == 1 { expectingParameter = true }
        case UInt8(ascii: "*"), UInt8(ascii: "/"):
          break
        default:
          if depth == 1 { expectingParameter = false }
        }
      } else if t.kind == .name && depth == 1 && expectingParameter {
        roles[j] = .definition
        bind(.parameter, token: j, statement: header, scope: scope)
        expectingParameter = false
      } else if !t.isTrivia {
        if depth == 1 { expectingParameter = false }
      }
      j += 1
    }
    return scope
  }

  /// Binds the names at target positions in `start..<end` (assignment and loop targets).
  mutating func bindTargets(_ start: Int, _ end: Int, _ kind: ModuleIndex.BindingKind, statement: Int, scope: Int) {
    var trailers: [Bool] = []
    for j in start..<end {
      let t = tokens[j]
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          trailers.append(opensTrailer(j, statementStart: start))
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          if !trailers.isEmpty { trailers.removeLast() }
        default: break
        }
        continue
      }
      guard t.kind == .name, !trailers.contains(true), roles[j] == .reference || roles[j] == .store else { continue }
      let next = significant(from: j + 1, before: end)
      if next < end && tokens[next].kind == .op
        && (tokens[next].isOp(UInt8(ascii: ".")) || tokens[next].isOp(UInt8(ascii: "("))
          || tokens[next].isOp(UInt8(ascii: "[")))
      {
        continue
      }
      roles[j] = .store
      bind(kind, token: j, statement: statement, scope: scope)
    }
  }

  mutating func bindHeaderTargets(_ index: Int, _ start: Int, _ end: Int, scope: Int) {
    var first = start
    if isKeyword(first, .async) { first += 1 }
    if isKeyword(first, .`for`) {
      var j = first + 1
      var depth = 0
      while j < end {
        if tokens[j].kind == .op {
          let b = tokens[j].firstByte
          if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1 }
          if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { depth -= 1 }
        }
        if depth == 0 && isKeyword(j, .`in`) { break }
        j += 1
      }
      bindTargets(first + 1, j, .loopTarget, statement: index, scope: scope)
    } else if isKeyword(first, .with) || isKeyword(first, .except) {
      // `with a as b, c as (d, e):` / `except E as e:` — the target after each `as`.
      var j = first + 1
      while j < end {
        if isKeyword(j, .`as`) {
          var k = j + 1
          var depth = 0
          while k < end {
            if tokens[k].kind == .op {
              let b = tokens[k].firstByte
              if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") { depth += 1 }
              if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
              }
              if b == UInt8(ascii: ",") && depth == 0 { break }
            }
            k += 1
          }
          bindTargets(j + 1, k, isKeyword(first, .with) ? .withTarget : .exceptTarget, statement: index, scope: scope)
          j = k
        }
        j += 1
      }
    }
  }

  mutating func bindSimpleStatement(_ index: Int, _ start: Int, _ end: Int, scope: Int) {
    if isKeyword(start, .global) || isKeyword(start, .nonlocal) {
      for j in (start + 1)..<end where tokens[j].kind == .name {
        roles[j] = .store
        bind(.global, token: j, statement: index, scope: scope)
        if isKeyword(start, .global) && scope != 0 { bind(.global, token: j, statement: index, scope: 0) }
      }
      return
    }
    if isKeyword(start, .del) {
      bindTargets(start + 1, end, .deletion, statement: index, scope: scope)
      return
    }
    // The targets `scanStatement` collected.
    for target in assignmentTargets { bindTargets(target.start, target.end, .assignment, statement: index, scope: scope) }
    if scope == 0 { collectAll(start, end) }
  }

  /// Walrus targets and comprehension variables anywhere in a statement, as `scanStatement`
  /// found them.
  mutating func bindExpressionTargets(_ index: Int, scope: Int) {
    for target in expressionTargets {
      if target.end < 0 {
        roles[target.start] = .store
        bind(.walrus, token: target.start, statement: index, scope: scope)
      } else {
        bindTargets(target.start, target.end, .comprehension, statement: index, scope: scope)
      }
    }
  }

  /// A module-scope simple statement `start..<end`: `NAME = a.b.c` (an alias the repository
  /// index can follow), any other `NAME = ...`, and, in the light pass, `__all__` (the full
  /// pass collects it while binding).
  mutating func noteModuleStatement(_ start: Int, _ end: Int) {
    guard tokens[start].kind == .name, !tokens[start].isKeyword else { return }
    if !full && isName(start, "__all__") {
      collectAll(start, end)
      return
    }
    guard start + 2 < end, isOp(start + 1, UInt8(ascii: "=")), tokens[start + 1].length == 1 else { return }
    // The value: NAME (. NAME)*, then only a comment before the statement's end.
    var j = start + 2
    var dotted = tokens[j].kind == .name && !tokens[j].isKeyword
    while dotted && j + 2 < end && isOp(j + 1, UInt8(ascii: ".")) && tokens[j + 2].kind == .name { j += 2 }
    if dotted, j + 1 < end, !tokens[j + 1].isTrivia { dotted = false }
    moduleAssignments.append(.init(target: start, value: dotted ? (start + 2)..<(j + 1) : nil))
  }

  /// `__all__ = [...]`, `__all__ += [...]`, `__all__.extend([...])`, `__all__.append(...)`.
  mutating func collectAll(_ start: Int, _ end: Int) {
    guard isName(start, "__all__") else { return }
    for j in start..<end where tokens[j].kind == .string {
      if let value = plainStringValue(tokens[j], in: file) { allNames[value, default: []].append(j) }
    }
  }

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

/// The value of a string token without prefix other than `u`/`r`, escapes or implicit
/// concatenation; nil for anything else (f-strings, bytes, escapes).
public func plainStringValue(_ token: Token, in file: SourceFile) -> String? {
  let bytes = file.bytes
  guard let body = plainStringBody(token, bytes) else { return nil }
  if bytes[body].contains(UInt8(ascii: "\\")) { return nil }
  return String(decoding: bytes[body], as: UTF8.self)
}

/// Where the body of a string token with no prefix but `u`/`r` lies (between its quotes); nil
/// for other prefixes (f-strings, bytes).
func plainStringBody(_ token: Token, _ bytes: [UInt8]) -> Range<Int>? {
  var s = token.start
  let e = token.end
  while s < e, bytes[s] != UInt8(ascii: "\""), bytes[s] != UInt8(ascii: "'") {
    let p = bytes[s] | 0x20
    if p != UInt8(ascii: "u") && p != UInt8(ascii: "r") { return nil }
    s += 1
  }
  guard s < e else { return nil }
  let quote = bytes[s]
  let q = e - s >= 6 && bytes[s + 1] == quote && bytes[s + 2] == quote ? 3 : 1
  guard e - s >= 2 * q else { return nil }
  return (s + q)..<(e - q)
}

/// The value of a string token that looks like a dotted Python path (`"pkg.mod.Name"`): a plain
/// string (`plainStringValue`) whose body is dotted identifier text with at least one dot.
/// Checked on the bytes before anything is allocated.
public func dottedPathValue(_ token: Token, in file: SourceFile) -> String? {
  let bytes = file.bytes
  guard let body = plainStringBody(token, bytes) else { return nil }
  let (start, end) = (body.lowerBound, body.upperBound)
  // Most strings that get this far are words without a dot (`"user_id"`): one `memchr`
  // rejects them.
  guard end > start, bytes.withUnsafeBufferPointer({ memchr($0.baseAddress! + start, Int32(UInt8(ascii: ".")), end - start) }) != nil else {
    return nil
  }
  // The body's bytes are the value (no escapes can pass the test below).
  var atPartStart = true
  var hasDot = false
  var i = start
  while i < end {
    let byte = bytes[i]
    if (byte | 0x20) &- 0x61 < 26 || byte == 0x5F || byte >= 0x80 {
      atPartStart = false
    } else if byte == UInt8(ascii: ".") {
      if atPartStart { return nil }
      atPartStart = true
      hasDot = true
    } else if byte &- 0x30 < 10 {
      if atPartStart { return nil }
    } else {
      return nil
    }
    i += 1
  }
  guard hasDot, !atPartStart else { return nil }
  return String(decoding: bytes[start..<end], as: UTF8.self)
}

