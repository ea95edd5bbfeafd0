import PythonSource

/// One `import ...` or `from ... import ...` statement, parsed from its tokens.
public struct ImportStatement: Sendable {
  /// One imported name: `a.b` or `c as d` in the statement's list.
  public struct Item: Sendable {
    /// Token index range of the dotted name (`a.b` in `import a.b as c`, `c` in `from m import c`).
    public let nameFirst: Int
    public let nameLast: Int
    /// The dotted name as written.
    public let name: String
    /// Token index of the alias after `as`, or nil.
    public let alias: Int?
    /// The name this item binds in its scope (`a` for `import a.b`, the alias if any).
    public let localName: String
    /// What the local name is bound to: `a` for `import a.b`, `a.b` for `import a.b as c`,
    /// `m.c` for `from m import c` (with relative modules resolved).
    public let qualifiedName: String
    /// First token of the item and one past its last (the alias included, the comma not).
    public let first: Int
    public let end: Int
  }

  public let statement: Int
  public let isFrom: Bool
  /// For `from` imports: the number of leading dots, and the module as written after them.
  public let level: Int
  public let moduleAsWritten: String
  /// Absolute module for `from` imports (nil when a relative import cannot be resolved).
  public let module: String?
  /// Token index of the module name's first token (after the dots) in a `from` import.
  public let moduleFirst: Int?
  public let moduleLast: Int?
  public let items: [Item]
  public let isStar: Bool
  /// Token indices of `(` and `)` around a parenthesized `from` list.
  public let openParen: Int?
  public let closeParen: Int?
  /// Token index of the `import` keyword.
  public let importKeyword: Int
}
