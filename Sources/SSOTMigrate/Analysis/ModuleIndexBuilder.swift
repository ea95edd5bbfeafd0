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
  var assignmentTargets: [(start: Int, end: Int)] = []
  var expressionTargets: [(start: Int, end: Int)] = []
  /// Open brackets deeper than `CallParens` holds in its bits (never, in ordinary code).
  var deepCallParens: [Bool] = []

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
  // Always inlined: they run for most tokens of every file, and the shared ones they wrap
  // (`Array<Token>`'s) are inlinable.

  mutating func text(_ i: Int) -> String { file.text(tokens[i].range) }

  /// True for a NAME token spelling `word`; for hard keywords use `isKeyword`, which the lexer
  /// already answered.
  @inline(__always)
  mutating func isName(_ i: Int, _ word: StaticString) -> Bool {
    tokens.isName(i, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount), in: file.bytes)
  }

  @inline(__always)
  mutating func isKeyword(_ i: Int, _ keyword: Keyword) -> Bool { i >= 0 && i < tokens.count && tokens[i].isKeyword(keyword) }

  @inline(__always)
  mutating func isOp(_ i: Int, _ byte: UInt8) -> Bool { tokens.isOp(i, byte) }

  @inline(__always)
  mutating func isOp(_ i: Int, _ op: StaticString) -> Bool {
    tokens.isOp(i, UnsafeBufferPointer(start: op.utf8Start, count: op.utf8CodeUnitCount), in: file.bytes)
  }

  /// Next token index at or after `i` that is not a comment or NL.
  @inline(__always)
  mutating func significant(from i: Int, before end: Int) -> Int { tokens.significant(from: i, before: end) }

  @inline(__always)
  mutating func previousSignificant(_ i: Int, after start: Int) -> Int { tokens.previousSignificant(i, after: start) }

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
}
