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

  /// An index updated file by file (the maps edited in place) holds what one built from scratch
  /// on the same files holds: every file of every key, in path order, with its first line.
  @Test func updatedMapsEqualRebuiltOnes() {
    var generator = SeededGenerator(seed: 7)
    let modules = ["app.a", "app.b", "app.c", "app.pkg.d"]
    let names = ["X", "Y", "make", "Z"]
    func source() -> String {
      var lines: [String] = []
      for _ in 0..<Int.random(in: 0...6, using: &generator) {
        switch Int.random(in: 0...3, using: &generator) {
        case 0: lines.append("from \(modules.randomElement(using: &generator)!) import \(names.randomElement(using: &generator)!)")
        case 1: lines.append("from \(modules.randomElement(using: &generator)!) import (\(names.randomElement(using: &generator)!), \(names.randomElement(using: &generator)!))")
        case 2: lines.append("p = \"\(modules.randomElement(using: &generator)!).\(names.randomElement(using: &generator)!)\"")
        default: lines.append("from thirdparty import \(names.randomElement(using: &generator)!)")
        }
      }
      return lines.joined(separator: "\n") + "\n"
    }
    var files: [(path: String, bytes: [UInt8])] = ["app/__init__.py", "app/a.py", "app/b.py", "app/c.py", "app/pkg/__init__.py", "app/pkg/d.py"]
      .map { ($0, Array(source().utf8)) }
    for k in 0..<30 { files.append(("app/m\(k).py", Array(source().utf8))) }
    files.sort { $0.path < $1.path }
    func dump(_ index: RepositoryIndex) -> [String] {
      index.importedNames.map { "\($0.key.module).\($0.key.name) \($0.value.map(index.location))" }.sorted()
        + index.dottedStrings.map { "\($0.key) \($0.value.map(index.location))" }.sorted()
    }
    var index = RepositoryIndex.build(files: files, roots: [""])
    for _ in 0..<20 {
      var changed: [(path: String, bytes: [UInt8])] = []
      for k in files.indices where Int.random(in: 0..<4, using: &generator) == 0 {
        files[k].bytes = Array(source().utf8)
        changed.append(files[k])
      }
      index = index.updating(changed)
      let rebuilt = RepositoryIndex.build(files: files, roots: [""])
      #expect(dump(index) == dump(rebuilt))
      for module in modules {
        for name in names { #expect(index.importer(of: name, from: module) == rebuilt.importer(of: name, from: module)) }
      }
    }
    #expect(!index.importedNames.isEmpty && !index.dottedStrings.isEmpty)
  }
}
