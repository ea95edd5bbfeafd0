import Dispatch

/// Wall time per stage of one run (`--timings`), so that a slow run says where its time went
/// without a profiler. Used from the thread that drives the run only.
public final class StageTimings {
  private var stages: [(label: String, nanoseconds: UInt64)] = []
  private let start = DispatchTime.now().uptimeNanoseconds

  public init() {}

  /// Runs `body`, adding its wall time to `label` (a label measured twice adds up).
  public func measure<T, E: Error>(_ label: String, _ body: () throws(E) -> T) throws(E) -> T {
    let begin = DispatchTime.now().uptimeNanoseconds
    defer { add(label, DispatchTime.now().uptimeNanoseconds - begin) }
    return try body()
  }

  private func add(_ label: String, _ nanoseconds: UInt64) {
    if let i = stages.firstIndex(where: { $0.label == label }) {
      stages[i].nanoseconds += nanoseconds
    } else {
      stages.append((label, nanoseconds))
    }
  }

  /// One line per stage in first-measured order, then the total since this object was made.
  public func lines() -> [String] {
    let total = DispatchTime.now().uptimeNanoseconds - start
    let measured = stages.reduce(0) { $0 + $1.nanoseconds }
    let width = max(5, stages.map(\.label.count).max() ?? 0)
    func row(_ label: String, _ ns: UInt64) -> String {
      let ms = Double(ns) / 1_000_000
      let padded = label + String(repeating: " ", count: width - label.count)
      return "timing: \(padded) \(format3(ms)) ms"
    }
    var out = stages.map { row($0.label, $0.nanoseconds) }
    out.append(row("other", total > measured ? total - measured : 0))
    out.append(row("total", total))
    return out
  }

  private func format3(_ ms: Double) -> String {
    let tenths = Int((ms * 10).rounded())
    let text = "\(tenths / 10).\(tenths % 10)"
    return String(repeating: " ", count: max(0, 8 - text.count)) + text
  }
}
