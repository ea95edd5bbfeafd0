#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PythonSource

/// Statements, scopes, imports and name bindings of one module, computed from its tokens in one
/// forward pass (ruff `Indexer`, LibCST's scope and qualified-name providers, without a tree).
///
/// Binding analysis is deliberately conservative: any name that is also assigned, defined,
/// deleted, declared `global`, used as a loop or `with` target, or bound in a comprehension in a
/// scope counts as rebound there, so a transform treats it as untrusted and reports instead of
/// rewriting.
public struct ModuleIndex: Sendable {
  public enum BindingKind: Sendable, Equatable {
    /// Bound by the item `item` of `imports[importIndex]`.
    case `import`(importIndex: Int, item: Int)
    case function, `class`, parameter, assignment, loopTarget, withTarget, exceptTarget
    case global, deletion, comprehension, walrus
  }

  public struct Binding: Sendable {
    public let kind: BindingKind
    /// The name token that binds (for imports, the local-name token).
    public let token: Int
    public let statement: Int
  }

  /// What a name token in a given place refers to (the LEGB lookup of Python, without builtins).
  public enum Resolution: Sendable, Equatable {
    /// Bound only by imports in the scope that binds it: the qualified names they bind.
    case imported(scope: Int, qualifiedNames: [String])
    /// Bound in that scope by something other than (or besides) imports.
    case local(scope: Int)
    case unbound
  }

  /// The role of a NAME token, for deciding what counts as a use of a binding.
  public enum NameRole: UInt8, Sendable {
    case reference
    /// `x.NAME`
    case attribute
    /// `f(NAME=...)`
    case keywordArgument
    /// A token of an import statement.
    case importPart
    /// The name in `def NAME` / `class NAME`, or a parameter name.
    case definition
    /// A Python keyword (`if`, `await`, `None`...).
    case keyword
    /// A store: assignment, loop or `with` target, `global`/`del` operand.
    case store
  }

  /// A module-scope `NAME = ...` statement: the target token, and for `NAME = a.b.c` the
  /// tokens of the dotted value.
  public struct ModuleAssignment: Sendable {
    public let target: Int
    public let value: Range<Int>?
  }

  public let statements: [Statement]
  public let scopes: [Scope]
  public let imports: [ImportStatement]
  /// Per scope: local name -> bindings in source order.
  public let bindings: BindingTable
  /// Per token: the innermost scope it belongs to.
  public let scopeOfToken: [Int32]
  /// Per token: its statement, or -1 for tokens between statements (NL, comments, INDENT...).
  public let statementOfToken: [Int32]
  /// Per token: its role (meaningful for NAME tokens only).
  public let roles: [NameRole]
  /// Names listed in the module-level `__all__`, and the string tokens that list them.
  public let allNames: [String: [Int]]
  /// Token indices of statements whose header chain includes `if TYPE_CHECKING:`.
  public let typeCheckingStatements: Set<Int>
  /// Module-scope `NAME = ...` statements, in order (both passes).
  public let moduleAssignments: [ModuleAssignment]
  /// The name tokens of module-scope `def` and `class` statements, in order (both passes).
  public let moduleDefinitions: [Int]

  /// `full: false` computes scopes and imports only (the repository index's light pass), with
  /// the statements of imports and compound headers (other statements are skipped): no
  /// bindings, and `scopeOfToken`, `statementOfToken` and `roles` are empty. Transforms always
  /// get the full index.
  public init(file: SourceFile, tokens: [Token], moduleName: String?, isPackageInit: Bool, full: Bool = true) {
    // The pass writes the per-token tables straight into the arrays' storage (the light pass
    // has none): building them apart and copying them over touched every entry twice more.
    let n = full ? tokens.count : 0
    var built: ModuleIndexBuilder?
    var statementTable: [Int32] = []
    var roleTable: [NameRole] = []
    let scopeTable = [Int32](unsafeUninitializedCapacity: n) { scopeStorage, scopeCount in
      let scopeOfToken = UnsafeMutableBufferPointer(rebasing: scopeStorage[..<n])
      scopeOfToken.initialize(repeating: 0)
      statementTable = [Int32](unsafeUninitializedCapacity: n) { statementStorage, statementCount in
        let statementOfToken = UnsafeMutableBufferPointer(rebasing: statementStorage[..<n])
        statementOfToken.initialize(repeating: -1)
        roleTable = [NameRole](unsafeUninitializedCapacity: n) { roleStorage, roleCount in
          let roles = UnsafeMutableBufferPointer(rebasing: roleStorage[..<n])
          roles.initialize(repeating: .reference)
          var builder = ModuleIndexBuilder(
            file: file, tokens: tokens, moduleName: moduleName, isPackageInit: isPackageInit, full: full,
            scopeOfToken: scopeOfToken, statementOfToken: statementOfToken, roles: roles)
          builder.build()
          // Moved, not copied: a copy retains (and its end releases) each of the builder's arrays.
          built = consume builder
          roleCount = n
        }
        statementCount = n
      }
      scopeCount = n
    }
    let builder = built.take()!
    statements = builder.statements
    scopes = builder.scopes
    imports = builder.imports
    bindings = builder.bindings
    scopeOfToken = scopeTable
    statementOfToken = statementTable
    roles = roleTable
    allNames = builder.allNames
    typeCheckingStatements = builder.typeChecking
    moduleAssignments = builder.moduleAssignments
    moduleDefinitions = builder.moduleDefinitions
  }
}

// MARK: - Resolution

extension ModuleIndex {
  /// Resolves `name` as Python would at a token in `scope`: the scope itself, then enclosing
  /// function scopes (class bodies are skipped unless they are where the lookup starts), then the
  /// module.
  public func resolve(_ name: String, inScope start: Int) -> Resolution {
    var scope = start
    while scope >= 0 {
      if scope == start || scopes[scope].kind != .class, let list = bindings.bindings(of: name, in: scope) {
        var names: [String] = []
        for binding in list {
          guard case .import(let importIndex, let item) = binding.kind else { return .local(scope: scope) }
          let qualified = imports[importIndex].items[item].qualifiedName
          if !names.contains(qualified) { names.append(qualified) }
        }
        return .imported(scope: scope, qualifiedNames: names)
      }
      scope = scopes[scope].parent
    }
    return .unbound
  }

  /// The import statement (index into `imports`) of `name`'s first import binding in `scope`.
  public func importStatement(binding name: String, in scope: Int) -> Int? {
    for binding in bindings.bindings(of: name, in: scope) ?? [] {
      if case .import(let importIndex, _) = binding.kind { return importIndex }
    }
    return nil
  }

  /// The scope whose bindings a token in `scope` sees for `name`, or nil when nothing binds it.
  public func bindingScope(of name: String, from scope: Int) -> Int? {
    switch resolve(name, inScope: scope) {
    case .imported(let s, _), .local(let s): return s
    case .unbound: return nil
    }
  }

  /// Token indices of NAME tokens with role `.reference` that spell `name` and resolve to the
  /// bindings of `scope`.
  public func references(to name: String, boundIn scope: Int, file: SourceFile, tokens: [Token]) -> [Int] {
    let needle = Array(name.utf8)
    guard let head = needle.first else { return [] }
    var spelled: [Int] = []
    // Length and first byte first, on plain memory: most name tokens fail one of them.
    file.bytes.withUnsafeBufferPointer { source in
      needle.withUnsafeBufferPointer { needle in
        for i in tokens.indices {
          let t = tokens[i]
          guard t.kind == .name, t.length == needle.count, source[t.start] == head, roles[i] == .reference,
            memcmp(source.baseAddress! + t.start, needle.baseAddress!, needle.count) == 0
          else { continue }
          spelled.append(i)
        }
      }
    }
    return spelled.filter { bindingScope(of: name, from: Int(scopeOfToken[$0])) == scope }
  }

  /// True when the statement sits (directly or not) under `if TYPE_CHECKING:`.
  public func isTypeCheckingOnly(_ statement: Int) -> Bool { typeCheckingStatements.contains(statement) }

  /// The statement's enclosing headers, innermost first.
  public func headers(of statement: Int) -> [Int] {
    var result: [Int] = []
    var p = statements[statement].parent
    while p >= 0 {
      result.append(p)
      p = statements[p].parent
    }
    return result
  }
}
