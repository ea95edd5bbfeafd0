import Foundation
import SSOTMigrate
import SSOTMigrateTestSupport
import Testing

/// The closed list of transform kinds, the golden folders, the codemod documentation and the
/// embedded built-in codemod must agree (swift-format's GeneratedFilesValidityTests).
@Suite struct RegistryConsistencyTests {
  @Test func embeddedCodemodMatchesTheFile() throws {
    let file = GoldenCase.root.appendingPathComponent("codemods/websocket-ssot.json")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text == BuiltinCodemod.json, "run scripts/embed-codemod.py after editing codemods/websocket-ssot.json")
  }

  @Test func builtinCodemodLoads() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    #expect(codemod.phases.map(\.number) == [1, 2, 3, 4, 5])
  }

  @Test func everyKindHasGoldenCasesAndDocumentation() throws {
    let readme = try String(contentsOf: GoldenCase.root.appendingPathComponent("codemods/README.md"), encoding: .utf8)
    for kind in TransformRegistry.all.map({ $0.kind }) {
      #expect(!GoldenCase.all(kind: kind).isEmpty, "no golden cases for \(kind)")
      #expect(readme.contains("\n## \(kind)\n"), "codemods/README.md has no section \"## \(kind)\"")
    }
  }

  @Test func everyGoldenFolderNamesAKnownKind() throws {
    let known = Set(TransformRegistry.all.map { $0.kind } + ["sample-repo", "sample-repo-diffs"])
    let folders = try FileManager.default.contentsOfDirectory(atPath: GoldenCase.goldenDirectory.path).filter { !$0.hasPrefix(".") }
    for folder in folders { #expect(known.contains(folder), "golden-files/\(folder) is not a transform kind") }
  }
}
