extension Codemod {
  /// Every `from` -> `to` of the codemod's move-import transforms: names that already denote the
  /// canonical object, so a replacement may use an existing binding of them.
  public var equivalentNames: [String: String] {
    var result: [String: String] = [:]
    for phase in phases {
      for case let move as MoveImport in phase.transforms {
        for (from, target) in move.moves { result[from] = target.module + "." + target.name }
      }
    }
    return result
  }
}
