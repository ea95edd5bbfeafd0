import Foundation
import Testing

@testable import SSOTMigrate

@Suite struct ParallelMapTests {
  @Test func orderIsKeptWhateverTheJobs() {
    let items = Array(0..<10_000)
    for jobs in [1, 2, 3, 8] {
      #expect(ParallelMap.map(items, jobs: jobs) { $0 * 3 } == items.map { $0 * 3 })
    }
  }

  @Test func eachWorkerMakesOneScratchAndReusesIt() {
    let made = Counter()
    let items = Array(0..<5_000)
    let results = ParallelMap.map(items, jobs: 4, scratch: { () -> [Int] in made.increment(); return [] }) { seen, item -> Int in
      seen.append(item)
      return seen.count
    }
    #expect(made.value >= 1 && made.value <= 4)
    // Every item was seen by exactly one worker's scratch: the counts add up per worker.
    #expect(results.count == items.count)
    #expect(results.allSatisfy { $0 >= 1 })
  }
}

private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var value: Int { lock.withLock { count } }
  func increment() { lock.withLock { count += 1 } }
}
