import Foundation
import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// One module map for the repository index and the import gate (issue 22), with Python's rules:
/// a package's `__init__.py` wins over a module file of the same name, the next claimant takes
/// a name whose file a phase deletes, and the map is of every path, not of the candidates.
struct ModuleTableTests {
  @Test func thePackageWinsWhateverThePathOrder() {
    for paths in [["a/b.py", "a/b/__init__.py", "a/__init__.py"], ["a/b/__init__.py", "a/b.py", "a/__init__.py"]] {
      let table = ModuleTable(allPaths: paths, roots: [""])
      #expect(table.modules["a.b"] == "a/b/__init__.py")
      #expect(table.packages.contains("a.b") && table.packages.contains("a"))
    }
  }

  @Test func theNextClaimantTakesADeletedFilesName() {
    let table = ModuleTable(allPaths: ["a/__init__.py", "a/b.py", "a/b/__init__.py", "a/c.py"], roots: [""])
    #expect(table.removing(["a/b/__init__.py"]).modules["a.b"] == "a/b.py")
    #expect(table.removing(["a/b/__init__.py", "a/b.py"]).modules["a.b"] == nil)
    #expect(table.removing(["a/c.py"]).modules["a.c"] == nil)
    // A file that loses to the package is not the module while the package stays.
    #expect(table.removing(["a/b.py"]).modules["a.b"] == "a/b/__init__.py")
  }

  /// Where they used to differ: after a phase deletes `a/b/__init__.py`, the index dropped
  /// `a.b` and the gate said the module was gone, while Python imports `a/b.py`.
  @Test func indexAndGateAgreeAfterADeletion() {
    let files = [
      "a/__init__.py": "", "a/b.py": "VALUE = 1\n", "a/b/__init__.py": "VALUE = 2\n",
      "user.py": "from a.b import VALUE\n",
    ]
    let current = files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: Array($0.value.utf8)) }
    let before = RepositoryIndex.build(files: current, roots: [""])
    #expect(before.modules["a.b"] == "a/b/__init__.py")
    let after = before.updating(facts: [], deleted: ["a/b/__init__.py"])
    #expect(after.modules["a.b"] == "a/b.py")
    let gate = ImportGate(root: "/nonexistent-ssot-gate", roots: [""], allPaths: files.keys.sorted(), current: current, index: before)
    let deletion = FileResult(path: "a/b/__init__.py", original: Array(files["a/b/__init__.py"]!.utf8), output: [], outcome: .changed, edits: [], findings: [], prefiltered: false)
    var deleted = deletion
    deleted.deleted = true
    // A phase that also rewrites the user's import of `a.b`: it still resolves, to `a/b.py`.
    let user = FileResult(path: "user.py", original: Array(files["user.py"]!.utf8), output: Array("from a.b import VALUE as V\n".utf8), outcome: .changed, edits: [], findings: [], prefiltered: false)
    #expect(gate.check([deleted, user], after: after).isEmpty)
    #expect(gate.modulePath("a.b", .after) == "a/b.py")
  }

  /// An index a phase builds for a workspace without one knows every module of the repository,
  /// not only the candidate files': a re-export through a module that spells no trigger is
  /// still inside the repository.
  @Test func anIndexOfCandidatesKnowsEveryModule() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    let files = [(path: "netra_backend/app/hub.py", bytes: Array("from netra_backend.app.plain import thing\n".utf8))]
    let workspace = Workspace(root: "/nonexistent", allPaths: ["netra_backend/app/hub.py", "netra_backend/app/plain.py"], files: files)
    let index = PhaseRunner.repository(for: codemod.phases.flatMap(\.transforms), codemod: codemod, workspace: workspace, jobs: 1)
    #expect(index.modules["netra_backend.app.plain"] == "netra_backend/app/plain.py")
  }
}
