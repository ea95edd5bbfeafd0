import Foundation
import Testing

@testable import SSOTMigrate

/// Re-exports through any module of the repository (issue 19): calls through a hub, under a
/// new name that only the hub's users spell, are rewritten in a real run, and the hub's own
/// import of the deprecated name goes once its last user is gone, in the same phase.
@Suite(.serialized) struct ReexportTests {
  static let codemod = #"""
    {"schema": "ssot-migrate/codemod/v1", "name": "reexport-test", "roots": [""],
     "phases": [{"number": 2, "name": "calls", "include": ["**/*.py"], "exclude": [],
       "transforms": [{"kind": "replace-call", "id": "factory-call",
         "match": [{"callee": "pkg.factory.create_manager", "async": true}],
         "arguments": {"ctx": {"position": 0, "keyword": "ctx"}},
         "replacement": "Manager(ctx={ctx})", "import": "pkg.manager.Manager"}]}]}
    """#

  static let files = [
    "pkg/__init__.py": "",
    "pkg/factory.py": "async def create_manager(ctx):\n    return ctx\n",
    "pkg/manager.py": "class Manager:\n    def __init__(self, ctx):\n        self.ctx = ctx\n",
    // A hub that calls the factory itself and re-exports it.
    "pkg/hub.py": "from pkg.factory import create_manager\n\n\nasync def own(ctx):\n    return await create_manager(ctx)\n",
    // Imports the factory from the hub, and only calls it.
    "pkg/direct.py": "from pkg.hub import create_manager\n\n\nasync def build(ctx):\n    return await create_manager(ctx)\n",
    // A pure re-export under a new name.
    "pkg/shortcuts.py": "from pkg.factory import create_manager as make\n",
    // Spells no trigger word: found through the re-export's name.
    "pkg/user.py": "from pkg.shortcuts import make\n\n\nasync def build(ctx):\n    return await make(ctx)\n",
  ]

  @Test func callsThroughRenamingReexportsAreRewrittenAndTheHubImportGoes() throws {
    let repo = try GateTests.TinyRepo(Self.files, codemod: Self.codemod)
    let dry = try repo.run("--phase", "2", "--dry-run")
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.out.contains("+++ b/pkg/user.py"), "\(dry.out)")
    #expect(dry.out.contains("+    return Manager(ctx=ctx)"), "\(dry.out)")
    let apply = try repo.run("--phase", "2")
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(try repo.read("pkg/user.py") == "from pkg.manager import Manager\n\n\nasync def build(ctx):\n    return Manager(ctx=ctx)\n")
    // The hub's only user no longer imports the factory from it: the hub's import went in the
    // same phase.
    #expect(try repo.read("pkg/direct.py") == "from pkg.manager import Manager\n\n\nasync def build(ctx):\n    return Manager(ctx=ctx)\n")
    #expect(try repo.read("pkg/hub.py") == "from pkg.manager import Manager\n\n\nasync def own(ctx):\n    return Manager(ctx=ctx)\n")
    // shortcuts.py still re-exports (nothing calls through it any more, and it is no call site).
    #expect(try repo.read("pkg/shortcuts.py") == Self.files["pkg/shortcuts.py"])
    let again = try repo.run("--phase", "2", "--check")
    #expect(again.status == 0, "\(again.stderr)")
  }
}
