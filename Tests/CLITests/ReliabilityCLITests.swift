import Foundation
import Testing

@testable import SSOTMigrate

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile files, paths, file systems, processes and git states, through the BUILT binary on
/// temporary copies of golden-files/sample-repo. Each must give a clear message and leave every
/// file byte-identical (or fully migrated), never half written.
@Suite(.serialized) struct ReliabilityCLITests {
  typealias Repo = CLITests.Repo

  static let services = "netra_backend/app/services"
  /// A file phase 2 rewrites (it calls the deprecated factory).
  static let bridge = "netra_backend/app/services/legacy_bridge.py"
  static let trigger = "from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager\n"

  func write(_ repo: Repo, _ relative: String, _ bytes: [UInt8]) throws {
    let full = repo.path + "/" + relative
    try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: full))
  }

  func commitAll(_ repo: Repo) throws {
    try repo.sh("git", "add", "-A")
    try repo.sh("git", "commit", "-q", "-m", "fixtures")
  }

  // MARK: - Hostile files in a real run

  @Test func hostileFilesAreReportedAndLeftAlone() throws {
    let repo = try Repo()
    let trigger = Array(Self.trigger.utf8)
    let hostile: [String: [UInt8]] = [
      "\(Self.services)/latin1.py": trigger + Array("name = 'caf".utf8) + [0xE9] + Array("'\n".utf8),
      "\(Self.services)/nul.py": trigger + Array("x = 1".utf8) + [0] + [0x0A],
      "\(Self.services)/binary.py": trigger + (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13) },
      "\(Self.services)/empty.py": [],
      "\(Self.services)/bom.py": [0xEF, 0xBB, 0xBF],
      "\(Self.services)/unterminated.py": trigger + Array("x = f'{ctx}\nawait create_websocket_manager(ctx)\n".utf8),
      "\(Self.services)/dedent.py": trigger + Array("if x:\n        a = 1\n    b = 2\n".utf8),
      "\(Self.services)/tabs.py": trigger + Array("if x:\n\ta = 1\n        b = 2\n".utf8),
    ]
    for (path, bytes) in hostile { try write(repo, path, bytes) }
    try commitAll(repo)
    let r = try repo.run("--phase", "2")
    // The phase still applies to the good files; the bad ones are findings.
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("latin1.py:2:12: [invalid-encoding]"), "\(r.stderr)")
    for name in ["nul.py:2", "unterminated.py:2", "dedent.py:4", "tabs.py:4"] {
      #expect(r.stderr.contains("\(Self.services)/\(name)"), "\(name): \(r.stderr)")
    }
    for (path, bytes) in hostile { #expect(try repo.read(path) == bytes, "\(path) changed") }
    #expect(try repo.read(Self.bridge) != (try AtomicWriter.readBytes(CLITests.packageRoot + "/golden-files/sample-repo/" + Self.bridge)))
  }

  // MARK: - Paths

  @Test func unusualPathsGetGitQuotedHeadersThatGitApplies() throws {
    let repo = try Repo()
    let content = try repo.read(Self.bridge)
    let names = ["with space.py", "ünïcödé_模块.py", "quo\"te.py", "apos'trophe.py", "tab\tname.py", "back\\slash.py", "new\nline.py"]
    for name in names { try write(repo, "\(Self.services)/\(name)", content) }
    try commitAll(repo)
    let r = try repo.run("--phase", "2", "--dry-run")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.out.contains("--- \"a/netra_backend/app/services/quo\\\"te.py\""), "\(r.out.prefix(400))")
    #expect(r.out.contains("\"a/netra_backend/app/services/new\\nline.py\""))
    #expect(r.out.contains("\"a/netra_backend/app/services/\\303\\274n"))
    try Data(r.stdout).write(to: URL(fileURLWithPath: repo.path + "/../unusual.patch"))
    try repo.sh("git", "apply", "--check", "../unusual.patch")
    // git applies it to exactly what the tool writes.
    try repo.sh("git", "apply", "../unusual.patch")
    let applied = try repo.snapshot()
    try repo.sh("git", "checkout", "-q", "--", ".")
    let w = try repo.run("--phase", "2")
    #expect(w.status == 0, "\(w.stderr)")
    #expect(try repo.snapshot() == applied)
    #expect(try repo.sh("git", "status", "--porcelain").stdoutText.isEmpty)
  }

  @Test func symlinksAreNeverWrittenThrough() throws {
    let repo = try Repo()
    let content = try repo.read(Self.bridge)
    // A file outside the root, reachable through a symlink inside it.
    let outside = repo.path + "/../outside.py"
    try Data(content).write(to: URL(fileURLWithPath: outside))
    try FileManager.default.createSymbolicLink(atPath: repo.path + "/\(Self.services)/outside_link.py", withDestinationPath: "../../../../outside.py")
    // A link to a file inside the root, and a link to a directory outside it.
    try FileManager.default.createSymbolicLink(atPath: repo.path + "/\(Self.services)/inside_link.py", withDestinationPath: "legacy_bridge.py")
    try FileManager.default.createDirectory(atPath: repo.path + "/../outdir", withIntermediateDirectories: true)
    try Data(content).write(to: URL(fileURLWithPath: repo.path + "/../outdir/m.py"))
    try FileManager.default.createSymbolicLink(atPath: repo.path + "/netra_backend/linked_dir", withDestinationPath: "../../outdir")
    try commitAll(repo)
    let r = try repo.run("--phase", "2")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try AtomicWriter.readBytes(outside) == content, "wrote through a symlink to outside the root")
    #expect(try AtomicWriter.readBytes(repo.path + "/../outdir/m.py") == content, "wrote through a directory symlink")
    // The in-root target is rewritten once, under its own path; the links stay links.
    let migrated = try repo.read(Self.bridge)
    #expect(migrated != content)
    for link in ["\(Self.services)/outside_link.py", "\(Self.services)/inside_link.py", "netra_backend/linked_dir"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: repo.path + "/" + link)
      #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "\(link)")
    }
    #expect(!r.stderr.contains("outside_link.py"), "\(r.stderr)")
    // Named on the command line, the link is still not followed for writing.
    let named = try repo.run("--phase", "2", "--check", "\(Self.services)/outside_link.py")
    #expect(named.status == 2, "\(named.stderr)")
    #expect(named.stderr.contains("outside the root"), "\(named.stderr)")
  }

  @Test func pathsOutsideTheRootAreRejected() throws {
    let repo = try Repo()
    let outside = repo.path + "/../stray.py"
    try Data(Self.trigger.utf8).write(to: URL(fileURLWithPath: outside))
    for args in [["--phase", "2", "--dry-run", outside], ["--phase", "2", "--dry-run", "../stray.py"], ["--phase", "2", "--", "/etc/hostname"]] {
      let r = try repo.run(args[0], args[1], args[2], args[3])
      #expect(r.status == 2, "\(args): \(r.stderr)")
      #expect(r.stderr.contains("outside the root"), "\(r.stderr)")
    }
  }
}
