import Foundation
import Testing

@testable import SSOTMigrate

@Suite struct JSONWriterTests {
  @Test func keepsMemberOrder() {
    let v: JSONValue = ["z": 1, "a": [true, false, nil], "m": ["nested": "x"], "e": [], "o": .object([])]
    #expect(JSONWriter.write(v, pretty: false) == #"{"z":1,"a":[true,false,null],"m":{"nested":"x"},"e":[],"o":{}}"#)
    #expect(
      JSONWriter.write(v) == """
        {
          "z": 1,
          "a": [
            true,
            false,
            null
          ],
          "m": {
            "nested": "x"
          },
          "e": [],
          "o": {}
        }
        """)
  }

  @Test func escapesStrings() {
    #expect(JSONWriter.quoted("a\"b\\c/d") == #""a\"b\\c/d""#)
    #expect(JSONWriter.quoted("\n\r\t\u{8}\u{C}") == #""\n\r\t\b\f""#)
    #expect(JSONWriter.quoted("\u{0}\u{1F}\u{7F}") == #""\u0000\u001f\u007f""#)
    #expect(JSONWriter.quoted("é ✓ 😀") == "\"é ✓ 😀\"")
  }

  @Test func roundTripsThroughJSONSerialization() throws {
    var all = ""
    for scalar in (0..<0x250).compactMap(Unicode.Scalar.init) { all.unicodeScalars.append(scalar) }
    all += "😀\u{2028}\u{FEFF}"
    let text = JSONWriter.write(["s": .string(all), "n": .number("-1.5e3"), "i": .int(Int.max)])
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(parsed["s"] as? String == all)
    #expect(parsed["n"] as? Double == -1500)
  }

  @Test func literalsAndEquality() {
    let a: JSONValue = ["k": "v", "n": 2]
    #expect(a == .object([(key: "k", value: .string("v")), (key: "n", value: .number("2"))]))
    #expect(a != .object([(key: "n", value: .number("2")), (key: "k", value: .string("v"))]))
    #expect(a["n"] == .int(2))
    #expect(a["missing"] == nil)
    #expect(JSONValue.string("x").kindDescription == "a string")
  }
}

@Suite struct JSONParserTests {
  private func parseError(_ text: String) -> JSONParseError? {
    do {
      _ = try JSONParser.parse(Array(text.utf8))
      Issue.record("expected a parse error for \(text.debugDescription)")
      return nil
    } catch {
      return error
    }
  }

  @Test func parsesEverythingAndKeepsOrder() throws {
    let text = #"{"b": [1, -0.5, 2e10, true, false, null], "a": {"y": "\u00e9\ud83d\ude00\n\/", "x": {}}, "c": []}"#
    let v = try JSONParser.parse(Array(text.utf8))
    guard case .object(let members) = v else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.key) == ["b", "a", "c"])
    #expect(v["b"] == [.number("1"), .number("-0.5"), .number("2e10"), true, false, nil])
    #expect(v["a"]?["y"] == .string("é😀\n/"))
    // Writing it back and parsing again gives the same value.
    #expect(try JSONParser.parse(JSONWriter.bytes(v)) == v)
  }

  @Test func errorsHaveLineColumnAndPath() {
    let e = parseError("{\n  \"a\": [1,\n    2,,\n  ]\n}")
    #expect(e?.line == 3 && e?.column == 7)
    #expect(e?.path.description == "a[2]")
    #expect(e?.message.hasPrefix("expected a value, found ','") == true)

    let crlf = parseError("{\r\n\"a\": tru\r\n}")
    #expect(crlf?.line == 2 && crlf?.column == 6)

    // Columns count characters, not bytes.
    let wide = parseError(#"{"é": x}"#)
    #expect(wide?.column == 7)
  }

  @Test func rejects() {
    #expect(parseError("")?.message == "expected a JSON value, found the end of the file")
    #expect(parseError("{} x")?.message == "unexpected 'x' after the end of the JSON value")
    #expect(parseError(#"{"a": 1, "a": 2}"#)?.message == "duplicate key 'a'")
    #expect(parseError("[1,]")?.message.contains("trailing comma") == true)
    #expect(parseError(#"{"a": 1,}"#)?.message.contains("trailing comma") == true)
    #expect(parseError("{'a': 1}")?.message.hasPrefix("expected a key in double quotes") == true)
    #expect(parseError("['a']")?.message.contains("double quotes") == true)
    #expect(parseError("01")?.message == "numbers cannot have leading zeros")
    #expect(parseError("1.")?.message.hasPrefix("expected a digit after the decimal point") == true)
    #expect(parseError("-")?.message.hasPrefix("expected a digit") == true)
    #expect(parseError("1e+")?.message.hasPrefix("expected a digit in the exponent") == true)
    #expect(parseError(#""abc"#)?.message.hasPrefix("unterminated string") == true)
    #expect(parseError("\"a\nb\"")?.message.hasPrefix("a line break inside a string") == true)
    #expect(parseError(#""\x""#)?.message.hasPrefix("invalid escape '\\x'") == true)
    #expect(parseError(#""\ud800""#)?.message.hasPrefix("lone UTF-16 surrogate") == true)
    #expect(parseError(#""\udc00""#)?.message.hasPrefix("lone UTF-16 surrogate") == true)
    #expect(parseError(#""\u12""#)?.message.hasPrefix("expected 4 hex digits") == true)
    #expect(parseError("nul")?.message.hasPrefix("expected a value") == true)
    #expect(parseError("[1 2]")?.message == "expected ',' or ']' after an array element, found '2'")
    #expect(parseError(#"{"a" 1}"#)?.message == "expected ':' after the key 'a', found '1'")
  }

  @Test func invalidUTF8IsAnErrorWithItsPosition() throws {
    do {
      _ = try JSONParser.parse([0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D])
      Issue.record("expected an error")
    } catch {
      #expect(error.offset == 3 && error.column == 4)
      #expect(error.message.hasPrefix("invalid UTF-8 (byte 0xFF)"))
    }
    // Overlong encodings and surrogates in UTF-8 are invalid too.
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC0, 0xAF, 0x22]) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xE2, 0x82]) }
  }

  @Test func byteOrderMarkIsSkipped() throws {
    #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
  }

  @Test func nestingIsCapped() {
    #expect(parseError(String(repeating: "[", count: JSONParser.maxDepth + 1))?.message.hasPrefix("nested more than") == true)
    let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
    #expect((try? JSONParser.parse(Array(ok.utf8))) != nil)
  }

  @Test func randomBytesNeverTrap() {
    var state: UInt64 = 0x1234_5678
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    let alphabet = Array(#"{}[]:,"\ 0123456789.eE+-truefalsnl"#.utf8) + [0x0A, 0xC3, 0xA9, 0xFF, 0x00]
    for _ in 0..<3_000 {
      let count = Int(next() % 40)
      let bytes = (0..<count).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
      if let v = try? JSONParser.parse(bytes) {
        // Whatever parses must write back to something that parses to the same value.
        #expect((try? JSONParser.parse(JSONWriter.bytes(v))) == v)
      }
    }
  }

  @Test func locationHelper() {
    let bytes = Array("a\nb\r\nc\rd".utf8)
    #expect(JSONParser.location(of: 0, in: bytes) == (1, 1))
    #expect(JSONParser.location(of: 2, in: bytes) == (2, 1))
    #expect(JSONParser.location(of: 5, in: bytes) == (3, 1))
    #expect(JSONParser.location(of: 7, in: bytes) == (4, 1))
  }
}
