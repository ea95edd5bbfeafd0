import PythonSource

/// ## What it does
/// Makes a deprecated shim module warn when it is imported: in the file of `module`, inserts
/// `import warnings` and `warnings.warn("<module> is deprecated; use <instead>",
/// DeprecationWarning, stacklevel=2)` after the module docstring and `from __future__` imports
/// (with neither, after a leading comment block: shebang, coding line, license header).
///
/// ## Why
/// A shim that keeps an old import path working lets new code keep using it silently; the
/// warning names the canonical import at the place that still uses the old one
/// (`stacklevel=2`).
///
/// ## Example
/// ```python
/// """Legacy manager module."""
/// from __future__ import annotations
///
/// from app.websocket_manager import WebSocketManager
/// ```
/// ## Rewritten to
/// ```python
/// """Legacy manager module."""
/// from __future__ import annotations
///
/// import warnings
/// warnings.warn("app.manager is deprecated; use from app.websocket_manager import WebSocketManager", DeprecationWarning, stacklevel=2)
///
/// from app.websocket_manager import WebSocketManager
/// ```
/// The new lines use the file's line ending; a file without a final newline keeps none.
/// `import warnings` is not added when the module already imports it at top level (the warning
/// then goes after that import if it comes later).
///
/// ## Not rewritten
/// A module that already calls `warnings.warn(..., DeprecationWarning, ...)` at top level (a
/// second run, or a hand-written warning): it is left alone.
public struct WarnOnImport: Transform {
  public struct Spec: Decodable, Sendable {
    public struct Module: Decodable, Sendable {
      public let module: String
      public let instead: String

      enum CodingKeys: String, CodingKey { case module, instead }

      public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: ["module", "instead"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        module = try c.decode(String.self, forKey: .module)
        instead = try c.decode(String.self, forKey: .instead)
      }
    }

    public let modules: [Module]

    enum CodingKeys: String, CodingKey { case modules }

    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(allowed: ["modules"])
      modules = try decoder.container(keyedBy: CodingKeys.self).decode([Module].self, forKey: .modules)
    }
  }

  public static let kind = "warn-on-import"
  public let id: String
  /// Deprecated module -> what to use instead.
  public let instead: [String: String]
  public let triggers: [String]
  public let targetModules: [String]

  public init(id: String, spec: Spec, keyPath: String) throws {
    self.id = id
    guard !spec.modules.isEmpty else { throw CodemodError.invalid(keyPath + ".modules", "needs at least one module") }
    var instead: [String: String] = [:]
    for (k, entry) in spec.modules.enumerated() {
      let path = "\(keyPath).modules[\(k)]"
      try validateQualifiedName(entry.module, keyPath: path + ".module")
      guard instead[entry.module] == nil else { throw CodemodError.invalid(path + ".module", "\(entry.module) is listed twice") }
      guard !entry.instead.trimmingSpaces.isEmpty else { throw CodemodError.invalid(path + ".instead", "must say what to use instead") }
      guard !entry.instead.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
        throw CodemodError.invalid(path + ".instead", "must be one line")
      }
      instead[entry.module] = entry.instead
    }
    self.instead = instead
    targetModules = Array(instead.keys).sorted()
    // The module's own file is run whatever it spells (`targetModules`); no other file matters.
    triggers = []
  }

  // MARK: - Apply

  public func apply(to file: AnalyzedFile, in context: TransformContext) -> TransformOutput {
    guard let module = file.moduleName, let instead = instead[module] else { return TransformOutput() }
    // Ex) a second run, or a hand-written `warnings.warn(..., DeprecationWarning)`.
    if hasDeprecationWarning(file) { return TransformOutput() }
    let eol = file.source.lineEnding.rawValue
    let call = "warnings.warn(\(pythonStringLiteral("\(module) is deprecated; use \(instead)")), DeprecationWarning, stacklevel=2)"
    let afterPreamble = preambleEnd(file)
    var lines = [call]
    var offset = afterPreamble.offset
    var blankBefore = afterPreamble.blankBefore
    if let existing = topLevelWarningsImport(file) {
      // Ex) `import warnings` further down: the call must come after it.
      if file.tokens[file.index.statements[existing].first].start >= offset {
        let end = lineEnd(ofStatement: existing, file)
        offset = end.offset
        blankBefore = false
        if !end.hasLineBreak {
          return TransformOutput(edits: [.insert(eol + call, at: offset, by: id)])
        }
      }
    } else {
      lines.insert("import warnings", at: 0)
    }
    let bytes = file.source.bytes
    var text = (blankBefore ? eol : "") + lines.joined(separator: eol)
    if offset >= bytes.count {
      // Ex) a file without a final newline: the new lines go after a line break, and the file
      // still ends without one.
      let endsWithBreak = offset > 0 && (bytes[offset - 1] == 0x0A || bytes[offset - 1] == 0x0D)
      text = (endsWithBreak || offset == 0 || offset == 3 && file.source.hasBOM ? "" : eol) + text
      if offset == 0 || endsWithBreak { text += eol }
    } else {
      text += eol
      // Code right below: keep it apart from the warning by a blank line.
      if bytes[offset] != 0x0A && bytes[offset] != 0x0D { text += eol }
    }
    return TransformOutput(edits: [.insert(text, at: offset, by: id)])
  }

  /// True when a top-level statement is `warnings.warn(...)` mentioning `DeprecationWarning`.
  func hasDeprecationWarning(_ file: AnalyzedFile) -> Bool {
    for statement in file.index.statements where statement.depth == 0 && statement.kind == .simple {
      let f = statement.first
      guard file.isName(f, "warnings"), file.isOp(f + 1, UInt8(ascii: ".")), file.isName(f + 2, "warn"), file.isOp(f + 3, UInt8(ascii: "(")) else {
        continue
      }
      if (f..<statement.end).contains(where: { file.isName($0, "DeprecationWarning") }) { return true }
    }
    return false
  }

  /// The top-level, unconditional `import warnings` statement, if any.
  func topLevelWarningsImport(_ file: AnalyzedFile) -> Int? {
    for statement in file.index.imports where !statement.isFrom {
      let s = file.index.statements[statement.statement]
      guard s.depth == 0 else { continue }
      if statement.items.contains(where: { $0.name == "warnings" && $0.localName == "warnings" }) { return statement.statement }
    }
    return nil
  }

  /// Where the warning goes: after the docstring and `from __future__` imports (with a blank
  /// line before it), else after the leading comment lines, else at the start.
  func preambleEnd(_ file: AnalyzedFile) -> (offset: Int, blankBefore: Bool) {
    let statements = file.index.statements
    var k = 0
    while k < statements.count {
      let s = statements[k]
      guard s.depth == 0 else { break }
      // Ex) `"""Docstring."""`
      let isDocstring = k == 0 && s.kind == .simple && s.end == s.first + 1 && file.tokens[s.first].kind == .string
      // Ex) `from __future__ import annotations`
      let isFuture = s.kind == .importFrom && file.isName(s.first + 1, "__future__")
      if !isDocstring && !isFuture { break }
      k += 1
    }
    if k > 0 { return (lineEnd(ofStatement: k - 1, file).offset, true) }
    // Ex) `#!/usr/bin/env python` / `# -*- coding: utf-8 -*-` / a license header.
    let start = file.source.hasBOM ? 3 : 0
    var offset = start
    for token in file.tokens {
      // The NL that ends a comment line already taken.
      if token.kind == .nl && token.start < offset { continue }
      // A comment line right below the previous one (a blank line ends the block).
      if token.kind == .comment && file.lineStart(of: token.start) == offset && file.source.lineIndex.location(of: token.start).column == 1 {
        offset = lineEnd(at: token.end, file)
        continue
      }
      break
    }
    return (offset, false)
  }

  /// One past the line break ending the statement's last line (the file's end when none).
  func lineEnd(ofStatement k: Int, _ file: AnalyzedFile) -> (offset: Int, hasLineBreak: Bool) {
    let tokens = file.tokens
    var j = file.index.statements[k].terminator
    while j < tokens.count && tokens[j].kind != .newline && tokens[j].kind != .endMarker { j += 1 }
    guard j < tokens.count, tokens[j].kind == .newline, tokens[j].length > 0 else { return (file.source.bytes.count, false) }
    return (tokens[j].end, true)
  }

  /// One past the line break after `offset` (the file's end when none).
  func lineEnd(at offset: Int, _ file: AnalyzedFile) -> Int {
    let bytes = file.source.bytes
    var i = offset
    while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
    if i < bytes.count && bytes[i] == 0x0D {
      i += 1
      if i < bytes.count && bytes[i] == 0x0A { i += 1 }
    } else if i < bytes.count {
      i += 1
    }
    return i
  }
}

/// A double-quoted Python string literal for `text`.
func pythonStringLiteral(_ text: String) -> String {
  var result = "\""
  for c in text {
    switch c {
    case "\\": result += "\\\\"
    case "\"": result += "\\\""
    default: result.append(c)
    }
  }
  return result + "\""
}
