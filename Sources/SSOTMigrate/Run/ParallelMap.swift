import Dispatch
import Foundation

/// Order-preserving parallel map over an array: each index is computed by exactly one worker and
/// written to its own slot, so results are deterministic whatever the parallelism.
public enum ParallelMap {
  public static func map<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
    map(items, jobs: jobs, scratch: {}) { (_: inout Void, item: T) in transform(item) }
  }

  /// The same, with a scratch value per worker (made by `scratch`, reused for every item that
  /// worker computes): a read buffer, say, instead of an allocation per item.
  public static func map<T: Sendable, R: Sendable, S>(
    _ items: [T], jobs: Int, scratch: @Sendable () -> S, _ transform: @Sendable (inout S, T) -> R
  ) -> [R] {
    let count = items.count
    if jobs <= 1 || count < 2 {
      var state = scratch()
      return items.map { transform(&state, $0) }
    }
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let slots = SendableBuffer(results)
    // Chunks of a few files keep the atomic-free scheduling cheap and the load balanced.
    let chunk = max(1, min(16, count / (jobs * 16)))
    let chunks = (count + chunk - 1) / chunk
    let next = ChunkCounter()
    items.withUnsafeBufferPointer { input in
      let source = SendableInput(input)
      // `jobs` workers, each taking the next chunk until none is left.
      DispatchQueue.concurrentPerform(iterations: min(jobs, chunks)) { _ in
        var state = scratch()
        while let c = next.take(below: chunks) {
          let start = c * chunk
          let end = min(count, start + chunk)
          for i in start..<end { slots.buffer[i] = transform(&state, source.buffer[i]) }
        }
      }
    }
    return results.map { $0! }
  }
}

private struct SendableBuffer<R>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<R?>
  init(_ buffer: UnsafeMutableBufferPointer<R?>) { self.buffer = buffer }
}

private struct SendableInput<T>: @unchecked Sendable {
  let buffer: UnsafeBufferPointer<T>
  init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
}

private final class ChunkCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func take(below limit: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard value < limit else { return nil }
    value += 1
    return value - 1
  }
}
