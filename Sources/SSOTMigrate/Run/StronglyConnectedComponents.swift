/// Strongly connected components of a directed graph (Tarjan), iterative: an explicit stack of
/// `(node, next successor)` frames instead of recursion, so a long import chain cannot overflow
/// the call stack.
public enum StronglyConnectedComponents {
  /// The component id of every node of `nodes`; `successors(n)` may name nodes outside `nodes`,
  /// which are ignored. Two nodes share an id exactly when each reaches the other.
  public static func components(of nodes: [String], successors: (String) -> [String]) -> [String: Int] {
    let indexOf = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var adjacency: [[Int]] = nodes.map { node in successors(node).compactMap { indexOf[$0] } }
    adjacency = adjacency.map { Array(Set($0)).sorted() }
    let count = nodes.count
    var index = [Int](repeating: -1, count: count)
    var low = [Int](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var stack: [Int] = []
    var component = [Int](repeating: -1, count: count)
    var nextIndex = 0
    var nextComponent = 0
    for start in 0..<count where index[start] < 0 {
      var frames: [(node: Int, next: Int)] = [(start, 0)]
      index[start] = nextIndex
      low[start] = nextIndex
      nextIndex += 1
      stack.append(start)
      onStack[start] = true
      while let frame = frames.last {
        let v = frame.node
        if frame.next < adjacency[v].count {
          let w = adjacency[v][frame.next]
          frames[frames.count - 1].next += 1
          if index[w] < 0 {
            index[w] = nextIndex
            low[w] = nextIndex
            nextIndex += 1
            stack.append(w)
            onStack[w] = true
            frames.append((w, 0))
          } else if onStack[w] {
            low[v] = min(low[v], index[w])
          }
          continue
        }
        frames.removeLast()
        if let parent = frames.last { low[parent.node] = min(low[parent.node], low[v]) }
        if low[v] == index[v] {
          while let w = stack.popLast() {
            onStack[w] = false
            component[w] = nextComponent
            if w == v { break }
          }
          nextComponent += 1
        }
      }
    }
    var result: [String: Int] = [:]
    for (i, node) in nodes.enumerated() { result[node] = component[i] }
    return result
  }
}
