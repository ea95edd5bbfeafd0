import Foundation
import Testing

@testable import SSOTMigrate

private struct Match: Decodable, Equatable {
  let callee: String
  let async: Bool?

  enum CodingKeys: String, CodingKey { case callee, async }

  init(callee: String, async: Bool?) {
    self.callee = callee
    self.async = async
  }

  init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(allowed: ["callee", "async"])
    let c = try decoder.container(keyedBy: CodingKeys.self)
    callee = try c.decode(String.self, forKey: .callee)
    async = try c.decodeIfPresent(Bool.self, forKey: .async)
  }
}

private struct Outer: Decodable {
  let match: [Match]

  enum CodingKeys: String, CodingKey { case match }

  init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(allowed: ["match"])
    match = try decoder.container(keyedBy: CodingKeys.self).decode([Match].self, forKey: .match)
  }
}

@Suite struct StrictDecodingTests {
  private func decode(_ json: String) throws -> Outer {
    try JSONDecoder().decode(Outer.self, from: Data(json.utf8))
  }

  @Test func acceptsKnownKeys() throws {
    let outer = try decode(#"{"match": [{"callee": "a.b", "async": true}, {"callee": "c.d"}]}"#)
    #expect(outer.match == [Match(callee: "a.b", async: true), Match(callee: "c.d", async: nil)])
  }

  @Test func unknownKeyNamesThePathAndTheAllowedKeys() throws {
    do {
      _ = try decode(#"{"match": [{"callee": "a.b"}, {"calee": "c.d"}]}"#)
      Issue.record("expected an error")
    } catch DecodingError.dataCorrupted(let context) {
      #expect(JSONPath(codingPath: context.codingPath).description == "match[1].calee")
      #expect(context.debugDescription == "unknown key 'calee'; expected one of: async, callee")
    }
  }

  @Test func unknownTopLevelKey() throws {
    do {
      _ = try decode(#"{"match": [], "extra": 1}"#)
      Issue.record("expected an error")
    } catch DecodingError.dataCorrupted(let context) {
      #expect(JSONPath(codingPath: context.codingPath).description == "extra")
      #expect(context.debugDescription.hasPrefix("unknown key 'extra'"))
    }
  }

  @Test func notAnObjectIsATypeMismatch() throws {
    #expect(throws: DecodingError.self) { try decode(#"{"match": [3]}"#) }
  }

  @Test func anyCodingKey() {
    let k = AnyCodingKey(stringValue: "callee")
    #expect(k.stringValue == "callee" && k.intValue == nil)
    let i = AnyCodingKey(intValue: 3)
    #expect(i.stringValue == "3" && i.intValue == 3)
  }
}
