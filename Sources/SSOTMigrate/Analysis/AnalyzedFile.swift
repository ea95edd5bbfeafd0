import PythonSource

/// Everything a transform sees of one file: bytes, tokens, the module's dotted name, and its
/// statements, scopes, imports and bindings.
public struct AnalyzedFile: Sendable {
  public let source: SourceFile
  public let tokens: [Token]
  /// Dotted module name derived from the path and the codemod's roots, e.g.
  /// `netra_backend.app.websocket_core.manager`; nil when the path is not a module path.
  public let moduleName: String?
  /// True for `__init__.py`: relative imports resolve against the module itself.
  public let isPackageInit: Bool
  public let index: ModuleIndex

  public init(source: SourceFile, tokens: [Token], moduleName: String?, isPackageInit: Bool) {
    self.source = source
    self.tokens = tokens
    self.moduleName = moduleName
    self.isPackageInit = isPackageInit
    self.index = ModuleIndex(file: source, tokens: tokens, moduleName: moduleName, isPackageInit: isPackageInit)
  }

  /// Indexes already lexed tokens of `source`, deriving the module name from its path.
  public init(source: SourceFile, tokens: [Token], roots: [String]) {
    let module = ModulePath.moduleName(of: source.path, roots: roots)
    self.init(source: source, tokens: tokens, moduleName: module?.name, isPackageInit: module?.isPackageInit ?? false)
  }

  /// Lexes and indexes `source`; a lex error is returned instead of an analysis.
  public static func analyze(_ source: SourceFile, roots: [String]) -> Result<AnalyzedFile, LexError> {
    let lexed = PythonLexer.tokenize(source.bytes)
    if let error = lexed.error { return .failure(error) }
    let module = ModulePath.moduleName(of: source.path, roots: roots)
    return .success(
      AnalyzedFile(source: source, tokens: lexed.tokens, moduleName: module?.name, isPackageInit: module?.isPackageInit ?? false))
  }

  // MARK: - Token text

  @inlinable
  public func text(_ i: Int) -> String { source.text(tokens[i].range) }

  /// True when token `i` is a NAME spelled `word` (no allocation).
  @inlinable
  public func isName(_ i: Int, _ word: String) -> Bool {
    var word = word
    return word.withUTF8 { tokens.isName(i, $0, in: source.bytes) }
  }

  @inlinable
  public func isOp(_ i: Int, _ byte: UInt8) -> Bool { tokens.isOp(i, byte) }

  /// Next token index at or after `i` that is not a comment or NL.
  public func nextSignificant(_ i: Int) -> Int { tokens.significant(from: i, before: tokens.count) }

  /// Previous token index before `i` that is not a comment or NL (-1 if none).
  public func previousSignificant(_ i: Int) -> Int { tokens.previousSignificant(i, after: 0) }

  /// Index of the bracket that closes the one opened at `open`.
  public func matchingBracket(_ open: Int) -> Int? {
    var depth = 0
    var j = open
    while j < tokens.count {
      let t = tokens[j]
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          depth -= 1
          if depth == 0 { return j }
        default: break
        }
      }
      j += 1
    }
    return nil
  }

  /// Offset of the start of the physical line holding `offset`.
  public func lineStart(of offset: Int) -> Int {
    source.lineIndex.lineStart(source.lineIndex.line(of: offset))
  }

  /// The whitespace before the first token of the line holding `offset`.
  public func indentation(ofLineAt offset: Int) -> [UInt8] {
    let start = lineStart(of: offset)
    var end = start
    while end < source.bytes.count && (source.bytes[end] == 0x20 || source.bytes[end] == 0x09 || source.bytes[end] == 0x0C) {
      end += 1
    }
    if start == 0 && source.hasBOM { return [] }
    return Array(source.bytes[start..<end])
  }
}

extension AnalyzedFile {
  /// True when an f-string spells `name` as an identifier. The lexer keeps an f-string as one
  /// token, so names used in its replacement fields are invisible to the binding analysis:
  /// transforms treat such a mention as a use they cannot rewrite (keep the import, keep the
  /// old name).
  public func formattedStringsMention(_ name: String) -> Bool {
    let needle = Array(name.utf8)
    guard !needle.isEmpty else { return false }
    let bytes = source.bytes
    for token in tokens where token.kind == .string {
      // The prefix: letters before the first quote; an f-string has an `f` among them.
      var p = token.start
      var formatted = false
      while p < token.end, bytes[p] != UInt8(ascii: "\""), bytes[p] != UInt8(ascii: "'") {
        if bytes[p] | 0x20 == UInt8(ascii: "f") { formatted = true }
        p += 1
      }
      guard formatted else { continue }
      var i = p
      while i + needle.count <= token.end {
        if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle)
          && (i == 0 || !isIdentifierContinue(bytes[i - 1]))
          && (i + needle.count >= bytes.count || !isIdentifierContinue(bytes[i + needle.count]))
        {
          return true
        }
        i += 1
      }
    }
    return false
  }
}

// MARK: - Import time

extension AnalyzedFile {
  /// True when the code at token `i` runs while the module is imported: module-level statements,
  /// class bodies, decorators, and the defaults and annotations of a def that itself runs then;
  /// not a function body. A lambda's body or a comprehension counts as running then (the
  /// conservative answer for "must a name be bound before this?").
  public func runsAtImportTime(_ i: Int) -> Bool {
    var scope = Int(index.scopeOfToken[i])
    while scope > 0 {
      let s = index.scopes[scope]
      // A def header's tokens after its name (parameters, defaults, annotations) carry the
      // function's scope but are evaluated where the def runs.
      let inHeader = s.header >= 0 && i < index.statements[s.header].end && i >= index.statements[s.header].first
      if s.kind == .function && !inHeader { return false }
      scope = s.parent
    }
    return true
  }

  /// The module-level statement that holds token `i` (a compound statement's header for a token
  /// in its block), or nil for a token outside any statement.
  public func topLevelStatement(of i: Int) -> Int? {
    var s = Int(index.statementOfToken[i])
    guard s >= 0 else { return nil }
    while index.statements[s].parent >= 0 { s = index.statements[s].parent }
    return s
  }
}
