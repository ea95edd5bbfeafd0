import PythonSource

extension Baseline {
  /// Rules whose findings are about the whole file and sit at 1:1 whatever the file holds: the
  /// statement there says nothing about them, their message (without its line numbers) does.
  static let fileLevelRules: Set<String> = ["module-still-used", "transform-failed"]

  /// The sites of the rewriting phases' `reports`, each phase over the previous one's output as
  /// `discover` runs them. The reports must still hold their files' bytes (not `withoutBytes()`):
  /// the statements are read from the text each transform saw. Only files with edits or
  /// findings are analyzed, in parallel; `inputTokens[k]`, the tokens of the files report `k`'s
  /// phase ran on (`Workspace.tokens`), spare lexing them again.
  public static func sites(of reports: [PhaseReport], inputTokens: [[String: [Token]]] = [], jobs: Int) -> [Site] {
    var work: [(phase: Phase, result: FileResult, tokens: [Token]?)] = []
    for (k, report) in reports.enumerated() {
      for result in report.results where result.editCount > 0 || !result.findings.isEmpty || result.deleted {
        work.append((report.phase, result, k < inputTokens.count ? inputTokens[k][result.path] : nil))
      }
    }
    return ParallelMap.map(work, jobs: jobs) { sites(of: $0.result, phase: $0.phase, tokens: $0.tokens) }.flatMap { $0 }
  }

  /// The sites of one file's result in one phase, numbered; `tokens`, when known, are those of
  /// `result.original`.
  static func sites(of result: FileResult, phase: Phase, tokens: [Token]? = nil) -> [Site] {
    var texts = TransformInputs(result, tokens: tokens)
    // Where each transform runs in the pipeline: the phase's own ones, then those that judge
    // the phase's output (`runsAfterPhaseEdits`), as `PhaseRunner` runs them.
    var position: [String: Int] = [:]
    for transform in phase.transforms where !transform.runsAfterPhaseEdits { position[transform.id] = position.count }
    for transform in phase.transforms where transform.runsAfterPhaseEdits { position[transform.id] = position.count }

    var unnumbered: [(site: Site, order: (text: Int, offset: Int, sequence: Int))] = []
    func add(rule: String, statement: String, at location: (line: Int, column: Int), message: String, finding: Finding?, text: Int, offset: Int) {
      let entry = Entry(phase: phase.number, path: result.path, rule: rule, statement: statement, occurrence: 0)
      let site = Site(entry: entry, line: location.line, column: location.column, message: message, finding: finding)
      unnumbered.append((site, (text, offset, unnumbered.count)))
    }

    for (k, group) in result.edits.enumerated() {
      guard let text = texts.analyzed(k) else { break }
      // A transform's edits in one statement (the call, its dropped `await`) are one site: a new
      // deprecated call is one new site, whatever the transform needs to rewrite it.
      var statementsSeen: Set<Int> = []
      for edit in group.edits {
        let (statement, index) = text.statement(for: edit)
        if let index, !statementsSeen.insert(index).inserted { continue }
        add(
          rule: "pending-edit:\(group.transform)", statement: statement, at: text.location(of: edit.range.start),
          message: "phase \(phase.number) \(phase.name) would rewrite `\(statement)`; run ssot-migrate --phase \(phase.number)",
          finding: nil, text: k, offset: edit.range.start)
      }
    }
    for finding in result.findings {
      // A transform's findings refer to its input: the text after the edits of the transforms
      // that ran before it.
      let k = position[finding.transform].map { p in result.edits.prefix { (position[$0.transform] ?? 0) < p }.count } ?? 0
      let statement: String
      var offset = 0
      if fileLevelRules.contains(finding.rule) {
        statement = withoutLineNumbers(finding.message)
      } else if let text = texts.analyzed(k) {
        offset = text.offset(line: finding.line, column: finding.column) ?? 0
        statement = text.statement(line: finding.line, column: finding.column)
      } else {
        statement = ""
      }
      add(
        rule: finding.rule, statement: statement, at: (finding.line, finding.column), message: finding.message, finding: finding, text: k,
        offset: offset)
    }
    if result.deleted {
      add(
        rule: "pending-delete", statement: "", at: (1, 1),
        message: "phase \(phase.number) \(phase.name) would delete this file; run ssot-migrate --phase \(phase.number)", finding: nil,
        text: result.edits.count, offset: 0)
    }

    unnumbered.sort { a, b in
      (a.site.entry.rule, a.site.entry.statement) != (b.site.entry.rule, b.site.entry.statement)
        ? (a.site.entry.rule, a.site.entry.statement) < (b.site.entry.rule, b.site.entry.statement)
        : a.order < b.order
    }
    var numbered: [Site] = []
    numbered.reserveCapacity(unnumbered.count)
    for (n, item) in unnumbered.enumerated() {
      let e = item.site.entry
      let previous = n > 0 ? numbered[n - 1].entry : nil
      let occurrence = previous.map { $0.rule == e.rule && $0.statement == e.statement ? $0.occurrence + 1 : 1 } ?? 1
      numbered.append(Site(
        entry: Entry(phase: e.phase, path: e.path, rule: e.rule, statement: e.statement, occurrence: occurrence), line: item.site.line,
        column: item.site.column, message: item.site.message, finding: item.site.finding))
    }
    return numbered
  }

  /// `path:12 still imports m` -> `path still imports m`: a `:` and the digits after it go, so
  /// that a message naming another file's line survives that file's edits.
  static func withoutLineNumbers(_ message: String) -> String {
    var out: [UInt8] = []
    let bytes = Array(message.utf8)
    var k = 0
    while k < bytes.count {
      if bytes[k] == UInt8(ascii: ":"), k + 1 < bytes.count, (0x30...0x39).contains(bytes[k + 1]) {
        k += 1
        while k < bytes.count, (0x30...0x39).contains(bytes[k]) { k += 1 }
        continue
      }
      out.append(bytes[k])
      k += 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// The text each transform of a file's result saw: the phase's input, then after each
/// transform's edits in turn (an edit's range refers to the text before its own transform).
/// Each is lexed and analyzed on first use.
private struct TransformInputs {
  let result: FileResult
  var bytes: [[UInt8]]
  var cache: [Int: AnalyzedText?] = [:]
  /// The tokens of `result.original`, if the run has them.
  let originalTokens: [Token]?

  init(_ result: FileResult, tokens: [Token]?) {
    self.result = result
    bytes = [result.original]
    // Tokens that do not end where the text ends are not its tokens: lexed again.
    originalTokens = tokens.flatMap { $0.last?.kind == .endMarker && $0.last?.end == result.original.count ? $0 : nil }
  }

  /// The input of the transform after `k` edit groups, or nil when the edits do not replay
  /// (never for a pipeline's own result; a defect must not crash a report).
  mutating func analyzed(_ k: Int) -> AnalyzedText? {
    if let known = cache[k] { return known }
    while bytes.count <= k {
      let group = result.edits[bytes.count - 1].edits
      let last = bytes[bytes.count - 1]
      guard group.allSatisfy({ $0.range.end <= last.count }), let set = try? EditSet(group) else {
        cache[k] = .some(nil)
        return nil
      }
      bytes.append(set.apply(to: last))
    }
    let text = AnalyzedText(path: result.path, bytes: bytes[k], tokens: k == 0 ? originalTokens : nil)
    cache[k] = text
    return text
  }
}

/// One text with its tokens and statements, to find the statement at a position.
private struct AnalyzedText {
  let file: SourceFile
  /// Nil when the text does not lex: positions then fall back to their physical line.
  let tokens: [Token]?
  let index: ModuleIndex?

  init(path: String, bytes: [UInt8], tokens known: [Token]?) {
    let file = SourceFile(path: path, bytes: bytes)
    assert(known == nil || known! == PythonLexer.tokenize(bytes).tokens, "the run's tokens of \(path) are not those of its text")
    var lexed = known
    if lexed == nil {
      let result = PythonLexer.tokenize(bytes)
      if result.error == nil { lexed = result.tokens }
    }
    self.file = file
    tokens = lexed
    index = lexed.map { ModuleIndex(file: file, tokens: $0, moduleName: nil, isPackageInit: false) }
  }

  func location(of offset: Int) -> (line: Int, column: Int) { file.lineIndex.location(of: min(offset, file.bytes.count)) }

  func offset(line: Int, column: Int) -> Int? {
    let lines = file.lineIndex
    guard line >= 1, line <= lines.lineCount, column >= 1 else { return nil }
    let offset = lines.lineStart(line) + column - 1
    return offset <= file.bytes.count ? offset : nil
  }

  /// The statement holding a finding's position; its physical line when no statement does.
  func statement(line: Int, column: Int) -> String {
    if let offset = offset(line: line, column: column), let tokens, let index {
      let t = firstToken(endingAfter: offset)
      if t < tokens.count, tokens[t].start <= offset, index.statementOfToken[t] >= 0 { return text(ofStatement: Int(index.statementOfToken[t])) }
    }
    return physicalLine(line)
  }

  /// The statement an edit changes: the first one its range overlaps; for an insertion inside
  /// a line, the statement it lands in or ends (`, Name` appended to an import). An insertion of
  /// whole lines, or one between statements, is keyed by what it inserts: the statement next to
  /// it changes whenever someone adds a line there.
  func statement(for edit: Edit) -> (text: String, index: Int?) {
    let range = edit.range
    let insertsLines = edit.replacement.contains(0x0A) || edit.replacement.contains(0x0D)
    if let tokens, let index {
      if range.start < range.end {
        var t = firstToken(endingAfter: range.start)
        while t < tokens.count, tokens[t].start < range.end {
          let s = Int(index.statementOfToken[t])
          if s >= 0 { return (text(ofStatement: s), s) }
          t += 1
        }
      } else if !insertsLines {
        var before = firstToken(startingAtOrAfter: range.start) - 1
        while before >= 0, tokens[before].length == 0 { before -= 1 }
        if before >= 0, index.statementOfToken[before] >= 0 {
          let s = Int(index.statementOfToken[before])
          if range.start <= tokens[index.statements[s].end - 1].end { return (text(ofStatement: s), s) }
        }
      }
    }
    let inserted = StatementText.normalized(fragment: edit.replacement[...])
    return (inserted.isEmpty ? StatementText.normalized(fragment: file.bytes[range.start..<min(range.end, file.bytes.count)]) : inserted, nil)
  }

  func text(ofStatement s: Int) -> String {
    let statement = index!.statements[s]
    return StatementText.normalized(tokens!, statement.first..<statement.end, in: file.bytes)
  }

  func physicalLine(_ line: Int) -> String {
    let lines = file.lineIndex
    guard line >= 1, line <= lines.lineCount else { return "" }
    let end = line < lines.lineCount ? lines.lineStart(line + 1) : file.bytes.count
    return StatementText.normalized(fragment: file.bytes[lines.lineStart(line)..<end])
  }

  func firstToken(endingAfter offset: Int) -> Int { firstToken { $0.end > offset } }

  func firstToken(startingAtOrAfter offset: Int) -> Int { firstToken { $0.start >= offset } }

  /// The first token for which `isPast` holds, by bisection: tokens are in order and do not
  /// overlap, so their starts and ends only grow.
  func firstToken(where isPast: (Token) -> Bool) -> Int {
    let tokens = tokens!
    var lo = 0
    var hi = tokens.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if isPast(tokens[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }
}
