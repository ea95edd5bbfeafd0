/// Some of the repository's files, or every file: those a run reports on and rewrites (the
/// files under its PATH arguments), or those a phase needs results of.
///
/// A PATH run still reads, indexes and runs its phases over every file of the repository: kept
/// imports, re-exports, patch targets, the import gate and the cycle check depend on files the
/// PATHs do not name. The filter only decides whose results are shown, counted, written and
/// committed, so that a PATH run's diff and findings for a file are the full run's.
public struct PathFilter: Sendable {
  /// The reported files, relative to the root; nil: every file.
  private let members: Set<String>?

  public static let everything = PathFilter(members: nil)

  private init(members: Set<String>?) {
    self.members = members
  }

  /// The files of `paths` (relative to the root, as listed) that are one of `prefixes` or lie
  /// under one of them (a directory); the prefix "" is the root, hence every file.
  public init(prefixes: [String], among paths: [String]) {
    if prefixes.contains("") {
      self.init(members: nil)
      return
    }
    let exact = Set(prefixes)
    let directories = prefixes.map { $0 + "/" }
    // A file named exactly is found by its hash; only directories are tested as prefixes.
    self.init(members: Set(paths.filter { path in exact.contains(path) || directories.contains { path.hasPrefix($0) } }))
  }

  public var includesEverything: Bool { members == nil }

  /// How many files it reports on; nil for every file.
  public var count: Int? { members?.count }

  public func includes(_ path: String) -> Bool {
    members?.contains(path) ?? true
  }

  /// These files and `more`.
  public func adding(_ more: some Sequence<String>) -> PathFilter {
    guard let members else { return self }
    return PathFilter(members: members.union(more))
  }

  /// The reported files among `paths`, in their order.
  public func selecting(_ paths: [String]) -> [String] {
    guard let members else { return paths }
    return paths.filter { members.contains($0) }
  }
}
