import Testing

@testable import SSOTMigrate

@Suite struct ModulePathTests {
  func name(_ path: String, _ roots: [String] = [""]) -> String? {
    ModulePath.moduleName(of: path, roots: roots).map { $0.isPackageInit ? $0.name + " (package)" : $0.name }
  }

  @Test func modulesAndPackages() {
    #expect(name("x.py") == "x")
    #expect(name("netra_backend/app/websocket_core/manager.py") == "netra_backend.app.websocket_core.manager")
    #expect(name("pkg/__init__.py") == "pkg (package)")
    #expect(name("a/b/__init__.py") == "a.b (package)")
    #expect(name("pkg/my__init__.py") == "pkg.my__init__")
    #expect(name("pkg/__init__x.py") == "pkg.__init__x")
    #expect(name("café/naïve.py") == "café.naïve")
  }

  @Test func notModules() {
    #expect(name("__init__.py") == nil)
    #expect(name(".py") == nil)
    #expect(name("x.pyi") == nil)
    #expect(name("README.md") == nil)
    #expect(name("a//b.py") == nil)
    #expect(name("my-pkg/x.py") == nil)
    #expect(name("1pkg/x.py") == nil)
    #expect(name("pkg/x.y.py") == nil)
    #expect(name("/abs.py") == nil)
  }

  @Test func longestRootWins() {
    #expect(name("src/pkg/x.py", ["", "src"]) == "pkg.x")
    #expect(name("src/pkg/x.py", ["src/"]) == "pkg.x")
    #expect(name("srcfoo/x.py", ["src"]) == nil)
    #expect(name("srcfoo/x.py", ["", "src"]) == "srcfoo.x")
    #expect(name("src/__init__.py", ["src"]) == nil)
    #expect(name("lib/x.py", ["src"]) == nil)
  }
}
