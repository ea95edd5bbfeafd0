#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads and replaces source files with POSIX calls.
///
/// A write goes to a temp file in the same directory, is fsynced, gets the original's permission
/// bits and is renamed over the target, so a crash or a full disk leaves either the old file or
/// the new one, never half of each (swift-format's `.atomic`; LibCST's `open("wb")` can truncate).
public enum AtomicWriter {
  /// Removes the file at `path` (one unlink: atomic), refusing a read-only file as `write` does.
  public static func remove(_ path: String) throws(FileIOError) {
    var info = stat()
    guard lstat(path, &info) == 0 else { throw FileIOError(path: path, operation: "remove", errno: errno) }
    if (info.st_mode & S_IFMT) != S_IFLNK && (info.st_mode & S_IWUSR) == 0 {
      throw FileIOError(path: path, operation: "remove", errno: EACCES, reason: "the file is read-only")
    }
    guard unlink(path) == 0 else { throw FileIOError(path: path, operation: "remove", errno: errno) }
  }

  /// Replaces `path` with `bytes`, keeping its permission bits. A file without its owner's
  /// write bit is refused: rename(2) could replace it, but its owner marked it read-only.
  public static func write(_ bytes: [UInt8], to path: String) throws(FileIOError) {
    // Through a symlink, replace the file it points to and keep the link.
    var path = path
    if let target = realpath(path, nil) {
      var link = stat()
      if lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK { path = String(cString: target) }
      free(target)
    }
    var original = stat()
    let exists = lstat(path, &original) == 0
    if !exists && errno != ENOENT { throw FileIOError(path: path, operation: "write", errno: errno) }
    if exists {
      if (original.st_mode & S_IFMT) == S_IFDIR {
        throw FileIOError(path: path, operation: "write", errno: EISDIR)
      }
      if (original.st_mode & S_IWUSR) == 0 {
        throw FileIOError(
          path: path, operation: "write", errno: EACCES, reason: "the file is read-only")
      }
    }

    let (directory, name) = split(path)
    let temp = "\(directory)/.\(name).ssot-migrate-\(getpid())-\(randomSuffix()).tmp"
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw FileIOError(path: path, operation: "write", errno: errno) }

    func fail(_ operation: String, _ code: Int32) -> FileIOError {
      close(fd)
      unlink(temp)
      return FileIOError(path: path, operation: operation, errno: code)
    }

    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress! + offset, bytes.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        throw fail("write", errno)
      }
      offset += n
    }
    // A new file gets the usual rw-r--r-- less the umask; an existing one keeps its bits
    // (including the executable bits of a script).
    let mode = exists ? original.st_mode & 0o7777 : 0o666 & ~currentUmask()
    if fchmod(fd, mode) != 0 { throw fail("write", errno) }
    if fsync(fd) != 0 { throw fail("write", errno) }
    if close(fd) != 0 {
      let code = errno
      unlink(temp)
      throw FileIOError(path: path, operation: "write", errno: code)
    }
    if rename(temp, path) != 0 {
      let code = errno
      unlink(temp)
      throw FileIOError(path: path, operation: "write", errno: code)
    }
    // Make the rename itself durable; a failure here loses nothing already written.
    let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dirFD >= 0 {
      _ = fsync(dirFD)
      close(dirFD)
    }
  }

  /// Removes the temp files a killed writer left next to `path` (`.<name>.ssot-migrate-*.tmp`);
  /// returns how many. Only a crash between creating the temp file and renaming it leaves one.
  @discardableResult
  public static func removeStaleTemporaries(of path: String) -> Int {
    let (directory, name) = split(path)
    let prefix = ".\(name).ssot-migrate-"
    guard let handle = opendir(directory) else { return 0 }
    var stale: [String] = []
    while let entry = readdir(handle) {
      let entryName = withUnsafePointer(to: &entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if entryName.hasPrefix(prefix) && entryName.hasSuffix(".tmp") { stale.append(entryName) }
    }
    closedir(handle)
    var removed = 0
    for entryName in stale where unlink(directory + "/" + entryName) == 0 { removed += 1 }
    return removed
  }

  /// Reads the file into `buffer` (grown as needed, never shrunk: one buffer serves a worker's
  /// many files) and returns how many bytes it holds.
  /// `path` is relative to the open directory `directory` (`AT_FDCWD`: to the working
  /// directory, or absolute): the run opens its root once, and the kernel does not walk the
  /// root's own components again for each of thousands of files.
  static func readFile(_ path: String, relativeTo directory: Int32 = AT_FDCWD, into buffer: inout [UInt8]) throws(FileIOError) -> Int {
    // Room to spare, so that the buffer serves the worker's next files too.
    try readWhole(path, relativeTo: directory, into: &buffer) { size in size * 2 + 4096 }
  }

  /// The whole file, in an array of its own size.
  public static func readBytes(_ path: String) throws(FileIOError) -> [UInt8] {
    var result: [UInt8] = []
    let count = try readWhole(path, relativeTo: AT_FDCWD, into: &result) { size in size + 1 }
    result.removeSubrange(count...)
    return result
  }

  /// open, fstat, then read into `buffer` until the end; when `buffer` cannot hold the file's
  /// size and one byte more, it is replaced by `allocation(size)` zeros first.
  private static func readWhole(
    _ path: String, relativeTo directory: Int32, into buffer: inout [UInt8], allocation: (Int) -> Int
  ) throws(FileIOError) -> Int {
    let fd = openat(directory, path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileIOError(path: path, operation: "read", errno: errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileIOError(path: path, operation: "read", errno: errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileIOError(path: path, operation: "read", errno: EISDIR)
    }
    let isRegular = (info.st_mode & S_IFMT) == S_IFREG
    let size = max(Int(info.st_size), 0)
    if buffer.count < size + 1 { buffer = [UInt8](repeating: 0, count: allocation(size)) }
    var count = 0
    while true {
      if count == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
      let capacity = buffer.count - count
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, capacity) }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileIOError(path: path, operation: "read", errno: errno)
      }
      if n == 0 { break }
      count += n
      // A regular file reads short only at its end: no second call to be told so (a read per
      // file saved). A file that grows meanwhile is read as it was, as by any one read.
      if isRegular && n < capacity { break }
    }
    return count
  }

  private static func split(_ path: String) -> (directory: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let directory = slash == path.startIndex ? "/" : String(path[..<slash])
    return (directory, String(path[path.index(after: slash)...]))
  }

  private static func randomSuffix() -> String {
    String(UInt64.random(in: 0...UInt64.max), radix: 36)
  }

  /// umask can only be read by setting it; the engine writes from one thread, so the brief
  /// change is harmless.
  private static func currentUmask() -> mode_t {
    let mask = umask(0o022)
    umask(mask)
    return mask
  }
}

/// `write(2)`, named apart from `AtomicWriter.write` so the call inside it resolves.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}
