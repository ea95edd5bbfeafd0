import Testing

@testable import SSOTMigrate

private func parse(_ line: String) throws(UsageError) -> Arguments {
  try Arguments.parse(line.split(separator: " ").map(String.init))
}

private func usageError(_ argv: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String? {
  do {
    let parsed = try Arguments.parse(argv)
    Issue.record("expected a usage error, got \(parsed)", sourceLocation: sourceLocation)
    return nil
  } catch {
    return error.message
  }
}

private func usageError(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
  usageError(line.split(separator: " ").map(String.init), sourceLocation: sourceLocation)
}

@Suite struct ArgumentsTests {
  @Test func phaseAndDryRun() throws {
    let a = try parse("--phase 2 --dry-run")
    #expect(a.command == .migrate && a.phases == [2] && a.dryRun && !a.check && !a.all)
    #expect(a.format == .text && a.color == .auto && a.jobs == nil && a.paths.isEmpty)
  }

  @Test func phaseLists() throws {
    #expect(try parse("--phase 2,3").phases == [2, 3])
    #expect(try parse("--phase=3,2").phases == [2, 3])
    #expect(try parse("--phase 2-4").phases == [2, 3, 4])
    #expect(try parse("--phase 4 --phase 2 --phase 4").phases == [2, 4])
    #expect(try parse("--phase 1,3-4").phases == [1, 3, 4])
  }

  @Test func badPhases() {
    for bad in ["x", "0", "100", "2,", ",2", "2--3", "-1", "1.5", "2-x", ""] {
      let message = usageError(["--phase", bad])
      #expect(message?.hasPrefix("--phase needs") == true, "\(bad): \(message ?? "")")
    }
    #expect(usageError("--phase 4-2") == "--phase range '4-2' runs backwards; write it low to high, e.g. --phase 2-4")
    #expect(usageError("--phase") == "--phase needs a phase number such as 2, 2,3 or 2-4, e.g. --phase 2")
    #expect(usageError("--phase --dry-run") == "--phase needs a phase number such as 2, 2,3 or 2-4, e.g. --phase 2")
  }

  @Test func equalsAndSpaceForms() throws {
    let a = try Arguments.parse([
      "--codemod=my codemod.json", "--root", "../repo", "--format=json", "--check", "-j", "3", "--color=never",
      "--allow-dirty",
    ])
    #expect(a.codemodPath == "my codemod.json" && a.root == "../repo" && a.format == .json && a.jobs == 3)
    #expect(a.color == .never && a.allowDirty)
    #expect(usageError(["--check", "--gate", "pytest"])?.hasPrefix("--gate runs only before a phase's commit") == true)
    let b = try Arguments.parse(["--phase", "2", "--gate=pytest -x", "-j4", "--no-commit", "--verify-syntax", "--no-resolve-check", "-q"])
    #expect(b.gate == "pytest -x" && b.jobs == 4 && b.noCommit && b.verifySyntax && b.noResolveCheck && b.quiet)
  }

  @Test func flagsTakeNoValue() {
    #expect(usageError("--dry-run=yes --phase 2") == "--dry-run takes no value; write just --dry-run")
    #expect(usageError("-q1 --phase 2") == "--quiet takes no value; write just --quiet")
  }

  @Test func subcommands() throws {
    #expect(try parse("discover").command == .discover)
    #expect(try parse("verify").command == .verify)
    #expect(try parse("list").command == .list)
    #expect(try parse("help").command == .help)
    let d = try parse("discover --format markdown src")
    #expect(d.command == .discover && d.format == .markdown && d.paths == ["src"])
    // Options may come before the subcommand.
    #expect(try parse("--codemod c.json list").codemodPath == "c.json")
    let v = try parse("verify --phase 2,3 --format sarif")
    #expect(v.command == .verify && v.phases == [2, 3] && v.format == .sarif)
    // Only the first positional is a subcommand.
    #expect(try parse("--phase 2 src verify").paths == ["src", "verify"])
  }

  @Test func doubleDashEndsOptions() throws {
    let a = try Arguments.parse(["--phase", "2", "--dry-run", "--", "--weird.py", "list", "-h"])
    #expect(a.command == .migrate && a.paths == ["--weird.py", "list", "-h"])
    let b = try Arguments.parse(["--check", "--", "verify"])
    #expect(b.command == .migrate && b.paths == ["verify"])
    #expect(try Arguments.parse(["--phase", "2", "-"]).paths == ["-"])
  }

  @Test func helpAndVersionWin() throws {
    #expect(try parse("--help").command == .help)
    #expect(try parse("-h").command == .help)
    #expect(try parse("--phase nonsense --help").command == .help)
    #expect(try parse("--version").command == .version)
    #expect(try parse("--dry-run --check --version").command == .version)
  }

  @Test func unknownOptionsSuggestTheNearest() {
    #expect(usageError("--dry-rn") == "unknown option '--dry-rn'; did you mean '--dry-run'?")
    #expect(usageError("--phse 2") == "unknown option '--phse'; did you mean '--phase'?")
    #expect(usageError("--phase=2 --allow-dirt") == "unknown option '--allow-dirt'; did you mean '--allow-dirty'?")
    #expect(usageError("-phase 2") == "unknown option '-phase'; did you mean '--phase'?")
    #expect(usageError("--codmod=x.json") == "unknown option '--codmod'; did you mean '--codemod'?")
    #expect(usageError("--frobnicate") == "unknown option '--frobnicate'; 'ssot-migrate --help' lists the options")
    #expect(usageError("-x") == "unknown option '-x'; 'ssot-migrate --help' lists the options")
  }

  @Test func conflicts() {
    #expect(usageError("--phase 2 --dry-run --check")?.hasPrefix("--dry-run and --check cannot be combined") == true)
    #expect(usageError("--all --phase 2")?.hasPrefix("--all and --phase cannot be combined") == true)
    #expect(usageError("--phase 2 --check --format markdown")?.hasPrefix("--format markdown is only for discover") == true)
    #expect(usageError("verify --format markdown")?.hasPrefix("--format markdown is only for discover") == true)
    #expect(usageError("discover --phase 2")?.hasPrefix("discover runs the report phase") == true)
    #expect(usageError("verify --all")?.hasPrefix("verify runs every phase already") == true)
    #expect(usageError("verify --check")?.hasPrefix("verify writes nothing already") == true)
    #expect(usageError("list src")?.hasPrefix("list takes no paths") == true)
    #expect(usageError("list --phase 2")?.hasPrefix("list takes no --phase") == true)
    #expect(usageError("--phase 2 --dry-run --no-commit")?.hasPrefix("--no-commit has no effect with --dry-run") == true)
    #expect(usageError("--phase 2 --dry-run --format json")?.contains("--dry-run always prints a unified diff") == true)
    #expect(usageError("--phase 2 --format sarif")?.hasPrefix("--format sarif is for reports") == true)
  }

  @Test func repeatedSingleValuedOptions() {
    #expect(usageError("--phase 2 --codemod a.json --codemod b.json") == "--codemod is given twice; give it once")
    #expect(usageError("--check --format json --format text") == "--format is given twice; give it once")
  }

  @Test func missingPhase() throws {
    #expect(usageError([])?.hasPrefix("say which phases to run") == true)
    #expect(usageError("--dry-run")?.hasPrefix("say which phases to run") == true)
    // --check alone (the pre-commit hook) checks every phase.
    let check = try parse("--check")
    #expect(check.all && check.phases.isEmpty)
    #expect(try parse("--all").all)
  }

  @Test func badValues() {
    #expect(usageError("--check --format yaml") == "--format must be one of: text, json, sarif, github, markdown; got 'yaml'")
    #expect(usageError("--check --format jsno") == "--format must be one of: text, json, sarif, github, markdown; got 'jsno'; did you mean 'json'?")
    #expect(usageError("--check --color sometimes")?.hasPrefix("--color must be auto, always or never") == true)
    #expect(usageError("--check --jobs 0")?.hasPrefix("--jobs needs a number of parallel jobs") == true)
    #expect(usageError("--check --jobs -2")?.hasPrefix("--jobs needs a number of parallel jobs") == true)
    #expect(usageError("--check -j many")?.hasPrefix("--jobs needs a number of parallel jobs") == true)
    #expect(usageError("--check --codemod")?.hasPrefix("--codemod needs a codemod file path") == true)
    #expect(usageError(["--check", "--codemod="])?.hasPrefix("--codemod needs a codemod file path") == true)
    #expect(usageError(["--check", "--root", ""])?.hasPrefix("--root needs a directory") == true)
    #expect(usageError(["--phase", "2", "--gate", "  "])?.hasPrefix("--gate needs a shell command") == true)
  }

  @Test func editDistanceAndSuggestions() {
    #expect(Suggestion.editDistance("", "abc") == 3)
    #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    #expect(Suggestion.editDistance("jsno", "json") == 1)
    #expect(Suggestion.editDistance("callee", "callee") == 0)
    #expect(Suggestion.nearest(to: "calee", in: ["async", "callee"]) == "callee")
    #expect(Suggestion.nearest(to: "zzzzzz", in: ["async", "callee"]) == nil)
    #expect(Suggestion.nearest(to: "PHASES", in: ["phases"]) == "phases")
    #expect(Suggestion.didYouMean("phses", in: ["phases"]) == "; did you mean 'phases'?")
    #expect(Suggestion.didYouMean("phases", in: ["phases"]) == "")
  }

  @Test func usageErrorDescriptionPointsToHelp() {
    let e = UsageError("bad")
    #expect(e.description == "bad\nRun 'ssot-migrate --help' to see every command and option.")
  }

  @Test func selectedPhasesAgainstTheCodemod() throws {
    let report = Phase(number: 1, name: "discover", mode: .report, include: [], exclude: [], gate: nil, transforms: [])
    let two = Phase(number: 2, name: "calls", mode: .rewrite, include: [], exclude: [], gate: nil, transforms: [])
    let five = Phase(number: 5, name: "validate", mode: .validate, include: [], exclude: [], gate: nil, transforms: [])
    let codemod = Codemod(
      name: "t", description: "", roots: [""], verifySyntax: false, ssotNames: [], phases: [report, two, five], source: "t.json")
    #expect(try parse("--phase 2 --dry-run").selectedPhases(in: codemod).map(\.number) == [2])
    #expect(try parse("--all").selectedPhases(in: codemod).map(\.number) == [1, 2, 5])
    #expect(try parse("verify").selectedPhases(in: codemod).map(\.number) == [1, 2, 5])
    #expect(try parse("discover").selectedPhases(in: codemod).map(\.number) == [1])
    #expect(try parse("list").selectedPhases(in: codemod).isEmpty)
    do {
      _ = try parse("--phase 3").selectedPhases(in: codemod)
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "the codemod 't' has no phase 3; its phases are 1 (discover), 2 (calls), 5 (validate)")
    }
  }

  @Test func baselineOptions() throws {
    #expect(try parse("--check --baseline b.json").baseline == "b.json")
    #expect(try parse("verify --baseline=b.json").baseline == "b.json")
    #expect(try parse("discover --write-baseline b.json").writeBaseline == "b.json")
    #expect(usageError(["--check", "--baseline", ""]) == "--baseline needs a baseline file path, e.g. --baseline ssot-baseline.json")
    #expect(usageError("--check --baseline a.json --baseline b.json") == "--baseline is given twice; give it once")
    #expect(usageError("--phase 2 --dry-run --baseline b.json") == "--baseline is for --check and verify (ssot-migrate --check --baseline b.json); it has no effect with --dry-run")
    #expect(usageError("--phase 2 --baseline b.json") == "--baseline is for --check and verify (ssot-migrate --check --baseline b.json); it has no effect when applying phases")
    #expect(usageError("discover --baseline b.json")?.hasSuffix("discover writes one: ssot-migrate discover --write-baseline b.json") == true)
    #expect(usageError("list --baseline b.json")?.hasSuffix("it has no effect with list") == true)
    #expect(usageError("--phase 1 --write-baseline b.json") == "--write-baseline is for discover, which computes every site: ssot-migrate discover --write-baseline b.json")
    #expect(usageError("discover --baseline a.json --write-baseline b.json")?.hasPrefix("--baseline and --write-baseline cannot be combined") == true)
  }

  @Test func helpTextIsCompleteAndTidy() {
    let help = Arguments.helpText
    for name in Arguments.optionNames {
      #expect(help.contains(name), "help does not mention \(name)")
    }
    for option in Arguments.Option.all {
      if let short = option.short { #expect(help.contains("\(short), \(option.long)")) }
    }
    for command in ["discover", "verify", "list", "help"] { #expect(help.contains("\n  \(command) ")) }
    for format in Arguments.OutputFormat.allCases { #expect(help.contains(format.rawValue)) }
    for section in ["USAGE:", "COMMANDS:", "EXIT CODES:", "EXAMPLES:"] { #expect(help.contains(section)) }
    for code in ["0    ", "1    ", "2    ", "3    "] { #expect(help.contains("\n  \(code)")) }
    for example in ["ssot-migrate --phase 2 --dry-run", "ssot-migrate --phase 2 ", "ssot-migrate verify"] {
      #expect(help.contains(example))
    }
    #expect(help.hasSuffix("\n") && !help.hasSuffix("\n\n"))
    for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
      #expect(line.count < 80, "too long: \(line)")
      #expect(!line.hasSuffix(" "), "trailing space: \(line)")
      #expect(!line.contains("\t"))
    }
  }
}
