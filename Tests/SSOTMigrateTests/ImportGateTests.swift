import Foundation
import Testing

@testable import SSOTMigrate

/// The import gate on in-memory files (no file of these exists on disk).
struct ImportGateTests {
  func changed(_ path: String, _ before: String, _ after: String) -> FileResult {
    FileResult(path: path, original: Array(before.utf8), output: Array(after.utf8), outcome: .changed, edits: [], findings: [], prefiltered: false)
  }

  func gate(_ files: [String: String], index: RepositoryIndex? = nil) -> ImportGate {
    ImportGate(
      root: "/nonexistent-ssot-gate", roots: [""], allPaths: files.keys.sorted(),
      current: files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: Array($0.value.utf8)) }, index: index)
  }

  /// The gate's findings, checked to be the same whether it scans the files itself or takes the
  /// import summaries from the repository indexes before and after the change (as the CLI does).
  func check(
    _ files: [String: String], _ changes: [FileResult], judgingEveryImporter: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
  ) -> [Finding] {
    let scanned = gate(files).check(changes, judgingEveryImporter: judgingEveryImporter)
    let current = files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: Array($0.value.utf8)) }
    let before = RepositoryIndex.build(files: current, roots: [""])
    let after = before.updating(changes.map { (path: $0.path, bytes: $0.output) })
    let indexed = gate(files, index: before).check(changes, after: after, judgingEveryImporter: judgingEveryImporter)
    #expect(indexed == scanned, sourceLocation: sourceLocation)
    return scanned
  }

  @Test func submodulesNamespacePackagesRelativeImportsAndThirdParty() {
    let files = [
      "ns/pkg/__init__.py": "", "ns/pkg/mod.py": "VALUE = 1\n", "ns/pkg/user.py": "import os\n",
    ]
    let after = "import os\nimport requests\nfrom ns import pkg\nfrom ns.pkg import mod\nfrom . import mod as m2\nfrom .mod import VALUE\nimport ns.pkg.mod\n"
    let findings = check(files, [changed("ns/pkg/user.py", files["ns/pkg/user.py"]!, after)])
    #expect(findings.isEmpty, "\(findings)")
  }

  @Test func missingNamesAndModulesAreReported() {
    let files = ["pkg/__init__.py": "", "pkg/mod.py": "VALUE = 1\n", "pkg/user.py": "from pkg.mod import VALUE\n"]
    let after = "from pkg.mod import VALUE, OTHER\nfrom .gone import X\nimport pkg.missing\n"
    let findings = check(files, [changed("pkg/user.py", files["pkg/user.py"]!, after)]).map(\.message)
    #expect(findings == [
      "import of OTHER from pkg.mod does not resolve: pkg.mod has no OTHER",
      "import of X from pkg.gone does not resolve: pkg has no gone",
      "import of missing from pkg does not resolve: pkg has no missing",
    ])
  }

  @Test func starImportAndModuleGetattrAcceptEveryName() {
    let files = [
      "pkg/__init__.py": "", "pkg/a.py": "from pkg.base import *\n", "pkg/base.py": "X = 1\n",
      "pkg/b.py": "def __getattr__(name):\n    return name\n", "pkg/user.py": "",
    ]
    let after = "from pkg.a import anything\nfrom pkg.b import whatever\n"
    #expect(check(files, [changed("pkg/user.py", "", after)]).isEmpty)
  }

  @Test func newCycleIsReportedAndTypeCheckingImportsDoNotCount() {
    let files = ["pkg/__init__.py": "", "pkg/a.py": "from pkg.b import B\nA = 1\n", "pkg/b.py": "B = 2\n"]
    let cyclic = check(files, [changed("pkg/b.py", files["pkg/b.py"]!, "from pkg.a import A\nB = 2\n")])
    #expect(cyclic.map(\.rule) == [ImportGate.cycleRule])
    #expect(cyclic.first?.message.contains("pkg.b") == true)
    let typing = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\nB = 2\n"
    #expect(check(files, [changed("pkg/b.py", files["pkg/b.py"]!, typing)]).isEmpty)
  }

  @Test func submoduleImportedFromItsPackageIsAnEdge() {
    // `from pkg import sub` imports the module pkg.sub: a cycle through it is new.
    let files = ["pkg/__init__.py": "", "pkg/sub.py": "from pkg import other\n", "pkg/other.py": "X = 1\n"]
    let cyclic = check(files, [changed("pkg/other.py", files["pkg/other.py"]!, "from pkg import sub\nX = 1\n")])
    #expect(cyclic.map(\.rule) == [ImportGate.cycleRule], "\(cyclic)")
    // A name imported from a plain module is not a module: no edge, no cycle.
    let plain = ["pkg/__init__.py": "", "pkg/a.py": "from pkg.b import B\nA = 1\n", "pkg/b.py": "B = 2\n", "pkg/c.py": "C = 3\n"]
    #expect(check(plain, [changed("pkg/c.py", plain["pkg/c.py"]!, "from pkg.a import A\nC = 3\n")]).isEmpty)
  }

  // MARK: - Imports of what a phase takes away (a tree where only some files change)

  @Test func anImportOfANameTheChangedModuleNoLongerBindsIsReportedAtTheImporter() {
    let files = [
      "pkg/__init__.py": "", "pkg/factory.py": "def make():\n    return 1\n",
      "pkg/f.py": "from pkg.factory import make\n\nVALUE = 1\n",
      "pkg/g.py": "from pkg.f import make, VALUE\nfrom pkg.f import never_there\n",
    ]
    let edit = [changed("pkg/f.py", files["pkg/f.py"]!, "VALUE = 1\n")]
    #expect(check(files, edit, judgingEveryImporter: true).map(\.description) == [
      "pkg/g.py:1:19: [unresolved-import] import of make from pkg.f does not resolve after this phase: its edit of pkg/f.py leaves pkg.f without make"
    ], "an import that never resolved is not blamed on the phase")
    #expect(check(files, edit).isEmpty, "judged only when asked: a whole phase's transforms keep what others import")
    // The same name still bound (another import, a definition): nothing breaks.
    let reimport = "from functools import partial as make\n\nVALUE = 1\n"
    #expect(check(files, [changed("pkg/f.py", files["pkg/f.py"]!, reimport)], judgingEveryImporter: true).isEmpty)
    let definition = "def make():\n    return 2\n\nVALUE = 1\n"
    #expect(check(files, [changed("pkg/f.py", files["pkg/f.py"]!, definition)], judgingEveryImporter: true).isEmpty)
  }

  @Test func theImporterItselfChangedKeepingTheImportIsReportedToo() {
    let files = ["pkg/__init__.py": "", "pkg/f.py": "from pkg.factory import make\n", "pkg/g.py": "import os\nfrom pkg.f import make\n"]
    let findings = check(
      files, [changed("pkg/f.py", files["pkg/f.py"]!, "\n"), changed("pkg/g.py", files["pkg/g.py"]!, "from pkg.f import make\n")],
      judgingEveryImporter: true)
    #expect(findings.map(\.path) == ["pkg/g.py"], "\(findings)")
  }

  @Test func importsOfADeletedModuleAreReported() {
    let files = [
      "pkg/__init__.py": "", "pkg/old.py": "class Thing:\n    pass\n",
      "pkg/a.py": "from pkg.old import Thing\n", "pkg/b.py": "import pkg.old\n", "pkg/c.py": "from pkg import old\n",
    ]
    var deletion = FileResult(path: "pkg/old.py", original: Array(files["pkg/old.py"]!.utf8), output: [], outcome: .changed, edits: [], findings: [], prefiltered: false)
    deletion.deleted = true
    let findings = gate(files).check([deletion], judgingEveryImporter: true)
    #expect(findings.map(\.description) == [
      "pkg/a.py:1:21: [unresolved-import] import of Thing from pkg.old does not resolve after this phase: it deletes pkg/old.py",
      "pkg/b.py:1:8: [unresolved-import] import of pkg.old does not resolve after this phase: it deletes pkg/old.py",
      "pkg/c.py:1:17: [unresolved-import] import of old from pkg does not resolve after this phase: it deletes pkg/old.py",
    ], "\(findings)")
  }

  @Test func importsNothingNewSinceAnEarlierVersion() throws {
    func summary(_ text: String) throws -> ImportGate.ImportSummary {
      try #require(ImportGate.ImportSummary.of(path: "pkg/f.py", bytes: Array(text.utf8), roots: [""]))
    }
    let before = try summary("import os\nfrom pkg.a import A, B\n\n\ndef f():\n    from pkg.b import C\n")
    #expect(try summary("import os\nfrom pkg.a import A, B\n\n\ndef f():\n    from pkg.b import C\n").importsNothingNew(since: before))
    #expect(try summary("from pkg.a import B\n").importsNothingNew(since: before), "fewer imports")
    #expect(try !summary("import os\nfrom pkg.a import A, B, D\n").importsNothingNew(since: before), "a new name")
    #expect(try !summary("import os, sys\nfrom pkg.a import A, B\n").importsNothingNew(since: before), "a new module")
    #expect(try !summary("from pkg.a import *\n").importsNothingNew(since: before), "a star import")
    #expect(try !summary("import os\nfrom pkg.a import A, B\nfrom pkg.b import C\n").importsNothingNew(since: before), "now at import time")
  }
}
