import Foundation
import Testing

@testable import SSOTMigrate

@Suite struct ProcessRunnerTests {
  @Test func capturesStatusAndBothStreams() throws {
    let result = try ProcessRunner.run(
      "sh", ["-c", "printf out; printf err >&2; exit 3"], cwd: nil)
    #expect(result.status == 3)
    #expect(result.stdout == Array("out".utf8))
    #expect(result.stderr == Array("err".utf8))
    #expect(!result.succeeded)
  }

  @Test func runsInTheGivenDirectory() throws {
    let dir = try TemporaryDirectory("runner-cwd")
    defer { withExtendedLifetime(dir) {} }
    let result = try ProcessRunner.run("pwd", [], cwd: dir.path)
    #expect(result.stdoutText.trimmingCharacters(in: .newlines) == dir.path)
  }

  @Test func missingWorkingDirectoryIsNamed() {
    #expect {
      try ProcessRunner.run("true", [], cwd: "/nonexistent/ssot-migrate")
    } throws: { error in
      String(describing: error) == "cannot run true in /nonexistent/ssot-migrate: No such file or directory"
    }
  }

  @Test func largeOutputsOnBothStreamsDoNotDeadlock() throws {
    // 2 MB on stdout interleaved with 2 MB on stderr: far beyond a pipe's 64 KiB buffer.
    let script = """
      i=0
      while [ $i -lt 32 ]; do
        head -c 65536 /dev/zero | tr '\\0' 'o'
        head -c 65536 /dev/zero | tr '\\0' 'e' >&2
        i=$((i+1))
      done
      """
    let result = try ProcessRunner.run("sh", ["-c", script], cwd: nil)
    #expect(result.status == 0)
    #expect(result.stdout.count == 2 * 1024 * 1024)
    #expect(result.stderr.count == 2 * 1024 * 1024)
    #expect(result.stdout.allSatisfy { $0 == UInt8(ascii: "o") })
  }

  @Test func largeStdinWhileProducingOutput() throws {
    let input = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0) }
    let result = try ProcessRunner.run("cat", [], cwd: nil, stdin: input)
    #expect(result.status == 0)
    #expect(result.stdout == input)
  }

  @Test func childThatIgnoresStdinDoesNotKillUs() throws {
    let input = [UInt8](repeating: 0x61, count: 1_000_000)
    let result = try ProcessRunner.run("true", [], cwd: nil, stdin: input)
    #expect(result.status == 0)
  }

  @Test func environmentReplacesTheInheritedOne() throws {
    let result = try ProcessRunner.run(
      "sh", ["-c", "printf %s \"$SSOT_TEST_VALUE\""], cwd: nil,
      environment: ["SSOT_TEST_VALUE": "set", "PATH": "/usr/bin:/bin"])
    #expect(result.stdoutText == "set")
  }

  @Test func childKilledByASignalReports128PlusTheSignal() throws {
    let result = try ProcessRunner.run("sh", ["-c", "kill -TERM $$"], cwd: nil)
    #expect(result.status == 128 + SIGTERM)
  }

  @Test func directoryWithSpacesAndQuotes() throws {
    let dir = try TemporaryDirectory("runner cwd 'quoted' \"dir\"")
    defer { withExtendedLifetime(dir) {} }
    let result = try ProcessRunner.run("pwd", [], cwd: dir.path)
    #expect(result.stdoutText.trimmingCharacters(in: .newlines) == dir.path)
    // The fallback for systems without posix_spawn_file_actions_addchdir_np.
    let viaShell = try ProcessRunner.run("pwd", [], cwd: dir.path, stdin: nil, environment: nil, shellChangesDirectory: true)
    #expect(viaShell.stdoutText.trimmingCharacters(in: .newlines) == dir.path)
    let missing = try ProcessRunner.run("ssot-migrate-no-such-tool", [], cwd: dir.path, stdin: nil, environment: nil, shellChangesDirectory: true)
    #expect(missing.status == 127)
  }

  @Test func childSeesNoneOfOurPipes() throws {
    // Only fds 0-2 reach the child: a leaked pipe end would keep another child's reader waiting.
    let result = try ProcessRunner.run("sh", ["-c", "ls /proc/self/fd | wc -l"], cwd: nil)
    #expect(Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)).map { $0 <= 4 } == true, "\(result.stdoutText)")
  }

  @Test func missingExecutableExitsWith127() throws {
    let result = try ProcessRunner.run("ssot-migrate-no-such-tool", [], cwd: nil)
    #expect(result.status == 127)
  }

  @Test func whichFindsExecutablesOnPath() throws {
    let dir = try TemporaryDirectory("runner-which")
    defer { withExtendedLifetime(dir) {} }
    let plain = try dir.write("plain", "not a program\n")
    #expect(chmod(plain, 0o644) == 0)
    #expect(ProcessRunner.which(plain) == nil)
    #expect(ProcessRunner.which("sh") != nil)
    #expect(ProcessRunner.which("sh")?.hasSuffix("/sh") == true)
    #expect(ProcessRunner.which("ssot-migrate-no-such-tool") == nil)
    #expect(ProcessRunner.which("/bin/sh") == "/bin/sh")
  }
}
