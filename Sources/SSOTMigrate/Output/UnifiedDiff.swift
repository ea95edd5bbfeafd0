/// Old and new bytes of a file rendered as the unified diff `git diff` prints for it, byte for
/// byte from the `---` line on: same hunks, same `@@` function names, same
/// `\ No newline at end of file` markers, same path quoting. `git apply` and `patch -p1` accept it.
///
/// Lines are cut at `\n` only and printed raw, so a CRLF line keeps its `\r` and a Latin-1 file
/// stays Latin-1: `renderBytes` is the API to write a patch with; `render` is for display.
public enum UnifiedDiff {
  /// The diff of a modified file, or "" when `old == new`.
  public static func renderBytes(path: String, old: [UInt8], new: [UInt8], context: Int = 3)
    -> [UInt8]
  {
    guard old != new else { return [] }
    var out: [UInt8] = []
    appendFileLine(&out, marker: "---", name: GitPath.quoted(prefix: "a/", path))
    appendFileLine(&out, marker: "+++", name: GitPath.quoted(prefix: "b/", path))
    appendHunks(&out, old: Lines(old), new: Lines(new), context: max(0, context))
    return out
  }

  /// `renderBytes` as text; bytes that are not UTF-8 show as U+FFFD.
  public static func render(path: String, old: [UInt8], new: [UInt8], context: Int = 3) -> String {
    String(decoding: renderBytes(path: path, old: old, new: new, context: context), as: UTF8.self)
  }

  /// The diff of a deleted file, with the `diff --git` and `deleted file mode` lines that tell
  /// `git apply` to remove the file rather than leave it empty.
  public static func renderDeletionBytes(path: String, old: [UInt8]) -> [UInt8] {
    let a = GitPath.quoted(prefix: "a/", path)
    let b = GitPath.quoted(prefix: "b/", path)
    var out: [UInt8] = []
    out.append(contentsOf: Array("diff --git ".utf8) + a + [0x20] + b + [0x0A])
    out.append(contentsOf: Array("deleted file mode 100644\n".utf8))
    // git prints no ---/+++ lines and no hunk for an empty file.
    guard !old.isEmpty else { return out }
    appendFileLine(&out, marker: "---", name: a)
    appendFileLine(&out, marker: "+++", name: Array("/dev/null".utf8))
    appendHunks(&out, old: Lines(old), new: Lines([]), context: 3)
    return out
  }

  public static func renderDeletion(path: String, old: [UInt8]) -> String {
    String(decoding: renderDeletionBytes(path: path, old: old), as: UTF8.self)
  }

  // MARK: - Lines

  /// git ends a `---`/`+++` name that contains a space with a tab, so that `patch` does not
  /// take the rest of the line for a timestamp.
  private static func appendFileLine(_ out: inout [UInt8], marker: String, name: [UInt8]) {
    out.append(contentsOf: marker.utf8)
    out.append(0x20)
    out.append(contentsOf: name)
    if name.contains(0x20) { out.append(0x09) }
    out.append(0x0A)
  }

  private static let noNewlineMarker = Array("\n\\ No newline at end of file\n".utf8)

  private static func appendLine(_ out: inout [UInt8], _ prefix: UInt8, _ line: ArraySlice<UInt8>) {
    out.append(prefix)
    out.append(contentsOf: line)
    if line.last != 0x0A { out.append(contentsOf: noNewlineMarker) }
  }

  // MARK: - Hunks

  private static func appendHunks(_ out: inout [UInt8], old: Lines, new: Lines, context: Int) {
    let changes = LineDiff.changes(from: old, to: new)
    var functionName: ArraySlice<UInt8> = []
    // Where the previous hunk's function-name search started: a later search stops there and
    // otherwise keeps the name found before, as git does.
    var searchedDownTo = -1
    var first = 0
    while first < changes.count {
      // Changes whose contexts touch or overlap share a hunk.
      var last = first
      while last + 1 < changes.count
        && changes[last + 1].oldStart - (changes[last].oldStart + changes[last].oldCount)
          <= 2 * context
      {
        last += 1
      }
      let head = changes[first]
      let tail = changes[last]
      var oldLine = max(head.oldStart - context, 0)
      var newLine = max(head.newStart - context, 0)
      let tailOldEnd = tail.oldStart + tail.oldCount
      let tailNewEnd = tail.newStart + tail.newCount
      let after = min(context, old.count - tailOldEnd, new.count - tailNewEnd)
      let oldEnd = tailOldEnd + after
      let newEnd = tailNewEnd + after

      var line = oldLine - 1
      while line > searchedDownTo && line >= 0 {
        if let name = functionLine(old[line]) {
          functionName = name
          break
        }
        line -= 1
      }
      searchedDownTo = oldLine - 1
      appendHunkHeader(
        &out, oldStart: oldLine, oldCount: oldEnd - oldLine, newStart: newLine,
        newCount: newEnd - newLine, function: functionName)

      for change in changes[first...last] {
        while newLine < change.newStart {
          appendLine(&out, 0x20, new[newLine])
          newLine += 1
        }
        for i in change.oldStart..<(change.oldStart + change.oldCount) {
          appendLine(&out, 0x2D, old[i])
        }
        for j in change.newStart..<(change.newStart + change.newCount) {
          appendLine(&out, 0x2B, new[j])
        }
        oldLine = change.oldStart + change.oldCount
        newLine = change.newStart + change.newCount
      }
      while newLine < newEnd {
        appendLine(&out, 0x20, new[newLine])
        newLine += 1
      }
      first = last + 1
    }
  }

  /// `@@ -l,s +l,s @@ name`: a count of 1 is left out; an empty side names the line before it.
  private static func appendHunkHeader(
    _ out: inout [UInt8], oldStart: Int, oldCount: Int, newStart: Int, newCount: Int,
    function: ArraySlice<UInt8>
  ) {
    var header = Array("@@ -".utf8)
    header.append(contentsOf: range(start: oldStart, count: oldCount).utf8)
    header.append(contentsOf: " +".utf8)
    header.append(contentsOf: range(start: newStart, count: newCount).utf8)
    header.append(contentsOf: " @@".utf8)
    if !function.isEmpty {
      header.append(0x20)
      // git formats the header in a 128-byte buffer, newline included.
      header.append(contentsOf: function.prefix(max(0, 127 - header.count)))
    }
    header.append(0x0A)
    out.append(contentsOf: header)
  }

  private static func range(start: Int, count: Int) -> String {
    let first = count == 0 ? start : start + 1
    return count == 1 ? "\(first)" : "\(first),\(count)"
  }

  /// git's default function-name rule (no diff driver configured): a line starting with a
  /// letter, `_` or `$`, cut to 80 bytes, trailing whitespace dropped.
  private static func functionLine(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
    guard let first = line.first else { return nil }
    let isLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
    guard isLetter || first == 0x5F || first == 0x24 else { return nil }
    var name = line.prefix(80)
    while let last = name.last, isGitSpace(last) { name = name.dropLast() }
    return name
  }
}
