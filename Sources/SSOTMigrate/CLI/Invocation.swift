/// What the command line asked for, parsed by hand (no package dependencies): subcommand,
/// phases, mode flags and paths. A bad command line is an `InvocationError` (exit 2).
public struct Invocation: Sendable, Equatable {
  public enum Command: String, Sendable, Equatable {
    /// `--phase N[,M]`, `--all`, with `--dry-run`, `--check` or neither (apply).
    case migrate
    case list
    case verify
    case discover
    case restore
    case help
    case version
  }

  public enum Format: String, Sendable, Equatable, CaseIterable {
    case text, json, github, sarif
  }

  public var command: Command = .migrate
  /// Phase numbers from `--phase`, in the order given (deduplicated); nil when not given.
  public var phases: [Int]? = nil
  public var all = false
  public var dryRun = false
  public var check = false
  public var codemodPath: String? = nil
  public var root: String? = nil
  public var paths: [String] = []
  public var allowDirty = false
  public var noCommit = false
  public var verifySyntax = false
  public var quiet = false
  public var format: Format = .text
  public var jobs: Int? = nil

  public init() {}

  /// Parses `arguments` (without the program name).
  public static func parse(_ arguments: [String]) throws(InvocationError) -> Invocation {
    var result = Invocation()
    var index = 0
    var sawCommand = false
    var onlyPaths = false

    func value(for option: String, inline: String?) throws(InvocationError) -> String {
      if let inline { return inline }
      index += 1
      guard index < arguments.count else { throw InvocationError("\(option) needs a value") }
      return arguments[index]
    }

    while index < arguments.count {
      let raw = arguments[index]
      defer { index += 1 }
      if onlyPaths || !raw.hasPrefix("-") || raw == "-" {
        if !onlyPaths && !sawCommand && result.paths.isEmpty, let command = subcommand(raw) {
          result.command = command
          sawCommand = true
        } else {
          result.paths.append(raw)
        }
        continue
      }
      if raw == "--" {
        onlyPaths = true
        continue
      }
      var option = raw
      var inline: String? = nil
      if raw.hasPrefix("--"), let eq = raw.firstIndex(of: "=") {
        option = String(raw[..<eq])
        inline = String(raw[raw.index(after: eq)...])
      }
      switch option {
      case "-h", "--help": result.command = .help; sawCommand = true
      case "--version": result.command = .version; sawCommand = true
      case "--restore": result.command = .restore; sawCommand = true
      case "--all": result.all = true
      case "--dry-run", "-n": result.dryRun = true
      case "--check": result.check = true
      case "--allow-dirty": result.allowDirty = true
      case "--no-commit": result.noCommit = true
      case "--verify-syntax": result.verifySyntax = true
      case "-q", "--quiet": result.quiet = true
      case "--phase", "-p":
        let text = try value(for: option, inline: inline)
        var numbers = result.phases ?? []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
          guard let n = Int(part.trimmingCharactersInSet()), n >= 0 else {
            throw InvocationError("--phase expects phase numbers such as 2 or 2,3; got '\(text)'")
          }
          if !numbers.contains(n) { numbers.append(n) }
        }
        result.phases = numbers
      case "--codemod": result.codemodPath = try value(for: option, inline: inline)
      case "--root": result.root = try value(for: option, inline: inline)
      case "--format":
        let text = try value(for: option, inline: inline)
        guard let format = Format(rawValue: text) else {
          throw InvocationError("--format expects one of \(Format.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'")
        }
        result.format = format
      case "-j", "--jobs":
        let text = try value(for: option, inline: inline)
        guard let n = Int(text), n >= 1 else { throw InvocationError("--jobs expects a positive number; got '\(text)'") }
        result.jobs = n
      default:
        throw InvocationError("unknown option '\(raw)'")
      }
      if inline != nil && !["--phase", "--codemod", "--root", "--format", "--jobs"].contains(option) {
        throw InvocationError("option '\(option)' takes no value")
      }
    }
    try result.validate()
    return result
  }

  static func subcommand(_ word: String) -> Command? {
    switch word {
    case "list": return .list
    case "verify": return .verify
    case "discover": return .discover
    case "help": return .help
    default: return nil
    }
  }

  /// Combinations that make no sense are refused before anything is read.
  func validate() throws(InvocationError) {
    if dryRun && check { throw InvocationError("--dry-run and --check cannot be combined: --dry-run prints the diff, --check only the summary") }
    if all && phases != nil { throw InvocationError("--all and --phase cannot be combined") }
    let applying = command == .migrate && !dryRun && !check
    if !applying {
      if noCommit { throw InvocationError("--no-commit only applies when writing (without --dry-run/--check)") }
    }
    if format != .text && command == .migrate && !check {
      throw InvocationError("--format applies to --check, verify and discover")
    }
    if command == .discover && (phases != nil || all) {
      throw InvocationError("discover is phase 1; it takes no --phase/--all")
    }
  }
}

/// A command line the tool cannot run. Exit code 2.
public struct InvocationError: Error, Sendable, Equatable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension Substring {
  fileprivate func trimmingCharactersInSet() -> Substring {
    var s = self
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return s
  }
}
