/// "Did you mean …?" for misspelt keys, kinds, options and subcommands.
public enum Suggestion {
  /// Optimal-string-alignment distance over Unicode scalars: insert, delete, substitute and
  /// swap two neighbours each cost 1 (`jsno` is 1 from `json`).
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var beforePrevious = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
          current[j] = min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[y.count]
  }

  /// The candidate closest to `word`, when it is close enough to be a likely typo: at most
  /// 1 edit for words up to 4 characters, 2 up to 8, else 3. Ties go to the earlier candidate.
  public static func nearest<S: Sequence<String>>(to word: String, in candidates: S) -> String? {
    let limit = word.count <= 4 ? 1 : word.count <= 8 ? 2 : 3
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      // Case-only differences are always worth suggesting.
      let d = candidate.lowercased() == word.lowercased() ? 0 : editDistance(word, candidate)
      if d <= limit && (best == nil || d < best!.distance) { best = (candidate, d) }
    }
    return best?.candidate
  }

  /// `"; did you mean 'x'?"` to append to a message, or the empty string.
  public static func didYouMean<S: Sequence<String>>(_ word: String, in candidates: S) -> String {
    guard let near = nearest(to: word, in: candidates), near != word else { return "" }
    return "; did you mean '\(near)'?"
  }
}
