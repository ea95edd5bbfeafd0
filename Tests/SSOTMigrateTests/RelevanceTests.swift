import Testing

@testable import SSOTMigrate

/// Files that spell a trigger but that the index facts show a transform cannot act on are not
/// analysed: the counts of lexed files prove it, the results show nothing was lost.
@Suite struct RelevanceTests {
  let codemod: Codemod

  init() throws {
    codemod = try CodemodLoader.load(json: Array(BuiltinCodemod.json.utf8), source: BuiltinCodemod.source, registry: TransformRegistry.all)
  }

  func workspace(_ files: [String: String]) -> Workspace {
    let sorted = files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: Array($0.value.utf8)) }
    return Workspace(root: "/nonexistent-ssot-relevance", allPaths: sorted.map(\.path), files: sorted).indexed(codemod: codemod, jobs: 1)
  }

  func phase(_ number: Int) -> Phase { codemod.phases.first { $0.number == number }! }

  @Test func replaceDefinitionOnlyAnalysesTheDuplicatesModule() {
    let ws = workspace([
      "netra_backend/app/core/interfaces_websocket.py": "class WebSocketManagerProtocol:\n    pass\n",
      "netra_backend/app/websocket_core/protocols.py": "class WebSocketManagerProtocol:\n    pass\n",
      "netra_backend/app/routes/a.py": "from netra_backend.app.websocket_core.protocols import WebSocketManagerProtocol\nx: WebSocketManagerProtocol\n",
      "netra_backend/app/routes/b.py": "from netra_backend.app.websocket_core.protocols import WebSocketManagerProtocol\ny: WebSocketManagerProtocol\n",
    ])
    let report = PhaseRunner.run(phase(2), codemod: codemod, workspace: ws, jobs: 1)
    #expect(report.changed.map(\.path) == ["netra_backend/app/core/interfaces_websocket.py"])
    #expect(report.filesLexed == 1)
  }

  @Test func moveImportSkipsFilesThatOnlyMentionTheName() {
    let ws = workspace([
      "netra_backend/app/websocket_core/unified_manager.py": "class UnifiedWebSocketManager:\n    pass\n",
      "netra_backend/app/websocket_core/websocket_manager.py": "from .unified_manager import UnifiedWebSocketManager as WebSocketManager\n",
      "netra_backend/app/routes/comment.py": "# UnifiedWebSocketManager is gone; see websocket_manager\nX = 1\n",
      "netra_backend/app/routes/user.py": "from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager\nm = UnifiedWebSocketManager()\n",
    ])
    let report = PhaseRunner.run(phase(3), codemod: codemod, workspace: ws, jobs: 1)
    #expect(report.changed.map(\.path).contains("netra_backend/app/routes/user.py"))
    #expect(!report.results.contains { $0.path == "netra_backend/app/routes/comment.py" })
    #expect(report.filesLexed < 4)
  }

  /// `move-import` is relevant exactly when an import or a dotted string can reach a moved name:
  /// the moved name itself, a module on its path (`from pkg import module`, `import pkg.module`),
  /// or a string naming it or something inside it. Its short-name and length tests before the
  /// lookups must not lose any of these.
  @Test func moveImportRelevanceFromEveryFormOfImportAndString() throws {
    let move = try #require(phase(3).transforms.compactMap { $0 as? MoveImport }.first)
    func relevant(_ source: String) -> Bool? {
      move.isRelevant(RepositoryIndex.FileFacts.scan(path: "netra_backend/app/routes/x.py", bytes: Array(source.utf8), roots: [""]))
    }
    let core = "netra_backend.app.websocket_core"
    #expect(relevant("from \(core).unified_manager import UnifiedWebSocketManager\n") == true)
    #expect(relevant("from \(core).unified_manager import UnifiedWebSocketManager as M\n") == true)
    #expect(relevant("from \(core) import unified_manager\n") == true)
    #expect(relevant("from netra_backend.app import websocket_core\n") == true)
    #expect(relevant("from ..websocket_core import unified_manager\n") == true)
    #expect(relevant("import \(core).unified_manager as um\n") == true)
    #expect(relevant("import netra_backend\n") == true)
    #expect(relevant("p = '\(core).unified_manager.UnifiedWebSocketManager'\n") == true)
    #expect(relevant("p = '\(core).unified_manager.UnifiedWebSocketManager.connect'\n") == true)
    // The canonical import, other names of the same modules, and strings that only share a prefix.
    #expect(relevant("from \(core).websocket_manager import WebSocketManager\n") == false)
    #expect(relevant("from \(core).unified_manager import UnifiedWebSocketManagerError\n") == false)
    // `websocket_manager` itself holds moved names (its duplicate protocol and mode).
    #expect(relevant("from \(core) import websocket_manager\n") == true)
    #expect(relevant("from \(core) import protocols\n") == false)
    #expect(relevant("import os.path\nfrom typing import Any\n") == false)
    #expect(relevant("p = '\(core).unified_manager.UnifiedWebSocketManagerX'\n") == false)
    #expect(relevant("p = '\(core).websocket_manager.WebSocketManager'\n") == false)
  }

  /// `remove-module` and `replace-definition` act on their own modules only: other files are
  /// not analysed for them, whatever they spell and whether or not a transform before them in
  /// the phase changed the text (the index facts describe the text before the phase).
  @Test func transformsOfOneModuleSkipEveryOtherFile() throws {
    let remove = try #require(phase(4).transforms.compactMap { $0 as? RemoveModule }.first)
    let alias = try #require(phase(2).transforms.compactMap { $0 as? ReplaceDefinition }.first)
    let index = RepositoryIndex.build(files: [], roots: codemod.roots)
    let user = "tests/unit/test_x.py"
    let text = Array("# websocket_manager_factory is gone; WebSocketManagerProtocol too\nX = 1\n".utf8)
    for transform in [remove as any Transform, alias] {
      let pipeline = FilePipeline(transforms: [transform], roots: codemod.roots, repository: index, phase: 4)
      let result = pipeline.run(path: user, bytes: text)
      #expect(result.prefiltered, "\(transform.id) analysed \(user)")
    }
    let own = FilePipeline(transforms: [remove], roots: codemod.roots, repository: index, phase: 4)
      .run(path: "netra_backend/app/websocket_core/websocket_manager_factory.py", bytes: Array("X = 1\n".utf8))
    #expect(!own.prefiltered && own.deleted)
    #expect(remove.modulesActedOn == [remove.module])
    #expect(alias.modulesActedOn == ["netra_backend.app.core.interfaces_websocket"])
  }

  /// The index records which candidates each phase's globs include; a phase with other globs,
  /// even under a codemod phase's number, is answered from its own globs, and the record follows
  /// the workspace when a phase deletes a file.
  @Test func phaseMembershipFollowsTheGlobsAndDeletions() throws {
    let factory = "netra_backend/app/websocket_core/websocket_manager_factory.py"
    let ws = workspace([
      factory: "async def create_websocket_manager(user_context):\n    pass\n",
      "netra_backend/app/websocket_core/websocket_manager.py": "class WebSocketManager:\n    pass\n",
      "netra_backend/app/routes/a.py": "from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager\n\nasync def f(ctx):\n    return await create_websocket_manager(ctx)\n",
      "tests/unit/test_a.py": "from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager\n\nasync def test(ctx):\n    return await create_websocket_manager(ctx)\n",
    ])
    let two = phase(2)
    #expect(PhaseRunner.run(two, codemod: codemod, workspace: ws, jobs: 1).changed.map(\.path) == ["netra_backend/app/routes/a.py"])
    let testsOnly = Phase(
      number: 2, name: "tests-only", mode: .rewrite, include: [try PathGlob("tests/**")], exclude: [], gate: nil,
      transforms: two.transforms)
    #expect(PhaseRunner.run(testsOnly, codemod: codemod, workspace: ws, jobs: 1).changed.map(\.path) == ["tests/unit/test_a.py"])
    // After phase 2, phase 4 migrates the test and deletes the factory module nothing uses any
    // more: every pass sees exactly the files its globs include.
    var after = ws
    after.apply(PhaseRunner.run(two, codemod: codemod, workspace: after, jobs: 1).results)
    let four = PhaseRunner.run(phase(4), codemod: codemod, workspace: after, jobs: 1)
    after.apply(four.results)
    #expect(!after.files.contains { $0.path == factory })
    #expect(after.phaseMembership[[two.include, two.exclude]]?.count == after.files.count)
    func passed(_ phase: Phase) -> [String] {
      PhaseRunner.pass(phase.transforms, phase: phase, codemod: codemod, workspace: after, jobs: 1).map(\.path)
    }
    #expect(passed(two) == ["netra_backend/app/routes/a.py", "netra_backend/app/websocket_core/websocket_manager.py"])
    #expect(passed(testsOnly) == ["tests/unit/test_a.py"])
    #expect(passed(phase(4)) == ["tests/unit/test_a.py"])
  }
}
