import PythonSource

/// One simple statement or compound-statement header, as token indices.
///
/// `a = 1; b = 2` gives two statements; `if x: import y` gives the header `if x:` and the
/// statement `import y` whose `parent` is that header.
public struct Statement: Sendable {
  public enum Kind: Sendable, Equatable {
    case importModule  // import a.b as c
    case importFrom  // from a import b
    case functionDef  // def / async def header
    case classDef
    case decorator
    /// if / elif / else / for / while / try / except / finally / with / match / case header.
    case header
    case simple
  }

  public let kind: Kind
  /// First token of the statement (for `async def`, the `async`).
  public let first: Int
  /// One past the last token of the statement, not counting its terminator.
  public let end: Int
  /// The NEWLINE or `;` token that ends it; for a header with an inline body, its `:` token.
  public let terminator: Int
  /// The header statement whose block holds this statement, or -1 at module top level.
  public let parent: Int
  /// The scope the statement executes in.
  public let scope: Int
  /// How many blocks enclose it (0 = module top level).
  public let depth: Int
  /// For a header: true when its body is an indented block (not on the same line).
  public let hasIndentedBody: Bool
}

/// A module, function, or class body: the unit of Python name binding.
public struct Scope: Sendable {
  public enum Kind: Sendable { case module, function, `class` }
  public let kind: Kind
  public let parent: Int
  /// The def/class header statement that opens it (-1 for the module).
  public let header: Int
}
