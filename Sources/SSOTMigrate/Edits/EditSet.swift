import PythonSource

/// A file's edits, sorted and checked for overlap, ready to apply in one forward pass
/// (ruff `apply_fixes`, swift-syntax `FixItApplier`).
///
/// Unlike ruff and FixItApplier, which skip or drop a conflicting edit, an overlap here is an
/// error: inside one phase it means a transform is wrong, and the file must fail with both culprits
/// named rather than be half-rewritten.
public struct EditSet: Sendable {
  /// Sorted by start; insertions before a replacement at the same offset; no overlaps; no duplicates.
  public let edits: [Edit]

  public init(_ edits: [Edit]) throws(EditConflict) {
    self.edits = try EditSet.normalize(edits)
  }

  public var isEmpty: Bool { edits.isEmpty }

  /// The edits as the lexer's changes (`PythonLexer.relex`).
  public var changes: [PythonLexer.Change] {
    edits.map { PythonLexer.Change(start: $0.range.start, end: $0.range.end, length: $0.replacement.count) }
  }

  /// `bytes` with every edit applied. Each range must lie inside `bytes`.
  public func apply(to bytes: [UInt8]) -> [UInt8] {
    guard !edits.isEmpty else { return bytes }
    var out: [UInt8] = []
    var growth = 0
    for edit in edits { growth += edit.replacement.count - edit.range.count }
    out.reserveCapacity(max(0, bytes.count + growth))
    var cursor = 0
    for edit in edits {
      precondition(edit.range.end <= bytes.count, "edit \(edit) past the end of \(bytes.count) bytes")
      out.append(contentsOf: bytes[cursor..<edit.range.start])
      out.append(contentsOf: edit.replacement)
      cursor = edit.range.end
    }
    out.append(contentsOf: bytes[cursor...])
    return out
  }

  /// Sorts, de-duplicates and overlap-checks `edits`, then applies them to `bytes`.
  public static func apply(_ edits: [Edit], to bytes: [UInt8]) throws(EditConflict) -> [UInt8] {
    try EditSet(edits).apply(to: bytes)
  }

  private struct Key: Hashable {
    let range: ByteRange
    let replacement: [UInt8]
  }

  private static func normalize(_ edits: [Edit]) throws(EditConflict) -> [Edit] {
    // The original index breaks ties, so same-offset insertions keep the order transforms
    // asked for them (Swift's sort is not guaranteed stable).
    let order = edits.indices.sorted { a, b in
      let x = edits[a].range
      let y = edits[b].range
      if x.start != y.start { return x.start < y.start }
      if x.isEmpty != y.isEmpty { return x.isEmpty }
      return a < b
    }
    var seen = Set<Key>()
    var result: [Edit] = []
    result.reserveCapacity(edits.count)
    for index in order {
      let edit = edits[index]
      // An insertion of nothing changes nothing; keeping it would only risk a false conflict.
      if edit.range.isEmpty && edit.replacement.isEmpty { continue }
      // Two transforms may ask for the same edit (the same import line, say): apply it once.
      guard seen.insert(Key(range: edit.range, replacement: edit.replacement)).inserted else {
        continue
      }
      // Sorted and overlap-free so far means each kept edit ends at or before the next start,
      // so checking against the last kept edit is enough.
      if let last = result.last, last.range.overlaps(edit.range) {
        throw EditConflict(first: last, second: edit)
      }
      result.append(edit)
    }
    return result
  }
}

/// Two edits of one file that touch the same bytes: a bug in (at least) one of the transforms.
public struct EditConflict: Error, Sendable, CustomStringConvertible {
  public let first: Edit
  public let second: Edit

  public init(first: Edit, second: Edit) {
    self.first = first
    self.second = second
  }

  public var description: String {
    "overlapping edits: \(first.transform) \(first.range) and \(second.transform) \(second.range)"
  }
}
