/// A codemod file that cannot be used: names the file, the key path and what was expected.
/// Exit code 2.
public struct CodemodError: Error, Sendable, Equatable, CustomStringConvertible {
  public let file: String
  public let keyPath: String
  public let message: String

  public init(file: String, keyPath: String, message: String) {
    self.file = file
    self.keyPath = keyPath
    self.message = message
  }

  /// Thrown by `Transform.init(id:spec:keyPath:)`; the loader fills in the file.
  public static func invalid(_ keyPath: String, _ message: String) -> CodemodError {
    CodemodError(file: "", keyPath: keyPath, message: message)
  }

  public var description: String {
    keyPath.isEmpty ? "\(file): \(message)" : "\(file): \(keyPath): \(message)"
  }
}
