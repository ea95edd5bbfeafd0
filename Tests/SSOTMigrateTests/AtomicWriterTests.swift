import Foundation
import Testing

@testable import SSOTMigrate

@Suite struct AtomicWriterTests {
  private func mode(_ path: String) -> mode_t {
    var info = stat()
    #expect(stat(path, &info) == 0)
    return info.st_mode & 0o7777
  }

  @Test func contentRoundTrip() throws {
    let dir = try TemporaryDirectory("atomic")
    defer { withExtendedLifetime(dir) {} }
    let path = dir.url("m.py")
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("x = 1\r\n".utf8) + [0xE9, 0x00, 0x0A]
    try AtomicWriter.write(bytes, to: path)
    #expect(try AtomicWriter.readBytes(path) == bytes)
    try AtomicWriter.write([], to: path)
    #expect(try AtomicWriter.readBytes(path) == [])
    let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try AtomicWriter.write(big, to: path)
    #expect(try AtomicWriter.readBytes(path) == big)
    #expect(try dir.entries() == ["m.py"])
  }

  @Test(arguments: [0o640, 0o755, 0o600] as [mode_t])
  func permissionBitsAreKept(_ bits: mode_t) throws {
    let dir = try TemporaryDirectory("atomic-mode")
    defer { withExtendedLifetime(dir) {} }
    let path = try dir.write("tool.py", "old\n")
    #expect(chmod(path, bits) == 0)
    try AtomicWriter.write(Array("new\n".utf8), to: path)
    #expect(mode(path) == bits)
    #expect(try dir.read("tool.py") == Array("new\n".utf8))
  }

  @Test func newFileGetsUsualMode() throws {
    let dir = try TemporaryDirectory("atomic-new")
    defer { withExtendedLifetime(dir) {} }
    let path = dir.url("new.py")
    try AtomicWriter.write(Array("x\n".utf8), to: path)
    let mask = umask(0o022)
    umask(mask)
    #expect(mode(path) == 0o666 & ~mask)
  }

  /// Makes `dir` unwritable: chmod for a normal user; root ignores permission bits, so for
  /// root the immutable attribute (ext4 and most Linux file systems), when `chattr` can set it.
  static func makeReadOnly(_ dir: String) -> Bool {
    if geteuid() != 0 { return chmod(dir, 0o555) == 0 }
    return (try? ProcessRunner.run("chattr", ["+i", dir], cwd: nil))?.status == 0
  }

  static func makeWritable(_ dir: String) {
    if geteuid() == 0 { _ = try? ProcessRunner.run("chattr", ["-i", dir], cwd: nil) }
    chmod(dir, 0o755)
  }

  static let canMakeDirectoriesReadOnly: Bool = {
    guard let dir = try? TemporaryDirectory("atomic-probe") else { return false }
    defer { makeWritable(dir.path) }
    return makeReadOnly(dir.path) && creat(dir.url("probe"), 0o644) < 0
  }()

  @Test(.enabled(if: canMakeDirectoriesReadOnly, "needs chmod as a user or chattr as root"))
  func readOnlyDirectoryFailsCleanly() throws {
    let dir = try TemporaryDirectory("atomic-ro")
    defer { withExtendedLifetime(dir) {} }
    let path = try dir.write("pkg/m.py", "original\n")
    #expect(Self.makeReadOnly(dir.url("pkg")))
    defer { Self.makeWritable(dir.url("pkg")) }
    #expect {
      try AtomicWriter.write(Array("new\n".utf8), to: path)
    } throws: { error in
      String(describing: error).hasPrefix("cannot write \(path): ")
    }
    #expect(try dir.entries("pkg") == ["m.py"])
    #expect(try dir.read("pkg/m.py") == Array("original\n".utf8))
  }

  @Test func readOnlyFileIsRefusedWithAHint() throws {
    let dir = try TemporaryDirectory("atomic-rofile")
    defer { withExtendedLifetime(dir) {} }
    let path = try dir.write("m.py", "original\n")
    #expect(chmod(path, 0o444) == 0)
    #expect {
      try AtomicWriter.write(Array("new\n".utf8), to: path)
    } throws: { error in
      let text = String(describing: error)
      return text.contains("m.py") && text.contains("make it writable or exclude it")
    }
    #expect(try dir.entries() == ["m.py"])
    #expect(try dir.read("m.py") == Array("original\n".utf8))
  }

  @Test func failedRenameRemovesTheTempFile() throws {
    // A non-empty directory where the file should go: the temp file is written, rename fails.
    let dir = try TemporaryDirectory("atomic-rename")
    defer { withExtendedLifetime(dir) {} }
    try dir.write("m.py/inside.txt", "keep\n")
    #expect(throws: FileIOError.self) { try AtomicWriter.write(Array("new\n".utf8), to: dir.url("m.py")) }
    #expect(try dir.entries() == ["m.py"])
    #expect(try dir.entries("m.py") == ["inside.txt"])
  }

  @Test func missingDirectoryFails() throws {
    let dir = try TemporaryDirectory("atomic-missing")
    defer { withExtendedLifetime(dir) {} }
    #expect {
      try AtomicWriter.write(Array("x".utf8), to: dir.url("no/such/m.py"))
    } throws: { error in
      (error as? FileIOError)?.errno == ENOENT
    }
  }

  @Test func writingThroughASymlinkKeepsTheLink() throws {
    let dir = try TemporaryDirectory("atomic-link")
    defer { withExtendedLifetime(dir) {} }
    try dir.write("real.py", "old\n")
    #expect(symlink("real.py", dir.url("link.py")) == 0)
    try AtomicWriter.write(Array("new\n".utf8), to: dir.url("link.py"))
    #expect(try dir.read("real.py") == Array("new\n".utf8))
    var info = stat()
    #expect(lstat(dir.url("link.py"), &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
  }

  @Test func readErrorsNameThePath() throws {
    let dir = try TemporaryDirectory("atomic-read")
    defer { withExtendedLifetime(dir) {} }
    #expect {
      try AtomicWriter.readBytes(dir.url("absent.py"))
    } throws: { error in
      String(describing: error).hasPrefix("cannot read \(dir.url("absent.py")): No such file or directory")
    }
    #expect(throws: FileIOError.self) { try AtomicWriter.readBytes(dir.path) }
  }
}

@Suite struct StaleTemporaryTests {
  @Test func removesOnlyTheTempFilesOfTheNamedFile() throws {
    let dir = try TemporaryDirectory("stale")
    try dir.write("a.py", "x = 1\n")
    try dir.write(".a.py.ssot-migrate-123-abc.tmp", "x = ")
    try dir.write(".b.py.ssot-migrate-123-abc.tmp", "y = ")
    try dir.write(".a.py.other.tmp", "z")
    #expect(AtomicWriter.removeStaleTemporaries(of: dir.url("a.py")) == 1)
    #expect(try dir.entries() == [".a.py.other.tmp", ".b.py.ssot-migrate-123-abc.tmp", "a.py"])
  }
}
