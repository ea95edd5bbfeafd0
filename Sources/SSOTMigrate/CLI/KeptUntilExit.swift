/// Values a command leaves here instead of freeing them, because the process exits right after
/// (clang's `-disable-free`): the kernel takes the memory back at once, where releasing a run's
/// workspaces object by object is serial work after the last output. Only the executable
/// passes one; tests and other callers of `SSOTMigrateCLI.run` free as usual.
public final class KeptUntilExit: @unchecked Sendable {
  // Appended to by the thread running the command only.
  private var values: [Any] = []

  public init() {}

  func keep(_ kept: Any...) { values.append(contentsOf: kept) }
}
