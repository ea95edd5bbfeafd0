import Foundation
import Testing

@testable import SSOTMigrate

/// The import gate on in-memory files (no file of these exists on disk).
struct ImportGateTests {
  func changed(_ path: String, _ before: String, _ after: String) -> FileResult {
    FileResult(path: path, original: Array(before.utf8), output: Array(after.utf8), outcome: .changed, edits: [], findings: [], prefiltered: false)
  }

  func gate(_ files: [String: String]) -> ImportGate {
    ImportGate(
      root: "/nonexistent-ssot-gate", roots: [""], allPaths: files.keys.sorted(),
      current: files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: Array($0.value.utf8)) })
  }

  @Test func submodulesNamespacePackagesRelativeImportsAndThirdParty() {
    let files = [
      "ns/pkg/__init__.py": "", "ns/pkg/mod.py": "VALUE = 1\n", "ns/pkg/user.py": "import os\n",
    ]
    let after = "import os\nimport requests\nfrom ns import pkg\nfrom ns.pkg import mod\nfrom . import mod as m2\nfrom .mod import VALUE\nimport ns.pkg.mod\n"
    let findings = gate(files).check([changed("ns/pkg/user.py", files["ns/pkg/user.py"]!, after)])
    #expect(findings.isEmpty, "\(findings)")
  }

  @Test func missingNamesAndModulesAreReported() {
    let files = ["pkg/__init__.py": "", "pkg/mod.py": "VALUE = 1\n", "pkg/user.py": "from pkg.mod import VALUE\n"]
    let after = "from pkg.mod import VALUE, OTHER\nfrom .gone import X\nimport pkg.missing\n"
    let findings = gate(files).check([changed("pkg/user.py", files["pkg/user.py"]!, after)]).map(\.message)
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
    #expect(gate(files).check([changed("pkg/user.py", "", after)]).isEmpty)
  }
}
