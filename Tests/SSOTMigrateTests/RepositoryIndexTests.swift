import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

/// `uses(of:)` and `importLocation(of:in:)` are answered from the files' facts on demand; they
/// must give what the maps the index used to build after every phase gave.
@Suite struct RepositoryIndexTests {
  /// The maps, built the way the index built them before it answered on demand.
  static func referenceMaps(_ index: RepositoryIndex) -> (uses: [String: [RepositoryIndex.ModuleUse]], imports: [String: [String: String]]) {
    var uses: [String: [RepositoryIndex.ModuleUse]] = [:]
    var imports: [String: [String: String]] = [:]
    func prefixes(_ name: String) -> [String] {
      var found: [String] = []
      var prefix = Substring(name)
      while true {
        if index.modules[String(prefix)] != nil { found.append(String(prefix)) }
        guard let dot = prefix.lastIndex(of: ".") else { break }
        prefix = prefix[..<dot]
      }
      return found
    }
    for path in index.facts.keys.sorted() {
      let file = index.facts[path]!
      func use(_ name: String, line: Int, isString: Bool) {
        for prefix in prefixes(name) {
          uses[prefix, default: []].append(.init(path: path, line: line, isString: isString))
          if !isString, let importer = file.module, imports[importer]?[prefix] == nil { imports[importer, default: [:]][prefix] = "\(path):\(line)" }
        }
      }
      var seen: Set<String> = []
      for item in file.fromImports {
        if seen.insert("\(item.module)@\(item.statementLine)").inserted { use(item.module, line: item.statementLine, isString: false) }
        guard item.name != "*" else { continue }
        let key = item.module + "." + item.name
        if index.modules[key] != nil {
          uses[key, default: []].append(.init(path: path, line: item.line, isString: false))
          if let importer = file.module, imports[importer]?[key] == nil { imports[importer, default: [:]][key] = "\(path):\(item.line)" }
        }
      }
      for (name, line) in file.moduleImports { use(name, line: line, isString: false) }
      for (value, line) in file.strings { use(value, line: line, isString: true) }
    }
    return (uses.mapValues { Array(Set($0)).sorted() }, imports)
  }

  @Test func onDemandAnswersMatchTheMaps() {
    let files: [String: String] = [
      "app/__init__.py": "",
      "app/core/__init__.py": "",
      "app/core/factory.py": "from app.core import models\nimport app.util\n",
      "app/core/models.py": "X = 1\n",
      "app/util.py": "from app.core.factory import (\n    make,\n    other,\n)\nfrom app.core import (\n    factory,\n    models,\n)\n",
      "app/users.py": "import app.core.factory as f\nfrom .core.factory import make; from .core import factory\n",
      "tests/test_x.py": "from unittest import mock\n@mock.patch(\"app.core.factory.make\")\ndef test(m):\n    import app.core.models\n    assert \"app.util\"\n",
    ]
    let sorted = files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: Array($0.value.utf8)) }
    let index = RepositoryIndex.build(files: sorted, roots: [""])
    let reference = Self.referenceMaps(index)
    #expect(!reference.uses.isEmpty)
    for module in index.modules.keys.sorted() {
      #expect(index.uses(of: module, excluding: "") == (reference.uses[module] ?? []), "\(module)")
      #expect(index.uses(of: module, excluding: "app/users.py") == (reference.uses[module] ?? []).filter { $0.path != "app/users.py" })
      for importer in index.modules.keys.sorted() {
        #expect(index.importLocation(of: module, in: importer) == reference.imports[importer]?[module], "\(importer) -> \(module)")
      }
    }
    #expect(index.uses(of: "app.nonexistent", excluding: "").isEmpty)
  }

  @Test func onDemandAnswersMatchTheMapsOnTheSampleRepo() throws {
    let codemod = try GoldenRunner.builtinCodemod()
    let workspace = SampleRepoTests.loadWorkspace(codemod)
    let index = RepositoryIndex.build(files: workspace.files, roots: codemod.roots)
    let reference = Self.referenceMaps(index)
    #expect(reference.uses.count > 5)
    for module in index.modules.keys.sorted() {
      #expect(index.uses(of: module, excluding: "") == (reference.uses[module] ?? []), "\(module)")
      for importer in index.modules.keys.sorted() {
        #expect(index.importLocation(of: module, in: importer) == reference.imports[importer]?[module], "\(importer) -> \(module)")
      }
    }
  }
}
