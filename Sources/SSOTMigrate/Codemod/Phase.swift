/// One numbered step of a codemod: which files it covers and the transforms it runs on them.
public struct Phase: Sendable {
  public enum Mode: String, Sendable, CaseIterable {
    /// Runs its transforms and writes (or diffs) the edits.
    case rewrite
    /// Read only: reports (phase 1, `discover`). Has no transforms.
    case report
    /// Read only: checks nothing is left to migrate (the final phase). Has no transforms.
    case validate
  }

  public let number: Int
  /// Kebab-case, e.g. `factory-to-constructor`; used in commit messages.
  public let name: String
  public let mode: Mode
  public let include: [PathGlob]
  public let exclude: [PathGlob]
  /// An optional shell command run (`/bin/sh -c`, in the repository root) after the phase's files
  /// are written and before its commit; a non-zero exit rolls the phase back (see `UserGate`).
  public let gate: String?
  /// In file order; empty for `report` and `validate` phases. A transform reused from an
  /// earlier phase with `{"use": id}` is the same instance.
  public let transforms: [any Transform]

  public init(
    number: Int, name: String, mode: Mode, include: [PathGlob], exclude: [PathGlob], gate: String?,
    transforms: [any Transform]
  ) {
    self.number = number
    self.name = name
    self.mode = mode
    self.include = include
    self.exclude = exclude
    self.gate = gate
    self.transforms = transforms
  }

  /// True when a repository-relative `path` (with `/` separators) matches an include glob and
  /// no exclude glob.
  public func includes(_ path: String) -> Bool {
    // The path is cut at its `/`s once for all the globs: every phase asks this of every path.
    PathGlob.withSegments(of: path) { includes($0) }
  }

  func includes(_ split: PathGlob.SplitPath) -> Bool { Globs.includes(split, include, exclude) }

  /// A phase's globs alone: what `membership` tests for every path (copying a whole phase per
  /// path retained and released its name, transforms and globs).
  struct Globs: Sendable {
    let include: [PathGlob]
    let exclude: [PathGlob]
    init(_ phase: Phase) {
      include = phase.include
      exclude = phase.exclude
    }

    func includes(_ split: PathGlob.SplitPath) -> Bool { Self.includes(split, include, exclude) }

    static func includes(_ split: PathGlob.SplitPath, _ include: [PathGlob], _ exclude: [PathGlob]) -> Bool {
      include.contains { $0.matches(split) } && !exclude.contains { $0.matches(split) }
    }
  }

  /// Which of `phases` include `path`, the path cut once for all of them.
  static func membership(of path: String, in phases: [Globs]) -> [Bool] {
    var result = [Bool](repeating: false, count: phases.count)
    _ = PathGlob.withSegments(of: path) { split in
      for k in phases.indices { result[k] = phases[k].includes(split) }
      return true
    }
    return result
  }
}
