/// The replacement of a `replace-call` transform, parsed once when the codemod loads:
/// `WebSocketManager(user_context={user_context})` is the callee `WebSocketManager` and one
/// keyword argument `user_context` filled from the placeholder `user_context`.
public struct CallTemplate: Sendable, Equatable {
  public struct Argument: Sendable, Equatable {
    /// `kw` of `kw=...`, nil for a positional argument.
    public let keyword: String?
    /// The placeholder that fills the value, or nil when `literal` is the value.
    public let placeholder: String?
    public let literal: String?

    var text: String { (keyword.map { $0 + "=" } ?? "") + (placeholder.map { "{\($0)}" } ?? literal ?? "") }
  }

  public let callee: String
  public let arguments: [Argument]

  /// Parses `Callee(arg, kw={placeholder}, kw=literal)`; throws a message on bad syntax.
  public init(parsing text: String) throws(CodemodError) {
    let trimmed = text.trimmingSpaces
    guard let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") else {
      throw .invalid("", "expected a call such as \"NewName(keyword={placeholder})\", found \"\(text)\"")
    }
    let callee = String(trimmed[..<open]).trimmingSpaces
    guard !callee.isEmpty, callee.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ isIdentifierText($0) }) else {
      throw .invalid("", "the callee \"\(callee)\" is not a dotted Python name")
    }
    self.callee = callee
    let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
    var arguments: [Argument] = []
    for part in splitTopLevel(String(inner)) {
      let piece = part.trimmingSpaces
      if piece.isEmpty { continue }
      var keyword: String?
      var value = piece
      if let eq = piece.firstIndex(of: "="), isIdentifierText(Substring(String(piece[..<eq]).trimmingSpaces)) {
        keyword = String(piece[..<eq]).trimmingSpaces
        value = String(piece[piece.index(after: eq)...]).trimmingSpaces
      }
      if value.hasPrefix("{") && value.hasSuffix("}") {
        let name = String(value.dropFirst().dropLast())
        guard isIdentifierText(name[...]) else { throw .invalid("", "placeholder {\(name)} is not an identifier") }
        arguments.append(Argument(keyword: keyword, placeholder: name, literal: nil))
      } else {
        guard !value.isEmpty else { throw .invalid("", "empty argument value in \"\(text)\"") }
        arguments.append(Argument(keyword: keyword, placeholder: nil, literal: value))
      }
    }
    self.arguments = arguments
  }

  /// The first component of the callee: the name the replacement needs bound in scope.
  public var boundName: String { String(callee.split(separator: ".")[0]) }

  public var placeholders: [String] { arguments.compactMap(\.placeholder) }
}

private func splitTopLevel(_ s: String) -> [String] {
  var parts: [String] = []
  var depth = 0
  var current = ""
  var quote: Character?
  for c in s {
    if let q = quote {
      current.append(c)
      if c == q { quote = nil }
      continue
    }
    switch c {
    case "\"", "'": quote = c
    case "(", "[", "{": depth += 1
    case ")", "]", "}": depth -= 1
    case "," where depth == 0:
      parts.append(current)
      current = ""
      continue
    default: break
    }
    current.append(c)
  }
  parts.append(current)
  return parts
}

func isIdentifierText(_ s: Substring) -> Bool {
  guard let first = s.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
  return s.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " || s.first == "\t" { s.removeFirst() }
    while s.last == " " || s.last == "\t" { s.removeLast() }
    return String(s)
  }
}

/// Validates a dotted qualified name from a codemod file.
func validateQualifiedName(_ name: String, keyPath: String, allowCallSuffix: Bool = false) throws(CodemodError) {
  var body = Substring(name)
  if allowCallSuffix && body.hasSuffix("()") { body = body.dropLast(2) }
  let parts = body.split(separator: ".", omittingEmptySubsequences: false)
  guard !body.isEmpty, parts.allSatisfy({ isIdentifierText($0) }) else {
    throw .invalid(keyPath, "\"\(name)\" is not a dotted Python name such as \"package.module.name\"")
  }
}
