import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--interactive`: a phase's changes, file by file and piece by piece (`ReviewHunks`), each
/// shown as a diff with the findings on its lines and accepted or not, as `git add -p` does:
/// `[y]es / [n]o / [a]ll in this file / [d]one with this file / [q]uit / [?]`.
///
/// Only the accepted pieces reach the phase's files; the phase is then written as usual (import
/// gate, syntax check, journal, one commit). A rejected piece stays pending: `--check` keeps
/// reporting it. `q` ends the review: the pieces accepted so far are written, the rest of the
/// phase and later phases are not.
final class InteractiveReview {
  /// Where the answers come from: the terminal, or a file of letters (`--answers`, for scripts
  /// and tests: one letter per prompt, whitespace between them ignored).
  enum Answers {
    case terminal(FileHandle)
    case script([Character])
  }

  static let help = """
    y - apply this change
    n - do not apply this change (it stays pending)
    a - apply this change and all later ones in this file
    d - do not apply this change nor any later one in this file
    q - quit: apply nothing more (what was accepted so far is written)
    ? - print this help
    """

  private var answers: Answers
  private var next = 0
  private let console: Console
  private let color: Bool
  /// True once `q` was answered (or the scripted answers ran out).
  private(set) var quit = false

  init(answers: Answers, console: Console, color: Bool) {
    self.answers = answers
    self.console = console
    self.color = color
  }

  /// The session for `--interactive`: the answers file when given, else the terminal; no
  /// terminal is a usage error (exit 2) before anything runs.
  static func session(answersPath: String?, console: Console, color: Arguments.ColorChoice) throws(CLIFailure) -> InteractiveReview {
    let colors = color == .always || (color == .auto && console.stderrIsTerminal && !console.noColor)
    if let answersPath {
      guard let data = FileManager.default.contents(atPath: answersPath) else {
        throw CLIFailure(MigrateExitCode.usage, "--answers \(answersPath): cannot read the file")
      }
      let letters = String(decoding: data, as: UTF8.self).filter { !$0.isWhitespace }
      return InteractiveReview(answers: .script(Array(letters)), console: console, color: colors)
    }
    let fd = open("/dev/tty", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw CLIFailure(
        MigrateExitCode.usage,
        "--interactive reads its answers from the terminal, and this process has none (/dev/tty: \(String(cString: strerror(errno)))); run it in a terminal, or pass --answers FILE with one letter (y, n, a, d, q) per prompt")
    }
    return InteractiveReview(answers: .terminal(FileHandle(fileDescriptor: fd, closeOnDealloc: true)), console: console, color: colors)
  }

  /// The phase's report with only the accepted pieces of each changed file.
  func review(_ report: PhaseReport, roots: [String]) -> PhaseReport {
    var results: [FileResult] = []
    let total = report.changedCount
    var position = 0
    for result in report.results {
      guard result.outcome == .changed, !quit else {
        results.append(quit && result.outcome == .changed ? result.rejected() : result)
        continue
      }
      position += 1
      results.append(reviewFile(result, roots: roots, file: "\(position)/\(total)"))
    }
    return report.replacingResults(results)
  }

  private func reviewFile(_ result: FileResult, roots: [String], file: String) -> FileResult {
    if result.deleted {
      console.err("\(result.path) (file \(file)): the phase deletes this file")
      for finding in result.findings { console.err("  " + finding.description) }
      switch ask("Delete \(result.path)") {
      case "y", "a": return result
      default: return result.rejected()
      }
    }
    let hunks = ReviewHunks(path: result.path, original: result.original, output: result.output, roots: roots)
    // Findings on no piece's lines are shown once, before the first piece.
    let onPieces = result.findings.filter { finding in hunks.groups.contains { $0.lines.contains(finding.line) } }
    let elsewhere = result.findings.filter { finding in !onPieces.contains(finding) }
    for finding in elsewhere { console.err(finding.description) }
    var accepted: Set<Int> = []
    var rest: Character? = nil
    for (g, group) in hunks.groups.enumerated() {
      if quit { break }
      if let rest {
        if rest == "a" { accepted.insert(g) }
        continue
      }
      let alone = hunks.bytes(accepting: [g])
      var diff = UnifiedDiff.renderBytes(path: result.path, old: result.original, new: alone)
      if color { diff = DiffColorizer.colorize(diff) }
      console.errRaw(String(decoding: diff, as: UTF8.self))
      for finding in result.findings where group.lines.contains(finding.line) { console.err("  " + finding.description) }
      switch ask("(\(g + 1)/\(hunks.groups.count) in \(result.path), file \(file)) Apply this change") {
      case "y": accepted.insert(g)
      case "a":
        accepted.insert(g)
        rest = "a"
      case "d": rest = "d"
      case "q": break
      default: break
      }
    }
    if accepted.count == hunks.groups.count { return result }
    if accepted.isEmpty { return result.rejected() }
    return result.accepting(hunks.bytes(accepting: accepted), edits: hunks.edits(accepting: accepted, by: Self.transformID))
  }

  /// The answer to `question`: one of y, n, a, d, q; `?` and anything else print the help and
  /// ask again. A terminal that closes, or a script that runs out, answers `q`.
  private func ask(_ question: String) -> Character {
    while true {
      console.errRaw("\(question) [y,n,a,d,q,?]? ")
      guard let answer = read() else {
        console.err("")
        console.err(scriptEnded ? "no more answers in the --answers file: nothing more is applied" : "end of input: nothing more is applied")
        quit = true
        return "q"
      }
      if case .script = answers { console.err(String(answer)) }
      switch answer {
      case "y", "n", "a", "d": return answer
      case "q":
        quit = true
        return "q"
      default:
        console.err(Self.help)
      }
    }
  }

  private var scriptEnded: Bool {
    if case .script = answers { return true }
    return false
  }

  /// The next answer: a letter (the first of a terminal's line).
  private func read() -> Character? {
    switch answers {
    case .script(let letters):
      guard next < letters.count else { return nil }
      next += 1
      return Character(letters[next - 1].lowercased())
    case .terminal(let tty):
      var line: [UInt8] = []
      while true {
        let byte = tty.readData(ofLength: 1)
        guard let b = byte.first else { return line.isEmpty ? nil : Character(UnicodeScalar(line[0])) }
        if b == 0x0A { break }
        line.append(b)
      }
      guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return "?" }
      return Character(Character(UnicodeScalar(first)).lowercased())
    }
  }
}

extension FileResult {
  /// This file as it was: none of the phase's changes (its findings stay).
  func rejected() -> FileResult {
    FileResult(path: path, original: original, output: original, outcome: .unchanged, edits: [], findings: findings, prefiltered: prefiltered)
  }

  /// This file with only the accepted pieces (`bytes`, made by `edits` on the original): the
  /// transforms' own edits no longer describe it, the pieces' line changes do.
  func accepting(_ bytes: [UInt8], edits: [Edit]) -> FileResult {
    FileResult(
      path: path, original: original, output: bytes, outcome: .changed, edits: [(InteractiveReview.transformID, edits)], findings: findings,
      prefiltered: prefiltered)
  }
}

extension InteractiveReview {
  /// Partly accepted files count their accepted pieces under this name in the commit message.
  static let transformID = "accepted in review"
}

extension PhaseReport {
  /// The same phase with other results (changed files first reviewed).
  func replacingResults(_ results: [FileResult]) -> PhaseReport {
    PhaseReport(phase: phase, results: results, filesConsidered: filesConsidered, filesInPhase: filesInPhase, filesLexed: filesLexed)
  }
}
