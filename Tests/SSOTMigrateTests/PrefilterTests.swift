import SSOTMigrateTestSupport
import Testing

@testable import SSOTMigrate

@Suite struct PrefilterTests {
  @Test func findsEachTriggerAnywhere() {
    let prefilter = Prefilter(triggers: ["create_websocket_manager", "WebSocketManager", "get_websocket_manager_factory"])
    #expect(prefilter.matches(Array("x = WebSocketManager()".utf8)))
    #expect(prefilter.matches(Array("WebSocketManager".utf8)))
    #expect(prefilter.matches(Array("a\ncreate_websocket_manager".utf8)))
    #expect(!prefilter.matches(Array("WebSocketManage r create_websocket_manage".utf8)))
    #expect(!prefilter.matches([]))
  }

  @Test func agreesWithANaiveSearchOnRandomText() {
    var generator = SeededGenerator(seed: 7)
    let triggers = ["abcab", "bcabc", "cab", "aaab"]
    let prefilter = Prefilter(triggers: triggers)
    for _ in 0..<2_000 {
      let length = Int.random(in: 0..<40, using: &generator)
      let text = String((0..<length).map { _ in "abc".randomElement(using: &generator)! })
      let naive = triggers.contains { text.contains($0) }
      #expect(prefilter.matches(Array(text.utf8)) == naive, "\(text)")
    }
  }

  /// Texts spliced from pieces of the real triggers (near misses, overlaps, every offset), with
  /// the shortest trigger 15 bytes long: the longest shifts and the shared blocks of similar
  /// triggers are exercised.
  @Test func agreesWithANaiveSearchOnTriggerFragments() {
    var generator = SeededGenerator(seed: 11)
    let triggers = [
      "IsolatedWebSocketManager", "UnifiedWebSocketManager", "WebSocketManager", "WebSocketManagerFactory",
      "create_isolated", "create_websocket_manager", "get_websocket_manager_factory", "websocket_manager_factory",
    ]
    let prefilter = Prefilter(triggers: triggers)
    let pieces = triggers.flatMap { t -> [String] in
      let chars = Array(t)
      return [String(chars.dropLast()), String(chars.dropFirst()), String(chars.prefix(chars.count / 2)), String(chars.suffix(5)), t]
    } + [" ", "\n", "_", "e", "er", "import ", "manager"]
    var found = 0
    for _ in 0..<3_000 {
      let parts = Int.random(in: 0..<8, using: &generator)
      let text = (0..<parts).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let naive = triggers.contains { text.contains($0) }
      if naive { found += 1 }
      #expect(prefilter.matches(Array(text.utf8)) == naive, "\(text)")
    }
    #expect(found > 300 && found < 2_700)
  }

  /// The search runs four windows at once, one per quarter of the text: a trigger at any offset of a
  /// longer text (across the quarters' boundaries too) is found, and a near miss at any offset is not.
  @Test func findsATriggerAtEveryOffsetOfALongText() {
    let triggers = ["WebSocketManager", "create_websocket_manager"]
    let prefilter = Prefilter(triggers: triggers)
    let filler = Array(repeating: UInt8(ascii: "x"), count: 97)
    for trigger in triggers + ["WebSocketManage", "ebSocketManager"] {
      let planted = Array(trigger.utf8)
      for offset in 0...filler.count {
        let text = Array(filler[..<offset]) + planted + Array(filler[offset...])
        #expect(prefilter.matches(text) == triggers.contains(trigger), "\(trigger) at \(offset)")
      }
    }
  }

  @Test func twoByteWindow() {
    var generator = SeededGenerator(seed: 3)
    let triggers = ["ab", "bca", "ccc"]
    let prefilter = Prefilter(triggers: triggers)
    for _ in 0..<2_000 {
      let length = Int.random(in: 0..<20, using: &generator)
      let text = String((0..<length).map { _ in "abc".randomElement(using: &generator)! })
      #expect(prefilter.matches(Array(text.utf8)) == triggers.contains { text.contains($0) }, "\(text)")
    }
  }

  @Test func shortAndSingleByteTriggers() {
    #expect(Prefilter(triggers: ["x"]).matches(Array("abcx".utf8)))
    #expect(!Prefilter(triggers: []).matches(Array("abc".utf8)))
  }
}

