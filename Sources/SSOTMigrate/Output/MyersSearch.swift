/// Myers' O(ND) search for a shortest edit script ("An O(ND) Difference Algorithm and Its
/// Variations", 1986), in the divide-and-conquer form that meets in the middle, with xdiff's
/// cost cut-offs: past a cost of 256 a long enough common run ("snake") is taken as a split point,
/// and past √(N+M) the furthest-reaching diagonal is, so a pathological pair of files costs time
/// proportional to their size instead of to the product. Same cut-offs as git, same output.
struct MyersSearch {
  /// Which elements of `a` and of `b` are not on the chosen common subsequence. Elements compare
  /// by equality; callers pass line equivalence classes.
  static func changedLines(_ a: [Int], _ b: [Int]) -> (old: [Bool], new: [Bool]) {
    var search = MyersSearch(a, b)
    search.run()
    return (search.changedA, search.changedB)
  }

  private let a: [Int]
  private let b: [Int]
  private var changedA: [Bool]
  private var changedB: [Bool]
  /// Furthest-reaching `a` index on each diagonal `k = i - j`, forward and backward, stored at
  /// `k + diagonalBase` so the most negative diagonal is index 0.
  private var forward: [Int]
  private var backward: [Int]
  private let diagonalBase: Int
  private let maxCost: Int

  /// A common run longer than this makes a diagonal "interesting" to the cut-off.
  private static let snakeLength = 20
  /// Cost past which the interesting-diagonal cut-off may fire.
  private static let heuristicMinimumCost = 256
  private static let heuristicFactor = 4

  private init(_ a: [Int], _ b: [Int]) {
    self.a = a
    self.b = b
    changedA = Array(repeating: false, count: a.count)
    changedB = Array(repeating: false, count: b.count)
    let diagonals = a.count + b.count + 3
    forward = Array(repeating: 0, count: diagonals)
    backward = Array(repeating: 0, count: diagonals)
    diagonalBase = b.count + 1
    maxCost = max(bogoSqrt(diagonals), 256)
  }

  private struct Box {
    var low1: Int
    var high1: Int
    var low2: Int
    var high2: Int
    /// Whether this box must be solved exactly, without the cut-offs.
    var needMinimal: Bool
  }

  /// Boxes are independent once split, so an explicit stack replaces xdiff's recursion (which a
  /// test thread's small stack might not survive on a large, very different pair of files).
  private mutating func run() {
    var boxes = [Box(low1: 0, high1: a.count, low2: 0, high2: b.count, needMinimal: false)]
    while var box = boxes.popLast() {
      while box.low1 < box.high1 && box.low2 < box.high2 && a[box.low1] == b[box.low2] {
        box.low1 += 1
        box.low2 += 1
      }
      while box.low1 < box.high1 && box.low2 < box.high2 && a[box.high1 - 1] == b[box.high2 - 1] {
        box.high1 -= 1
        box.high2 -= 1
      }
      if box.low1 == box.high1 {
        for j in box.low2..<box.high2 { changedB[j] = true }
      } else if box.low2 == box.high2 {
        for i in box.low1..<box.high1 { changedA[i] = true }
      } else {
        let split = self.split(box)
        boxes.append(
          Box(low1: split.i1, high1: box.high1, low2: split.i2, high2: box.high2,
              needMinimal: split.minimalHigh))
        boxes.append(
          Box(low1: box.low1, high1: split.i1, low2: box.low2, high2: split.i2,
              needMinimal: split.minimalLow))
      }
    }
  }

  private struct Split {
    var i1: Int
    var i2: Int
    var minimalLow: Bool
    var minimalHigh: Bool
  }

  private func fwd(_ k: Int) -> Int { forward[k + diagonalBase] }
  private mutating func setFwd(_ k: Int, _ value: Int) { forward[k + diagonalBase] = value }
  private func bwd(_ k: Int) -> Int { backward[k + diagonalBase] }
  private mutating func setBwd(_ k: Int, _ value: Int) { backward[k + diagonalBase] = value }

  /// Finds where a shortest path through `box` crosses its middle, searching from both corners
  /// at once; or, once the cost grows past the cut-offs, a good-enough point.
  private mutating func split(_ box: Box) -> Split {
    let (off1, lim1, off2, lim2) = (box.low1, box.high1, box.low2, box.high2)
    let minK = off1 - lim2
    let maxK = lim1 - off2
    let forwardMid = off1 - off2
    let backwardMid = lim1 - lim2
    let odd = (forwardMid - backwardMid) & 1 != 0
    var fmin = forwardMid
    var fmax = forwardMid
    var bmin = backwardMid
    var bmax = backwardMid
    setFwd(forwardMid, off1)
    setBwd(backwardMid, lim1)

    var cost = 0
    while true {
      cost += 1
      var gotSnake = false

      // Widen the forward diagonal range by one each side, or shrink it where the box ends;
      // the sentinel just outside keeps the inner loop free of range checks.
      if fmin > minK {
        fmin -= 1
        setFwd(fmin - 1, -1)
      } else {
        fmin += 1
      }
      if fmax < maxK {
        fmax += 1
        setFwd(fmax + 1, -1)
      } else {
        fmax -= 1
      }
      for k in stride(from: fmax, through: fmin, by: -2) {
        var i1 = fwd(k - 1) >= fwd(k + 1) ? fwd(k - 1) + 1 : fwd(k + 1)
        let start = i1
        var i2 = i1 - k
        while i1 < lim1 && i2 < lim2 && a[i1] == b[i2] {
          i1 += 1
          i2 += 1
        }
        if i1 - start > MyersSearch.snakeLength { gotSnake = true }
        setFwd(k, i1)
        if odd && bmin <= k && k <= bmax && bwd(k) <= i1 {
          return Split(i1: i1, i2: i2, minimalLow: true, minimalHigh: true)
        }
      }

      if bmin > minK {
        bmin -= 1
        setBwd(bmin - 1, Int.max)
      } else {
        bmin += 1
      }
      if bmax < maxK {
        bmax += 1
        setBwd(bmax + 1, Int.max)
      } else {
        bmax -= 1
      }
      for k in stride(from: bmax, through: bmin, by: -2) {
        var i1 = bwd(k - 1) < bwd(k + 1) ? bwd(k - 1) : bwd(k + 1) - 1
        let start = i1
        var i2 = i1 - k
        while i1 > off1 && i2 > off2 && a[i1 - 1] == b[i2 - 1] {
          i1 -= 1
          i2 -= 1
        }
        if start - i1 > MyersSearch.snakeLength { gotSnake = true }
        setBwd(k, i1)
        if !odd && fmin <= k && k <= fmax && i1 <= fwd(k) {
          return Split(i1: i1, i2: i2, minimalLow: true, minimalHigh: true)
        }
      }

      if box.needMinimal { continue }

      // Past the minimum cost, a diagonal that has come far (penalised by its distance from the
      // middle one) and ends in a long common run is a good enough place to cut.
      if gotSnake && cost > MyersSearch.heuristicMinimumCost {
        var best = 0
        var found = Split(i1: 0, i2: 0, minimalLow: true, minimalHigh: false)
        for k in stride(from: fmax, through: fmin, by: -2) {
          let distance = k > forwardMid ? k - forwardMid : forwardMid - k
          let i1 = fwd(k)
          let i2 = i1 - k
          let value = (i1 - off1) + (i2 - off2) - distance
          if value > MyersSearch.heuristicFactor * cost && value > best
            && off1 + MyersSearch.snakeLength <= i1 && i1 < lim1
            && off2 + MyersSearch.snakeLength <= i2 && i2 < lim2
            && (1...MyersSearch.snakeLength).allSatisfy({ a[i1 - $0] == b[i2 - $0] })
          {
            best = value
            found.i1 = i1
            found.i2 = i2
          }
        }
        if best > 0 { return found }

        found = Split(i1: 0, i2: 0, minimalLow: false, minimalHigh: true)
        for k in stride(from: bmax, through: bmin, by: -2) {
          let distance = k > backwardMid ? k - backwardMid : backwardMid - k
          let i1 = bwd(k)
          let i2 = i1 - k
          let value = (lim1 - i1) + (lim2 - i2) - distance
          if value > MyersSearch.heuristicFactor * cost && value > best
            && off1 < i1 && i1 <= lim1 - MyersSearch.snakeLength
            && off2 < i2 && i2 <= lim2 - MyersSearch.snakeLength
            && (0..<MyersSearch.snakeLength).allSatisfy({ a[i1 + $0] == b[i2 + $0] })
          {
            best = value
            found.i1 = i1
            found.i2 = i2
          }
        }
        if best > 0 { return found }
      }

      // Too expensive: cut at whichever search has reached furthest.
      if cost >= maxCost {
        var forwardBest = -1
        var forwardBest1 = -1
        for k in stride(from: fmax, through: fmin, by: -2) {
          var i1 = min(fwd(k), lim1)
          var i2 = i1 - k
          if lim2 < i2 {
            i1 = lim2 + k
            i2 = lim2
          }
          if forwardBest < i1 + i2 {
            forwardBest = i1 + i2
            forwardBest1 = i1
          }
        }
        var backwardBest = Int.max
        var backwardBest1 = Int.max
        for k in stride(from: bmax, through: bmin, by: -2) {
          var i1 = max(off1, bwd(k))
          var i2 = i1 - k
          if i2 < off2 {
            i1 = off2 + k
            i2 = off2
          }
          if i1 + i2 < backwardBest {
            backwardBest = i1 + i2
            backwardBest1 = i1
          }
        }
        if (lim1 + lim2) - backwardBest < forwardBest - (off1 + off2) {
          return Split(
            i1: forwardBest1, i2: forwardBest - forwardBest1, minimalLow: true, minimalHigh: false)
        }
        return Split(
          i1: backwardBest1, i2: backwardBest - backwardBest1, minimalLow: false, minimalHigh: true)
      }
    }
  }
}
