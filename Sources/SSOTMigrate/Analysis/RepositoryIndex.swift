/// Read-only facts about the whole repository from a first pass (OpenRewrite `ScanningRecipe`):
/// which modules exist, who imports what, which strings name dotted paths. Shared by all files
/// and phases of a run; never mutated after it is built.
public struct RepositoryIndex: Sendable {
  public init() {}
  public static let empty = RepositoryIndex()
}
