import PythonSource

/// The pure per-file stage: (path, bytes, transforms) -> `FileResult`. No I/O, no shared mutable
/// state: files run in parallel.
public struct FilePipeline: Sendable {
  public let transforms: [any Transform]
  public let roots: [String]
  public let repository: RepositoryIndex
  public let phase: Int
  public let prefilter: Prefilter
  public let equivalents: [String: String]
  /// Modules whose files run whatever they spell (`Transform.targetModules`).
  public let targetModules: Set<String>
  /// Per transform: its own prefilter and target modules, so a transform that cannot act on a
  /// file costs no analysis.
  let transformPrefilters: [Prefilter]
  let transformTargets: [Set<String>]
  /// Per transform: `Transform.modulesActedOn`; the file's module name is worked out when any
  /// transform has targets or such a set.
  let transformModules: [Set<String>?]
  let needsModuleName: Bool
  /// When every transform declares `modulesActedOn`: all of them (a phase's deferred
  /// `remove-module` pass acts on one file of hundreds).
  let onlyModules: Set<String>?
  /// The repository's re-exports of the names the transforms follow.
  public let reexports: ReexportTable

  /// `reexportNames`: the names whose re-exports to follow (the whole codemod's, so that every
  /// phase over one index shares one table); default: the transforms'.
  public init(
    transforms: [any Transform], roots: [String], repository: RepositoryIndex, phase: Int, equivalents: [String: String] = [:],
    reexportNames: ReexportTable.Names? = nil
  ) {
    self.equivalents = equivalents
    self.transforms = transforms
    self.roots = roots
    self.repository = repository
    self.phase = phase
    let reexports = repository.reexports(of: reexportNames ?? ReexportTable.Names(transforms: transforms))
    self.reexports = reexports
    self.prefilter = Prefilter.shared(triggers: transforms.flatMap(\.triggers) + reexports.aliasNames.sorted())
    self.targetModules = Set(transforms.flatMap(\.targetModules))
    // A file that imports a re-export under a new name (`from hub import make`) spells none of
    // a transform's own triggers.
    let aliasTriggers = reexports.aliasNames.sorted()
    self.transformPrefilters = transforms.map { Prefilter.shared(triggers: $0.triggers + aliasTriggers) }
    self.transformTargets = transforms.map { Set($0.targetModules) }
    self.transformModules = transforms.map(\.modulesActedOn)
    self.needsModuleName = !targetModules.isEmpty || transformModules.contains { $0 != nil }
    let declared = transformModules.compactMap { $0 }
    self.onlyModules = !declared.isEmpty && declared.count == transformModules.count ? declared.reduce(into: Set()) { $0.formUnion($1) } : nil
  }

  /// True when `path` is the file of a module some transform targets.
  public func isTarget(_ path: String) -> Bool {
    guard !targetModules.isEmpty, let module = ModulePath.moduleName(of: path, roots: roots) else { return false }
    return targetModules.contains(module.name)
  }

  /// `tokens`, when given, are the tokens of `bytes` (lexed by an earlier stage of the run).
  public func run(path: String, bytes: [UInt8], tokens known: [Token]? = nil) -> FileResult {
    let module = needsModuleName ? ModulePath.moduleName(of: path, roots: roots)?.name : nil
    let isTarget = module.map { targetModules.contains($0) } ?? false
    // No transform can act on the file: it is not even searched.
    let actedOn = onlyModules.map { only in module.map { only.contains($0) } ?? false } ?? true
    guard isTarget || (actedOn && prefilter.matches(bytes)) else {
      return FileResult(path: path, original: bytes, output: bytes, outcome: .unchanged, edits: [], findings: [], prefiltered: true)
    }
    let context = TransformContext(repository: repository, phase: phase, equivalents: equivalents, reexports: reexports)
    var current = bytes
    var allEdits: [(String, [Edit])] = []
    var findings: [Finding] = []
    let source = SourceFile(path: path, bytes: bytes)
    if !Self.isValidUTF8(bytes) && !Self.declaresEncoding(bytes) {
      let finding = Finding(source, at: Self.firstInvalidUTF8(bytes), rule: "invalid-encoding", "not valid UTF-8 and no coding declaration; file skipped", severity: .error)
      return FileResult(path: path, original: bytes, output: bytes, outcome: .skipped(finding.message), edits: [], findings: [finding], prefiltered: false)
    }
    // Lexing and analysis happen only when a transform that can act on the current text runs,
    // and again only after a transform changed the text.
    var tokens: [Token]? = nil
    var analyzed: AnalyzedFile?
    let facts = repository.facts[path]
    for (k, transform) in transforms.enumerated() {
      if let only = transformModules[k], !(module.map { only.contains($0) } ?? false) { continue }
      let targeted = module.map { transformTargets[k].contains($0) } ?? false
      guard targeted || transformPrefilters[k].matches(current) else { continue }
      if !targeted, current == bytes, let facts, transform.isRelevant(facts, reexports: reexports) == false { continue }
      if tokens == nil, let known {
        tokens = known
      } else if tokens == nil {
        let lexed = PythonLexer.tokenize(current)
        if let error = lexed.error {
          let finding = Finding(path: path, line: error.line, column: error.column, rule: "lex-error", message: "\(error.message); file skipped", severity: .error)
          return FileResult(path: path, original: bytes, output: bytes, outcome: .skipped(finding.message), edits: [], findings: [finding], prefiltered: false)
        }
        tokens = lexed.tokens
      }
      let file = analyzed ?? AnalyzedFile(source: SourceFile(path: path, bytes: current), tokens: tokens!, roots: roots)
      analyzed = file
      let output = transform.apply(to: file, in: context)
      findings.append(contentsOf: output.findings)
      if output.deleteFile {
        // The file goes away: later transforms have nothing to work on.
        return FileResult(
          path: path, original: bytes, output: [], outcome: .changed, edits: allEdits, findings: findings.sorted(), prefiltered: false,
          deleted: true)
      }
      guard !output.edits.isEmpty else { continue }
      let edits: EditSet
      do {
        edits = try EditSet(output.edits)
      } catch {
        return failed(path, bytes, "\(transform.id): \(error)", findings)
      }
      let next = edits.apply(to: current)
      // Only the lines around the edits are lexed again; the rest of the tokens move.
      let relexed = PythonLexer.relex(next, from: current, changes: edits.changes, oldTokens: tokens!)
      assert(Self.matchesFullLex(relexed, next), "relex of \(path) after \(transform.id) differs from a full lex")
      if let error = relexed.error {
        return failed(path, bytes, "\(transform.id) produced code that does not lex (\(error)); nothing written", findings)
      }
      tokens = relexed.tokens
      analyzed = nil
      allEdits.append((transform.id, output.edits))
      current = next
    }
    let outcome: FileResult.Outcome = current == bytes ? .unchanged : .changed
    var result = FileResult(
      path: path, original: bytes, output: current, outcome: outcome, edits: allEdits, findings: findings.sorted(),
      prefiltered: tokens == nil)
    if outcome == .changed { result.outputTokens = tokens }
    return result
  }

  /// Debug builds check every relex against a full lex of the same bytes.
  static func matchesFullLex(_ relexed: LexResult, _ bytes: [UInt8]) -> Bool {
    let full = PythonLexer.tokenize(bytes)
    return relexed.tokens == full.tokens && relexed.error?.offset == full.error?.offset
  }

  func failed(_ path: String, _ bytes: [UInt8], _ message: String, _ findings: [Finding]) -> FileResult {
    let finding = Finding(path: path, line: 1, column: 1, rule: "transform-failed", message: message, severity: .error)
    return FileResult(path: path, original: bytes, output: bytes, outcome: .failed(message), edits: [], findings: (findings + [finding]).sorted(), prefiltered: false)
  }

  static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    firstInvalidUTF8(bytes) == bytes.count
  }

  /// Offset of the first byte that is not part of valid UTF-8 (`bytes.count` if none).
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBytes { raw -> Int in
      var i = 0
      let n = raw.count
      while i < n {
        let b = raw[i]
        if b < 0x80 {
          // ASCII runs 32 bytes at a time (eight when fewer are left): most source files are
          // almost all ASCII.
          if i + 32 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
              | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 == 0 {
              i += 32
              continue
            }
          }
          if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 } else { i += 1 }
          continue
        }
        let length: Int
        switch b {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return i
        }
        if i + length > n { return i }
        for k in 1..<length where raw[i + k] & 0xC0 != 0x80 { return i }
        i += length
      }
      return n
    }
  }

  /// PEP 263: `coding[:=]` in a comment on line 1 or 2.
  static func declaresEncoding(_ bytes: [UInt8]) -> Bool {
    var lines = 0
    var i = 0
    while i < bytes.count && lines < 2 {
      var end = i
      while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
      let line = String(decoding: bytes[i..<end], as: UTF8.self)
      if line.contains("#") && (line.contains("coding:") || line.contains("coding=")) { return true }
      i = end + 1
      lines += 1
    }
    return false
  }
}
