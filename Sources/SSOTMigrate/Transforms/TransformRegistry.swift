/// The closed list of transform kinds a codemod file may name: one line per kind.
public enum TransformRegistry {
  public static let all: [any Transform.Type] = [
    ReplaceCall.self,
    MoveImport.self,
    ReplaceDefinition.self,
    WarnOnImport.self,
    RemoveModule.self,
  ]

  public static func kind(_ name: String) -> (any Transform.Type)? {
    all.first { $0.kind == name }
  }
}
