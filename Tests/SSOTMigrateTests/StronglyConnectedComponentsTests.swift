import Testing

@testable import SSOTMigrate

struct StronglyConnectedComponentsTests {
  @Test func cyclesShareAComponentAndChainsDoNot() {
    let graph = ["a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["c", "x"], "e": []]
    let c = StronglyConnectedComponents.components(of: ["a", "b", "c", "d", "e"]) { graph[$0] ?? [] }
    #expect(c["a"] == c["b"])
    #expect(c["c"] == c["d"])
    #expect(c["a"] != c["c"])
    #expect(c["e"] != c["a"] && c["e"] != c["c"])
  }

  @Test func longChainDoesNotRecurse() {
    let n = 200_000
    let nodes = (0..<n).map { "m\($0)" }
    let c = StronglyConnectedComponents.components(of: nodes) { name in
      let i = Int(name.dropFirst())!
      return i + 1 < n ? ["m\(i + 1)"] : ["m0"]
    }
    #expect(Set(c.values).count == 1)
  }
}
