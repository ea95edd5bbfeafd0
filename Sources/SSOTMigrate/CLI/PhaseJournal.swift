import Foundation

/// The record of a phase being written, so an interrupted run (SIGKILL, power loss) can be
/// detected and undone: `<git-dir>/ssot-migrate-journal` (or `<root>/.ssot-migrate-journal`
/// outside git) names the phase, the commit it started from, and every file the phase writes;
/// the original bytes of those files are copied under `ssot-migrate-backup/` next to it before
/// the first write. It is removed once the phase is committed (or rolled back).
struct PhaseJournal {
  let journalPath: String
  let backupDirectory: String

  init(context: RepositoryContext) {
    if let gitDir = context.gitDirectory {
      journalPath = gitDir + "/ssot-migrate-journal"
      backupDirectory = gitDir + "/ssot-migrate-backup"
    } else {
      journalPath = context.root + "/.ssot-migrate-journal"
      backupDirectory = context.root + "/.ssot-migrate-backup"
    }
  }

  struct Entry {
    var phase: Int
    var name: String
    var head: String?
    var files: [String]
  }

  var exists: Bool { FileManager.default.fileExists(atPath: journalPath) }

  /// Copies the originals, then writes the journal (so a journal always has its backups).
  func begin(_ entry: Entry, originals: [String: [UInt8]]) throws(FileIOError) {
    try? FileManager.default.removeItem(atPath: backupDirectory)
    for path in entry.files {
      let target = backupDirectory + "/" + path
      let directory = (target as NSString).deletingLastPathComponent
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      } catch {
        throw FileIOError(path: directory, operation: "create", errno: EIO, reason: "\(error)")
      }
      try AtomicWriter.write(originals[path] ?? [], to: target)
    }
    var members: [(key: String, value: JSONValue)] = [
      ("schema", "ssot-migrate/journal/v1"),
      ("phase", .int(entry.phase)),
      ("name", .string(entry.name)),
      ("head", entry.head.map { JSONValue.string($0) } ?? .null),
      ("backup", .string(backupDirectory)),
    ]
    members.append(("files", .array(entry.files.map { .string($0) })))
    try AtomicWriter.write(JSONWriter.bytes(.object(members), pretty: true) + [0x0A], to: journalPath)
  }

  func read() -> Entry? {
    guard let bytes = try? AtomicWriter.readBytes(journalPath),
      let value = try? JSONParser.parse(bytes)
    else { return nil }
    var entry = Entry(phase: 0, name: "", head: nil, files: [])
    if case .number(let n)? = value["phase"] { entry.phase = Int(n) ?? 0 }
    if case .string(let s)? = value["name"] { entry.name = s }
    if case .string(let s)? = value["head"] { entry.head = s }
    if case .array(let files)? = value["files"] {
      entry.files = files.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }
    return entry
  }

  func backup(of path: String) throws(FileIOError) -> [UInt8] {
    try AtomicWriter.readBytes(backupDirectory + "/" + path)
  }

  /// Removes the temp files a killed run left next to the phase's files and the journal.
  func removeStaleTemporaries(_ entry: Entry?, root: String) {
    for path in entry?.files ?? [] { AtomicWriter.removeStaleTemporaries(of: root + "/" + path) }
    AtomicWriter.removeStaleTemporaries(of: journalPath)
  }

  /// Removes the journal first (the backups are only meaningful with it), then the backups.
  func finish() {
    unlink(journalPath)
    try? FileManager.default.removeItem(atPath: backupDirectory)
  }
}
