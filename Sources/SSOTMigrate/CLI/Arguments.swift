/// A command line the user got wrong: what was wrong and what to do instead. Exit code 2.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
  /// One or two sentences, lowercase start, no "error:" prefix.
  public let message: String

  public init(_ message: String) { self.message = message }

  /// The message and a pointer to `--help`.
  public var description: String { "\(message)\nRun 'ssot-migrate --help' to see every command and option." }
}

/// The parsed command line of `ssot-migrate` (hand-rolled: no package dependencies).
///
/// `parse` checks everything that can be checked without the codemod (syntax, value ranges,
/// conflicting options); `selectedPhases(in:)` checks the phase numbers against the loaded codemod.
public struct Arguments: Sendable, Equatable {
  public enum Command: String, Sendable, CaseIterable {
    /// Run the phases given by `--phase`/`--all`: apply, or `--dry-run`, or `--check`.
    case migrate
    /// Phase 1's report (the codemod's `report` phases); writes nothing.
    case discover
    /// Every phase in memory: pending edits, idempotency, syntax; writes nothing.
    case verify
    /// The codemod's phases and transforms.
    case list
    case help
    case version
  }

  public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github, markdown
  }

  public enum ColorChoice: String, Sendable, CaseIterable {
    case auto, always, never
  }

  public var command: Command = .migrate
  /// Sorted, without duplicates; empty when `--all` or no phase was given.
  public var phases: [Int] = []
  public var all = false
  public var dryRun = false
  public var check = false
  public var codemodPath: String?
  public var root: String?
  /// Files or directories to limit the run to, as given.
  public var paths: [String] = []
  public var format: OutputFormat = .text
  public var jobs: Int?
  public var allowDirty = false
  public var noCommit = false
  public var verifySyntax = false
  public var noResolveCheck = false
  /// A shell command run after a phase is written and before its commit.
  public var gate: String?
  public var quiet = false
  /// Print the wall time of each stage of the run on stderr.
  public var timings = false
  public var color: ColorChoice = .auto
  /// `--interactive`: review each change before a phase is written.
  public var interactive = false
  /// `--answers FILE`: the review's answers, one letter per prompt, instead of the terminal.
  public var answersPath: String?
  /// `--baseline FILE`: `--check` and `verify` fail only for sites the file does not hold.
  public var baseline: String?
  /// `--write-baseline FILE`: `discover` records every site in the file.
  public var writeBaseline: String?

  public init() {}

  /// Parses the arguments after the program name (`CommandLine.arguments.dropFirst()`).
  ///
  /// Accepts `--flag value` and `--flag=value`, `-j 4`/`-j4`, options before or after the
  /// subcommand and paths, and `--` to end options. `-h`/`--help` and `--version` win over
  /// anything else before `--`.
  public static func parse<S: Sequence<String>>(_ argv: S) throws(UsageError) -> Arguments {
    let argv = Array(argv)
    // Help and version win, so `ssot-migrate --phase x --help` shows help, not an error.
    for arg in argv {
      if arg == "--" { break }
      if arg == "-h" || arg == "--help" { return Arguments(command: .help) }
      if arg == "--version" { return Arguments(command: .version) }
    }

    var args = Arguments()
    var subcommandGiven = false
    var optionsEnded = false
    var seen: Set<String> = []
    var i = 0
    while i < argv.count {
      let arg = argv[i]
      i += 1
      if optionsEnded || arg == "-" || !arg.hasPrefix("-") {
        if !optionsEnded && !subcommandGiven && args.paths.isEmpty, let command = Self.subcommands[arg] {
          args.command = command
          subcommandGiven = true
        } else {
          args.paths.append(arg)
        }
        continue
      }
      if arg == "--" {
        optionsEnded = true
        continue
      }

      var name = arg
      var inlineValue: String?
      if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
        name = String(arg[..<eq])
        inlineValue = String(arg[arg.index(after: eq)...])
      } else if !arg.hasPrefix("--") && arg.count > 2 {
        // -j4
        name = String(arg.prefix(2))
        inlineValue = String(arg.dropFirst(2))
      }
      guard let option = Option.named(name) else {
        throw UsageError(Self.unknownOptionMessage(arg: arg, name: name))
      }

      var value: String?
      if let placeholder = option.valueName {
        if let inlineValue {
          value = inlineValue
        } else if i < argv.count, !Self.looksLikeOption(argv[i]) {
          value = argv[i]
          i += 1
        } else {
          throw UsageError("\(option.long) needs \(placeholder.article), e.g. \(option.example)")
        }
        if option.singleValued && !seen.insert(option.long).inserted {
          throw UsageError("\(option.long) is given twice; give it once")
        }
      } else if inlineValue != nil {
        throw UsageError("\(option.long) takes no value; write just \(option.long)")
      }
      try args.apply(option, value: value ?? "")
    }
    try args.validate()
    return args
  }

  /// The phases the command runs, checked against the loaded codemod: `--phase` numbers it
  /// lacks are an error listing the ones it has.
  public func selectedPhases(in codemod: Codemod) throws(UsageError) -> [Phase] {
    switch command {
    case .help, .version, .list:
      return []
    case .discover:
      let reports = codemod.phases.filter { $0.mode == .report }
      if reports.isEmpty {
        throw UsageError("the codemod '\(codemod.name)' has no report phase for discover; \(Self.phaseList(codemod))")
      }
      return reports
    case .migrate, .verify:
      if phases.isEmpty { return codemod.phases }
      var out: [Phase] = []
      for n in phases {
        guard let phase = codemod.phase(n) else {
          throw UsageError("the codemod '\(codemod.name)' has no phase \(n); \(Self.phaseList(codemod))")
        }
        out.append(phase)
      }
      return out
    }
  }

  static func phaseList(_ codemod: Codemod) -> String {
    "its phases are " + codemod.phases.map { "\($0.number) (\($0.name))" }.joined(separator: ", ")
  }

  // MARK: - Options

  struct Option: Sendable {
    enum Key: Sendable {
      case phase, all, dryRun, check, codemod, root, format, jobs, allowDirty, noCommit, verifySyntax, noResolveCheck, gate, quiet, color, timings
      case interactive, answers, baseline, writeBaseline
    }
    let key: Key
    let long: String
    let short: String?
    /// Nil for flags; else what the value is ("a file path") and an example.
    let valueName: ValueName?
    let example: String
    var singleValued: Bool { valueName != nil && key != .phase }

    struct ValueName: Sendable {
      let article: String
    }

    static let all: [Option] = [
      Option(key: .phase, long: "--phase", short: nil, valueName: ValueName(article: "a phase number such as 2, 2,3 or 2-4"), example: "--phase 2"),
      Option(key: .all, long: "--all", short: nil, valueName: nil, example: "--all"),
      Option(key: .dryRun, long: "--dry-run", short: nil, valueName: nil, example: "--dry-run"),
      Option(key: .check, long: "--check", short: nil, valueName: nil, example: "--check"),
      Option(key: .codemod, long: "--codemod", short: nil, valueName: ValueName(article: "a codemod file path"), example: "--codemod codemods/websocket-ssot.json"),
      Option(key: .root, long: "--root", short: nil, valueName: ValueName(article: "a directory"), example: "--root ."),
      Option(key: .format, long: "--format", short: nil, valueName: ValueName(article: "a format (text, json, sarif, github or markdown)"), example: "--format json"),
      Option(key: .jobs, long: "--jobs", short: "-j", valueName: ValueName(article: "a number of parallel jobs"), example: "--jobs 4"),
      Option(key: .allowDirty, long: "--allow-dirty", short: nil, valueName: nil, example: "--allow-dirty"),
      Option(key: .noCommit, long: "--no-commit", short: nil, valueName: nil, example: "--no-commit"),
      Option(key: .verifySyntax, long: "--verify-syntax", short: nil, valueName: nil, example: "--verify-syntax"),
      Option(key: .noResolveCheck, long: "--no-resolve-check", short: nil, valueName: nil, example: "--no-resolve-check"),
      Option(key: .gate, long: "--gate", short: nil, valueName: ValueName(article: "a shell command"), example: "--gate \"pytest -x -q tests/unit\""),
      Option(key: .quiet, long: "--quiet", short: "-q", valueName: nil, example: "--quiet"),
      Option(key: .timings, long: "--timings", short: nil, valueName: nil, example: "--timings"),
      Option(key: .color, long: "--color", short: nil, valueName: ValueName(article: "auto, always or never"), example: "--color never"),
      Option(key: .interactive, long: "--interactive", short: "-i", valueName: nil, example: "--interactive"),
      Option(key: .answers, long: "--answers", short: nil, valueName: ValueName(article: "a file of answers"), example: "--answers answers.txt"),
      Option(key: .baseline, long: "--baseline", short: nil, valueName: ValueName(article: "a baseline file path"), example: "--baseline ssot-baseline.json"),
      Option(
        key: .writeBaseline, long: "--write-baseline", short: nil, valueName: ValueName(article: "a baseline file path"),
        example: "--write-baseline ssot-baseline.json"),
    ]

    static func named(_ name: String) -> Option? {
      all.first { $0.long == name || $0.short == name }
    }
  }

  static let subcommands: [String: Command] = ["discover": .discover, "verify": .verify, "list": .list, "help": .help]

  /// Every spelling the parser accepts, for suggestions and the help-text consistency test.
  static var optionNames: [String] {
    Option.all.map(\.long) + ["--help", "--version"]
  }

  /// A following argument that is an option rather than a value (`--codemod --dry-run`).
  /// Negative numbers (`--jobs -1`) are values, so their range check can explain them.
  static func looksLikeOption(_ s: String) -> Bool {
    guard s.hasPrefix("-"), s != "-" else { return false }
    if let first = s.dropFirst().first, first.isNumber { return false }
    return true
  }

  static func unknownOptionMessage(arg: String, name: String) -> String {
    let spelled = name.hasPrefix("--") ? name : arg
    var message = "unknown option '\(spelled)'"
    if let near = Suggestion.nearest(to: spelled, in: optionNames) {
      message += "; did you mean '\(near)'?"
    } else if !spelled.hasPrefix("--"), let near = Suggestion.nearest(to: "-" + spelled, in: optionNames) {
      message += "; did you mean '\(near)'?"
    } else {
      message += "; 'ssot-migrate --help' lists the options"
    }
    return message
  }

  private init(command: Command) {
    self.command = command
  }

  mutating func apply(_ option: Option, value: String) throws(UsageError) {
    switch option.key {
    case .phase: phases += try Self.parsePhases(value)
    case .all: all = true
    case .dryRun: dryRun = true
    case .check: check = true
    case .codemod:
      if value.isEmpty { throw UsageError("--codemod needs a codemod file path, e.g. \(option.example)") }
      codemodPath = value
    case .root:
      if value.isEmpty { throw UsageError("--root needs a directory, e.g. --root . or --root ../backend") }
      root = value
    case .format:
      guard let f = OutputFormat(rawValue: value) else {
        throw UsageError(
          "--format must be one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")); got '\(value)'"
            + Suggestion.didYouMean(value, in: OutputFormat.allCases.map(\.rawValue)))
      }
      format = f
    case .jobs:
      guard let n = Int(value), n >= 1, n <= 1024 else {
        throw UsageError("--jobs needs a number of parallel jobs from 1 to 1024, e.g. --jobs 4; got '\(value)'")
      }
      jobs = n
    case .allowDirty: allowDirty = true
    case .noCommit: noCommit = true
    case .verifySyntax: verifySyntax = true
    case .noResolveCheck: noResolveCheck = true
    case .gate:
      if value.allSatisfy(\.isWhitespace) {
        throw UsageError("--gate needs a shell command, e.g. \(option.example)")
      }
      gate = value
    case .quiet: quiet = true
    case .timings: timings = true
    case .color:
      guard let c = ColorChoice(rawValue: value) else {
        throw UsageError("--color must be auto, always or never; got '\(value)'"
          + Suggestion.didYouMean(value, in: ColorChoice.allCases.map(\.rawValue)))
      }
      color = c
    case .interactive: interactive = true
    case .answers:
      if value.isEmpty { throw UsageError("--answers needs a file of answers (one letter per prompt), e.g. \(option.example)") }
      answersPath = value
    case .baseline, .writeBaseline:
      if value.isEmpty { throw UsageError("\(option.long) needs a baseline file path, e.g. \(option.example)") }
      if option.key == .baseline { baseline = value } else { writeBaseline = value }
    }
  }

  /// `2`, `2,3`, `2-4`, `2,4-5`: numbers 1-99.
  static func parsePhases(_ value: String) throws(UsageError) -> [Int] {
    func bad() -> UsageError {
      UsageError(
        "--phase needs phase numbers from 1 to 99, e.g. --phase 2, --phase 2,3 or --phase 2-4 ('ssot-migrate list' shows the phases); got '\(value)'")
    }
    func number(_ s: Substring) throws(UsageError) -> Int {
      let trimmed = s.trimmingPrefix(while: { $0 == " " })
      guard let n = Int(trimmed.prefix(while: { $0 != " " })), (1...99).contains(n),
        trimmed.drop(while: { $0 != " " }).allSatisfy({ $0 == " " })
      else { throw bad() }
      return n
    }
    var out: [Int] = []
    for item in value.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
      switch bounds.count {
      case 1: out.append(try number(bounds[0]))
      case 2:
        let lo = try number(bounds[0])
        let hi = try number(bounds[1])
        guard lo <= hi else {
          throw UsageError("--phase range '\(item)' runs backwards; write it low to high, e.g. --phase \(hi)-\(lo)")
        }
        out += Array(lo...hi)
      default: throw bad()
      }
    }
    return out
  }

  mutating func validate() throws(UsageError) {
    phases = Array(Set(phases)).sorted()
    let writes = command == .migrate && !dryRun && !check

    if dryRun && check {
      throw UsageError("--dry-run and --check cannot be combined: --dry-run prints the diff, --check only the summary and exit status; pick one")
    }
    if all && !phases.isEmpty {
      throw UsageError("--all and --phase cannot be combined: use --all for every phase, or --phase \(phases.map(String.init).joined(separator: ",")) for those")
    }
    // `--phase 1 --format markdown` is allowed here; the phase's mode is checked with the codemod.
    if format == .markdown && command != .discover && !(command == .migrate && !phases.isEmpty && !all && !dryRun && !check) {
      throw UsageError("--format markdown is only for discover (ssot-migrate discover --format markdown); use text, json, sarif or github here")
    }

    switch command {
    case .help, .version:
      return
    case .list:
      if !paths.isEmpty { throw UsageError("list takes no paths; it shows the codemod's phases (got '\(paths[0])')") }
      if all || !phases.isEmpty || dryRun || check {
        throw UsageError("list takes no --phase, --all, --dry-run or --check; it only shows the codemod's phases")
      }
      if format != .text && format != .json { throw UsageError("list prints text or json; got --format \(format.rawValue)") }
    case .discover:
      if all || !phases.isEmpty {
        throw UsageError("discover runs the report phase (phase 1) only; drop --phase/--all, or run 'ssot-migrate --phase N --check' for another phase")
      }
      if dryRun || check { throw UsageError("discover writes nothing already; drop --dry-run/--check") }
    case .verify:
      if all { throw UsageError("verify runs every phase already; drop --all (or use --phase N to verify only some)") }
      if dryRun || check { throw UsageError("verify writes nothing already; drop --dry-run/--check") }
    case .migrate:
      if phases.isEmpty && !all {
        if check {
          all = true  // `ssot-migrate --check` (the pre-commit hook) checks every phase
        } else {
          throw UsageError(
            "say which phases to run: --phase N (e.g. ssot-migrate --phase 2 --dry-run) or --all; 'ssot-migrate list' shows the phases")
        }
      }
      if (format == .json || format == .sarif || format == .github) && !check {
        throw UsageError(
          "--format \(format.rawValue) is for reports (--check, verify, discover); \(dryRun ? "--dry-run always prints a unified diff" : "add --check or --dry-run")")
      }
    }

    if answersPath != nil && !interactive {
      throw UsageError("--answers gives the answers of --interactive; add --interactive (or drop --answers)")
    }

    try validateBaseline()

    if !writes {
      let what = command == .migrate ? (dryRun ? "--dry-run" : "--check") : command.rawValue
      if interactive {
        throw UsageError("--interactive reviews the changes a phase writes; it has no effect with \(what) (use --phase N --interactive)")
      }
      if noCommit { throw UsageError("--no-commit has no effect with \(what): nothing is written; drop it") }
      if gate != nil { throw UsageError("--gate runs only before a phase's commit; it has no effect with \(what)") }
    }
  }

  /// `--write-baseline` records what `discover` computes; `--baseline` judges `--check` and
  /// `verify` by it. Anywhere else either would be silently ignored.
  private func validateBaseline() throws(UsageError) {
    if baseline != nil && writeBaseline != nil {
      throw UsageError(
        "--baseline and --write-baseline cannot be combined: write the baseline with 'ssot-migrate discover --write-baseline FILE', check against it with 'ssot-migrate --check --baseline FILE'")
    }
    if let file = writeBaseline, command != .discover {
      throw UsageError("--write-baseline is for discover, which computes every site: ssot-migrate discover --write-baseline \(file)")
    }
    if let file = baseline, !(command == .verify || command == .migrate && check) {
      let what: String
      switch command {
      case .discover: what = "discover writes one: ssot-migrate discover --write-baseline \(file)"
      case .migrate: what = dryRun ? "it has no effect with --dry-run" : "it has no effect when applying phases"
      default: what = "it has no effect with \(command.rawValue)"
      }
      throw UsageError("--baseline is for --check and verify (ssot-migrate --check --baseline \(file)); \(what)")
    }
  }
}
