import Dispatch
import Foundation

/// Wall and CPU time per stage of one run (`--timings`), so that a slow run says where its time
/// went without a profiler; CPU time well under wall x jobs shows a stage that does not use the
/// cores; page faults show a stage that touches new memory. Used from the thread that drives the
/// run only.
public final class StageTimings {
  private var stages: [(label: String, nanoseconds: UInt64, cpu: UInt64, faults: Int)] = []
  private let start = DispatchTime.now().uptimeNanoseconds
  private let startUsage = StageTimings.processUsage()

  public init() {}

  /// Runs `body`, adding its wall time to `label` (a label measured twice adds up).
  public func measure<T, E: Error>(_ label: String, _ body: () throws(E) -> T) throws(E) -> T {
    let begin = DispatchTime.now().uptimeNanoseconds
    let beginUsage = StageTimings.processUsage()
    defer {
      let usage = StageTimings.processUsage()
      add(label, DispatchTime.now().uptimeNanoseconds - begin, usage.cpu &- beginUsage.cpu, usage.faults - beginUsage.faults)
    }
    return try body()
  }

  private func add(_ label: String, _ nanoseconds: UInt64, _ cpu: UInt64, _ faults: Int) {
    if let i = stages.firstIndex(where: { $0.label == label }) {
      stages[i].nanoseconds += nanoseconds
      stages[i].cpu += cpu
      stages[i].faults += faults
    } else {
      stages.append((label, nanoseconds, cpu, faults))
    }
  }

  /// User + system time of every thread of the process so far, and its page faults (minor and
  /// major), from one `getrusage`.
  static func processUsage() -> (cpu: UInt64, faults: Int) {
    var usage = rusage()
    #if os(Linux)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return (0, 0) }
    func ns(_ t: timeval) -> UInt64 { UInt64(max(0, t.tv_sec)) * 1_000_000_000 + UInt64(max(0, Int(t.tv_usec))) * 1_000 }
    return (ns(usage.ru_utime) + ns(usage.ru_stime), Int(usage.ru_minflt) + Int(usage.ru_majflt))
  }

  /// One line per stage in first-measured order, then the total since this object was made.
  public func lines() -> [String] {
    let total = DispatchTime.now().uptimeNanoseconds - start
    let usage = StageTimings.processUsage()
    let totalCPU = usage.cpu &- startUsage.cpu
    let totalFaults = usage.faults - startUsage.faults
    let measured = stages.reduce(0) { $0 + $1.nanoseconds }
    let measuredCPU = stages.reduce(0) { $0 + $1.cpu }
    let measuredFaults = stages.reduce(0) { $0 + $1.faults }
    let width = max(5, stages.map(\.label.count).max() ?? 0)
    func row(_ label: String, _ ns: UInt64, _ cpu: UInt64, _ faults: Int) -> String {
      let padded = label + String(repeating: " ", count: width - label.count)
      let faultText = String(faults)
      return "timing: \(padded) \(format3(Double(ns) / 1_000_000)) ms  cpu \(format3(Double(cpu) / 1_000_000)) ms  faults "
        + String(repeating: " ", count: max(0, 6 - faultText.count)) + faultText
    }
    var out = stages.map { row($0.label, $0.nanoseconds, $0.cpu, $0.faults) }
    out.append(
      row(
        "other", total > measured ? total - measured : 0, totalCPU > measuredCPU ? totalCPU - measuredCPU : 0,
        max(0, totalFaults - measuredFaults)))
    out.append(row("total", total, totalCPU, totalFaults))
    return out
  }

  private func format3(_ ms: Double) -> String {
    let tenths = Int((ms * 10).rounded())
    let text = "\(tenths / 10).\(tenths % 10)"
    return String(repeating: " ", count: max(0, 8 - text.count)) + text
  }
}
