import Dispatch
import Foundation

/// A value computed on a thread of its own while the caller goes on; `value()` waits for it.
///
/// For serial work whose result is only needed later: a dry run's import gates judge each
/// phase's output on one core while the next phases use the worker threads, and their findings
/// join the report at the end. The body must not share mutable state with the caller.
public final class BackgroundJob<T: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Written by the job's thread before `done` is signalled, read after it is waited for.
  private var result: T?

  public init(_ body: @escaping @Sendable () -> T) {
    let thread = Thread { [self] in
      result = body()
      done.signal()
    }
    thread.start()
  }

  /// A job that is already done: for a value that is sometimes computed on a thread and
  /// sometimes at hand.
  public init(finished value: T) {
    result = value
    done.signal()
  }

  /// The job's result, once it has finished.
  public func value() -> T {
    done.wait()
    defer { done.signal() }
    return result!
  }
}
