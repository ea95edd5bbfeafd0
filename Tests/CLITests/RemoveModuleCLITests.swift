import Foundation
import Testing

@testable import SSOTMigrate

/// `remove-module` through the command line: the dry run shows the deletion as git does, and
/// applying removes the file (not an empty file left behind) in the phase's commit.
@Suite(.serialized) struct RemoveModuleCLITests {
  static let codemod = #"""
    {"schema": "ssot-migrate/codemod/v1", "name": "remove-test", "roots": [""],
     "phases": [{"number": 2, "name": "remove", "include": ["**/*.py"], "exclude": [],
       "transforms": [{"kind": "remove-module", "id": "rm", "module": "pkg.old"}]}]}
    """#

  static let files = [
    "pkg/__init__.py": "",
    "pkg/old.py": "class Thing:\n    pass\n",
    "pkg/user.py": "from pkg.new import Thing\n\nprint(Thing)\n",
    "pkg/new.py": "class Thing:\n    pass\n",
  ]

  @Test func dryRunShowsTheDeletionAndApplyRemovesTheFile() throws {
    let repo = try GateTests.TinyRepo(Self.files, codemod: Self.codemod)
    let dry = try repo.run("--phase", "2", "--dry-run")
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.out.contains("diff --git a/pkg/old.py b/pkg/old.py\ndeleted file mode 100644\n--- a/pkg/old.py\n+++ /dev/null\n"), "\(dry.out)")
    try Array(dry.stdout).write(to: repo.path + "/../remove.patch")
    try repo.sh("git", "apply", "--check", "../remove.patch")

    let apply = try repo.run("--phase", "2")
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/pkg/old.py"))
    #expect(try repo.commits() == 2)
    #expect(try repo.sh("git", "ls-files", "pkg/old.py").stdoutText.isEmpty)
    #expect(try repo.sh("git", "status", "--porcelain").stdoutText.isEmpty)
  }
}
