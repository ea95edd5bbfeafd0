import Foundation

/// `files done / total` on one terminal line, rewritten with `\r`, for runs that last over a
/// second. The run layer counts; the CLI decides whether to show it (stderr is a terminal) and
/// where it goes (`draw`). Thread-safe: workers call `step()` concurrently.
public final class ProgressReporter: @unchecked Sendable {
  private let lock = NSLock()
  private let draw: @Sendable (String) -> Void
  private let delay: TimeInterval
  private let started = Date()
  private var label = ""
  private var total = 0
  private var done = 0
  private var lastDraw: Date?
  private var shown = false

  /// `delay`: nothing is drawn before this many seconds have passed since the reporter was made.
  public init(delay: TimeInterval = 1.0, draw: @escaping @Sendable (String) -> Void) {
    self.delay = delay
    self.draw = draw
  }

  /// Starts counting a new step (`phase 2 factory-to-constructor`) of `total` files.
  public func start(_ label: String, total: Int) {
    lock.lock()
    defer { lock.unlock() }
    self.label = label
    self.total = total
    done = 0
  }

  /// One file done; redraws at most ten times a second.
  public func step() {
    lock.lock()
    defer { lock.unlock() }
    done += 1
    let now = Date()
    guard now.timeIntervalSince(started) >= delay else { return }
    if let last = lastDraw, now.timeIntervalSince(last) < 0.1, done < total { return }
    lastDraw = now
    shown = true
    draw("\r\u{1B}[K\(label): \(done) / \(total) files")
  }

  /// Clears the line if anything was drawn, so the next output starts on a clean line.
  public func finish() {
    lock.lock()
    defer { lock.unlock() }
    if shown { draw("\r\u{1B}[K") }
    shown = false
  }
}
