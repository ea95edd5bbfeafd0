import PythonSource
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// `--baseline` (issue 20): sites keyed so that edits elsewhere, moves and reformatting keep
/// them, compared by count, written as a stable file and read back strictly.
@Suite struct BaselineTests {
  // MARK: - Statement text

  /// The normalized text of the last statement of `source` (the innermost, under headers).
  static func statementText(_ source: String) -> String {
    let bytes = Array(source.utf8)
    let tokens = PythonLexer.tokenize(bytes).tokens
    let index = ModuleIndex(file: SourceFile(path: "x.py", bytes: bytes), tokens: tokens, moduleName: nil, isPackageInit: false)
    let statement = index.statements.last!
    return StatementText.normalized(tokens, statement.first..<statement.end, in: bytes)
  }

  @Test func formattingDoesNotChangeTheStatementText() {
    let plain = Self.statementText("manager = await create_websocket_manager(ctx, mode)\n")
    #expect(plain == "manager = await create_websocket_manager(ctx, mode)")
    for variant in [
      "manager  =  await create_websocket_manager( ctx , mode )\n",
      "manager = await create_websocket_manager(  # a comment\n    ctx,\n    mode,\n)\n",
      "manager = await create_websocket_manager(ctx, \\\n  mode)\n",
      "if True:\n        manager = await create_websocket_manager(ctx, mode)  # indented\n",
    ] {
      #expect(Self.statementText(variant) == plain, "\(variant)")
    }
    #expect(Self.statementText("manager = await create_websocket_manager(other)\n") != plain)
  }

  @Test func statementTextReadsLikeCode() {
    #expect(Self.statementText("x = f(a)[1].b(*args, k=v)\n") == "x = f(a)[1].b(* args, k = v)")
    #expect(Self.statementText("y = not (a) in [b]\n") == "y = not (a) in [b]")
    #expect(Self.statementText("if x:\n    z = ''.join([a])\n") == "z = ''.join([a])")
    #expect(Self.statementText("from a.b import (c, d,)\n") == "from a.b import (c, d)")
  }

  @Test func aFragmentThatDoesNotLexKeepsItsWordsWithSingleSpaces() {
    #expect(StatementText.normalized(fragment: Array("from m import N\n".utf8)[...]) == "from m import N")
    #expect(StatementText.normalized(fragment: Array("x = '''open\n  and   more".utf8)[...]) == "x = '''open and more")
  }

  @Test func lineNumbersInAMessageAreDropped() {
    #expect(Baseline.withoutLineNumbers("pkg/a.py:12 still imports m; module not removed") == "pkg/a.py still imports m; module not removed")
    #expect(Baseline.withoutLineNumbers("a.py:3:14: x at 10:30") == "a.py: x at 10")
  }

  // MARK: - Sites of a tree

  static let factoryImport = BaselineFixture.factoryImport

  /// The built-in codemod's rewriting phases over `files`, as `discover` runs them, and their sites.
  static func sites(_ files: [String: String]) throws -> [Baseline.Site] {
    let codemod = try GoldenRunner.builtinCodemod()
    let bytes = files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: Array($0.value.utf8)) }
    var workspace = Workspace(root: "/nonexistent", allPaths: bytes.map(\.path), files: bytes).indexed(codemod: codemod, jobs: 1)
    var reports: [PhaseReport] = []
    for phase in codemod.phases where phase.mode == .rewrite {
      let report = PhaseRunner.run(phase, codemod: codemod, workspace: workspace, jobs: 1)
      workspace.apply(report.results)
      reports.append(report)
    }
    return Baseline.sites(of: reports, jobs: 2)
  }

  static let handlers = BaselineFixture.handlers

  @Test func aCallIsOneSiteAndAFindingIsAnother() throws {
    let sites = try Self.sites(["netra_backend/app/routes/ws.py": Self.handlers])
    let call = sites.filter { $0.entry.statement == "manager = await create_websocket_manager(ctx)" }
    // The call and its dropped `await` are two edits of one statement: one site.
    #expect(call.map(\.entry.rule) == ["pending-edit:factory-call"])
    #expect(call.first?.line == 5 && call.first?.column == 15)
    let finding = sites.filter { $0.finding != nil }
    #expect(finding.map(\.entry.rule) == ["unsupported-argument"])
    #expect(finding.first?.entry.statement == "manager = await create_websocket_manager(ctx, user_id = ctx.user_id)")
    #expect(sites.allSatisfy { $0.entry.phase == 2 && $0.entry.occurrence == 1 })
  }

  @Test func editsElsewhereMovesAndReformattingKeepEverySite() throws {
    let before = try Self.sites(["netra_backend/app/routes/ws.py": Self.handlers])
    let after = try Self.sites([
      "netra_backend/app/routes/ws.py": """
        \"\"\"Handlers, documented now.\"\"\"
        import logging
        \(Self.factoryImport)
        log = logging.getLogger(__name__)


        async def notify(ctx, text):
            # Moved above connect, and re-wrapped.
            manager = await create_websocket_manager(
                ctx,
                user_id=ctx.user_id,  # still unsupported
            )
            await manager.send(text)


        class Handlers:
            async def connect(self, ctx):
                if ctx:
                    manager = await create_websocket_manager(ctx,)
                    return manager

        """
    ])
    #expect(!before.isEmpty)
    #expect(Set(after.map(\.entry)) == Set(before.map(\.entry)))
    let comparison = Baseline(codemod: "websocket-ssot", sites: before).compare(after) { _ in true }
    #expect(comparison.new.isEmpty && comparison.fixed.isEmpty)
  }

  @Test func aSecondIdenticalCallIsANewOccurrence() throws {
    let before = try Self.sites(["netra_backend/app/routes/ws.py": Self.handlers])
    let after = try Self.sites([
      "netra_backend/app/routes/ws.py": Self.handlers + BaselineFixture.secondCall
    ])
    let comparison = Baseline(codemod: "websocket-ssot", sites: before).compare(after) { _ in true }
    #expect(comparison.new.map(\.entry) == [
      Baseline.Entry(
        phase: 2, path: "netra_backend/app/routes/ws.py", rule: "pending-edit:factory-call", statement: "manager = await create_websocket_manager(ctx)",
        occurrence: 2)
    ])
    #expect(comparison.new.first?.line == 15)
    #expect(comparison.fixed.isEmpty)
  }

  @Test func aFileLevelFindingIsKeyedByItsMessage() throws {
    // `remove-module` reports each user of the factory module at 1:1 of the module's file.
    let factory = "netra_backend/app/websocket_core/websocket_manager_factory.py"
    let user = "from netra_backend.app.websocket_core import websocket_manager_factory\n\nprint(websocket_manager_factory)\n"
    let before = try Self.sites([factory: "async def create_websocket_manager(ctx):\n    return ctx\n", "tests/test_a.py": user])
    let after = try Self.sites([factory: "\"\"\"Deprecated.\"\"\"\n\nasync def create_websocket_manager(ctx):\n    return ctx\n", "tests/test_a.py": "\n\n" + user])
    let used = before.filter { $0.entry.rule == "module-still-used" }
    #expect(used.map(\.entry.statement) == ["tests/test_a.py still imports netra_backend.app.websocket_core.websocket_manager_factory; module not removed"])
    #expect(Set(after.map(\.entry)) == Set(before.map(\.entry)))
  }

  // MARK: - Comparison

  static func entry(_ statement: String, _ occurrence: Int, phase: Int = 2, path: String = "a.py") -> Baseline.Entry {
    Baseline.Entry(phase: phase, path: path, rule: "pending-edit:factory-call", statement: statement, occurrence: occurrence)
  }

  static func site(_ entry: Baseline.Entry, line: Int) -> Baseline.Site {
    Baseline.Site(entry: entry, line: line, column: 1, message: "m", finding: nil)
  }

  @Test func sitesAreCountedPerStatement() {
    let baseline = Baseline(codemod: "c", entries: [Self.entry("x = f()", 1), Self.entry("x = f()", 2), Self.entry("y = f()", 1)])
    // One of the two `x = f()` is gone, `z = f()` is new, and so is a second `y = f()`.
    let current = [
      Self.site(Self.entry("x = f()", 1), line: 3), Self.site(Self.entry("y = f()", 1), line: 5), Self.site(Self.entry("y = f()", 2), line: 9),
      Self.site(Self.entry("z = f()", 1), line: 7),
    ]
    let comparison = baseline.compare(current) { _ in true }
    #expect(comparison.new.map(\.line) == [7, 9])
    #expect(comparison.fixed == [Self.entry("x = f()", 2)])
    #expect(comparison.compared == 3 && comparison.current == 4)
  }

  @Test func onlyTheSelectedEntriesAreCompared() {
    let baseline = Baseline(codemod: "c", entries: [Self.entry("x = f()", 1), Self.entry("x = f()", 1, phase: 3), Self.entry("x = f()", 1, path: "b.py")])
    let comparison = baseline.compare([]) { $0.phase == 2 && $0.path == "a.py" }
    #expect(comparison.fixed == [Self.entry("x = f()", 1)])
    #expect(comparison.compared == 1)
  }

  // MARK: - The file

  @Test func theFileIsSortedOneSitePerLineAndStable() throws {
    let entries = [
      Self.entry("y = \"é\\n\"", 1, path: "b.py"), Self.entry("x = f()", 2), Self.entry("x = f()", 1), Self.entry("x = f()", 1, phase: 3),
    ]
    let baseline = Baseline(codemod: "websocket-ssot", entries: entries)
    let text = String(decoding: baseline.encoded(), as: UTF8.self)
    #expect(text == """
      {
        "schema": "ssot-migrate/baseline/v1",
        "codemod": "websocket-ssot",
        "sites": [
          {"path": "a.py", "phase": 2, "rule": "pending-edit:factory-call", "occurrence": 1, "statement": "x = f()"},
          {"path": "a.py", "phase": 2, "rule": "pending-edit:factory-call", "occurrence": 2, "statement": "x = f()"},
          {"path": "a.py", "phase": 3, "rule": "pending-edit:factory-call", "occurrence": 1, "statement": "x = f()"},
          {"path": "b.py", "phase": 2, "rule": "pending-edit:factory-call", "occurrence": 1, "statement": "y = \\"é\\\\n\\""}
        ]
      }

      """)
    #expect(Baseline(codemod: "websocket-ssot", entries: entries.reversed()).encoded() == baseline.encoded())
    #expect(try Baseline.decode(baseline.encoded(), file: "b.json") == baseline)
    let empty = Baseline(codemod: "c", entries: [])
    #expect(String(decoding: empty.encoded(), as: UTF8.self) == "{\n  \"schema\": \"ssot-migrate/baseline/v1\",\n  \"codemod\": \"c\",\n  \"sites\": []\n}\n")
    #expect(try Baseline.decode(empty.encoded(), file: "b.json") == empty)
  }

  @Test(arguments: [
    ("", "b.json: the file is empty"),
    ("{\"schema\": ", "b.json: malformed JSON at line 1, column 12"),
    ("[]", "b.json: expected an object with schema, codemod, sites, found an array"),
    ("{\"schema\": \"ssot-migrate/baseline/v2\", \"codemod\": \"c\", \"sites\": []}", "b.json: schema: unsupported schema \"ssot-migrate/baseline/v2\""),
    ("{\"schema\": \"ssot-migrate/baseline/v1\", \"codemod\": \"c\", \"site\": []}", "b.json: site: unknown key 'site'; expected schema, codemod, sites; did you mean 'sites'?"),
    ("{\"schema\": \"ssot-migrate/baseline/v1\", \"codemod\": \"c\"}", "b.json: missing key 'sites'"),
    (#"{"schema": "ssot-migrate/baseline/v1", "codemod": "c", "sites": [{"path": "a.py", "phase": 2, "rule": "r", "occurrence": 0, "statement": ""}]}"#,
     "b.json: sites[0].occurrence: expected a whole number from 1, found the number 0"),
    (#"{"schema": "ssot-migrate/baseline/v1", "codemod": "c", "sites": [{"path": "a.py", "phase": 2, "rule": "r", "occurrence": 1}]}"#,
     "b.json: sites[0]: missing key 'statement'"),
    (#"{"schema": "ssot-migrate/baseline/v1", "codemod": "c", "sites": [{"path": 1, "phase": 2, "rule": "r", "occurrence": 1, "statement": ""}]}"#,
     "b.json: sites[0].path: expected a string, found the number 1"),
    (#"{"schema": "ssot-migrate/baseline/v1", "codemod": "c", "sites": [{"path": "a.py", "phase": 2, "rule": "r", "occurrence": 1, "statement": ""}, {"path": "a.py", "phase": 2, "rule": "r", "occurrence": 1, "statement": ""}]}"#,
     "b.json: sites[1]: repeats sites[0]"),
  ])
  func aBadFileIsRefusedWithItsKeyPath(text: String, message: String) {
    #expect(throws: BaselineError.self) { try Baseline.decode(Array(text.utf8), file: "b.json") }
    do {
      _ = try Baseline.decode(Array(text.utf8), file: "b.json")
    } catch {
      #expect(error.description.hasPrefix(message), "\(error.description)")
    }
  }
}
