#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file the tool could not read or write: which file, what it was doing, the system's reason
/// and, where there is an obvious one, what to do about it.
public struct FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  /// "read", "write", "create", "rename", ...
  public let operation: String
  public let errno: Int32
  /// A custom reason instead of `strerror(errno)`, for failures the system did not report.
  public let reason: String?

  public init(path: String, operation: String, errno: Int32, reason: String? = nil) {
    self.path = path
    self.operation = operation
    self.errno = errno
    self.reason = reason
  }

  /// The system's message for `errno`.
  public var errnoMessage: String { reason ?? String(cString: strerror(errno)) }

  public var description: String {
    var text = "cannot \(operation) \(path): \(errnoMessage)"
    if let hint { text += " (\(hint))" }
    return text
  }

  private var hint: String? {
    switch errno {
    case EACCES, EPERM:
      return operation == "read"
        ? "make it readable or exclude it" : "make it writable or exclude it"
    case EROFS: return "the file system is read-only; run on a writable checkout"
    case ENOSPC, EDQUOT: return "free some disk space and run again"
    case ENOENT: return operation == "read" ? "it was removed or renamed while the tool ran" : nil
    case EISDIR: return "a directory is in the way"
    default: return nil
    }
  }
}
