import Foundation
import SSOTMigrate

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `FileWriter` that writes as the real one does, except at one file, where it plays another
/// process or a failing disk at the moment the apply path is most exposed: after the run read
/// the file, before it writes over it. It records the writes it let through, so that a test can
/// tell that the rollback had written files to restore.
final class FaultInjectingFileWriter: FileWriter, @unchecked Sendable {
  enum Fault: Sendable {
    /// Someone appends `FaultInjectingFileWriter.concurrentEdit` to the file just before the
    /// run reads it back to check it.
    case changedBeforeWrite
    /// Someone deletes the file just before the run reads it back.
    case deletedBeforeWrite
    /// Writing the file fails (as a full disk or an I/O error would).
    case writeFails
  }

  /// The line `changedBeforeWrite` appends.
  static let concurrentEdit = Array("# concurrent edit\n".utf8)

  let fault: Fault
  /// The absolute, symlink-free path of the file the fault hits, as the run names it (the
  /// repository's real root + "/" + the relative path).
  let path: String
  private let real = AtomicFileWriter()
  private let lock = NSLock()
  private var writesSoFar: [String] = []

  /// The paths written through this writer (the phase's writes, then the rollback's), in order.
  var writes: [String] { lock.withLock { writesSoFar } }

  init(_ fault: Fault, at path: String) {
    self.fault = fault
    self.path = path
  }

  func read(_ path: String) throws(FileIOError) -> [UInt8] {
    // The run reads a file back once before writing it (and once more only for a rollback of a
    // file it wrote, which this one never is: the fault stops the phase at it).
    if path == self.path {
      switch fault {
      case .changedBeforeWrite: try real.write(try real.read(path) + Self.concurrentEdit, to: path)
      case .deletedBeforeWrite: unlink(path)
      case .writeFails: break
      }
    }
    return try real.read(path)
  }

  func write(_ bytes: [UInt8], to path: String) throws(FileIOError) {
    if path == self.path, case .writeFails = fault {
      throw FileIOError(path: path, operation: "write", errno: EIO, reason: "simulated failure")
    }
    try real.write(bytes, to: path)
    lock.withLock { writesSoFar.append(path) }
  }

  func remove(_ path: String) throws(FileIOError) {
    try real.remove(path)
  }
}
