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

  @Test func shortAndSingleByteTriggers() {
    #expect(Prefilter(triggers: ["x"]).matches(Array("abcx".utf8)))
    #expect(!Prefilter(triggers: []).matches(Array("abc".utf8)))
  }
}

