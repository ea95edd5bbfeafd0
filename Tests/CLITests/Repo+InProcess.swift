import Foundation

@testable import SSOTMigrate

extension CLITests.Repo {
  /// The real root the run names files under (`--root` resolved, as `RepositoryContext` does).
  var realRoot: String { RepositoryContext.realPath(path) ?? path }

  /// Runs the command in this process through the library's entry point, as the executable
  /// does but with `fileWriter` instead of the real one: the only way to hit a file between the
  /// run's read and its write without a test switch in the product.
  func runInProcess(_ args: String..., fileWriter: any FileWriter) -> CLITests.Run {
    let captured = CapturedOutput()
    let console = Console(stdout: { captured.append($0, stdout: true) }, stderr: { captured.append($0, stdout: false) })
    let status = SSOTMigrateCLI.run(["--codemod", codemodPath, "--root", path] + args, console: console, fileWriter: fileWriter)
    return CLITests.Run(status: status, stdout: captured.stdout, stderr: String(decoding: captured.stderr, as: UTF8.self))
  }
}

/// A console's two streams, kept in memory. The run writes them from the thread that called it
/// (the progress line, drawn from the workers, is off when stderr is not a terminal).
private final class CapturedOutput {
  private(set) var stdout: [UInt8] = []
  private(set) var stderr: [UInt8] = []

  func append(_ bytes: [UInt8], stdout toStdout: Bool) {
    if toStdout { stdout += bytes } else { stderr += bytes }
  }
}
