/// A loaded and validated codemod: what `CodemodLoader` returns and the phase runner executes.
///
/// Every check that can be made without reading Python happens before a value of this type
/// exists (ast-grep `check_fix`, OpenRewrite `validate()`), so holding one means the spec is good.
public struct Codemod: Sendable {
  /// The schema every codemod file declares in its `schema` key.
  public static let schema = "ssot-migrate/codemod/v1"
  /// `source` of the codemod compiled into the binary.
  public static let builtinSource = "<built-in websocket-ssot>"

  public let name: String
  public let description: String
  /// Source roots relative to the repository root (`""` = the root itself), used to turn file
  /// paths into module names.
  public let roots: [String]
  /// Whether outputs must also parse with python3's `ast` (when python3 is available).
  public let verifySyntax: Bool
  /// The canonical qualified name of each SSOT name, in file order.
  public let ssotNames: [(name: String, canonical: String)]
  /// Ascending by `number`.
  public let phases: [Phase]
  /// The file path it was loaded from, or `Codemod.builtinSource`.
  public let source: String

  public init(
    name: String, description: String, roots: [String], verifySyntax: Bool,
    ssotNames: [(name: String, canonical: String)], phases: [Phase], source: String
  ) {
    self.name = name
    self.description = description
    self.roots = roots
    self.verifySyntax = verifySyntax
    self.ssotNames = ssotNames
    self.phases = phases
    self.source = source
  }

  /// The phase numbered `n` (phase numbers need not be contiguous).
  public func phase(_ n: Int) -> Phase? { phases.first { $0.number == n } }

  /// Every distinct transform of the codemod, in order of first definition (a transform reused
  /// with `{"use": id}` appears once).
  public var transforms: [any Transform] {
    var seen: Set<String> = []
    var out: [any Transform] = []
    for phase in phases {
      for t in phase.transforms where seen.insert(t.id).inserted { out.append(t) }
    }
    return out
  }

  /// The transform with this id, wherever it is defined.
  public func transform(id: String) -> (any Transform)? {
    for phase in phases {
      if let t = phase.transforms.first(where: { $0.id == id }) { return t }
    }
    return nil
  }
}
