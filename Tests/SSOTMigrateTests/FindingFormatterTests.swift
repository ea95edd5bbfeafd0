import Foundation
import Testing

@testable import SSOTMigrate

private let findings = [
  Finding(path: "b/routes.py", line: 12, column: 5, rule: "user-id-keyword", message: "user_id= is not user_context=", transform: "factory-call"),
  Finding(path: "a/svc.py", line: 3, column: 1, rule: "shadowed-name", message: "create_websocket_manager is defined here"),
  Finding(path: "a/svc.py", line: 2, column: 9, rule: "kept", message: "kept on purpose", severity: .note),
  Finding(path: "a/bad.py", line: 1, column: 1, rule: "lex-error", message: "unterminated string", severity: .error),
]

@Suite struct FindingFormatterTests {
  // MARK: Text

  @Test func textIsSortedOnePerLine() {
    #expect(
      FindingFormatter.text(findings) == """
        a/bad.py:1:1: [lex-error] unterminated string
        a/svc.py:2:9: [kept] kept on purpose
        a/svc.py:3:1: [shadowed-name] create_websocket_manager is defined here
        b/routes.py:12:5: [user-id-keyword] user_id= is not user_context=

        """)
    #expect(FindingFormatter.text([]) == "")
  }

  @Test func textKeepsOneFindingPerLine() {
    let f = Finding(path: "we\"ird\nname\\.py", line: 1, column: 2, rule: "r", message: "two\r\nlines\nhere\rend")
    #expect(FindingFormatter.text([f]) == "\"we\\\"ird\\nname\\\\.py\":1:2: [r] two lines here end\n")
    #expect(FindingFormatter.quotedPath("plain/päth with space.py") == "plain/päth with space.py")
    #expect(FindingFormatter.quotedPath("a\u{1}b") == "\"a\\001b\"")
  }

  // MARK: GitHub

  @Test func githubAnnotations() {
    #expect(
      FindingFormatter.github(findings) == """
        ::error file=a/bad.py,line=1,col=1,title=lex-error::unterminated string
        ::notice file=a/svc.py,line=2,col=9,title=kept::kept on purpose
        ::warning file=a/svc.py,line=3,col=1,title=shadowed-name::create_websocket_manager is defined here
        ::warning file=b/routes.py,line=12,col=5,title=user-id-keyword::user_id= is not user_context=

        """)
  }

  @Test func githubEscaping() {
    let f = Finding(path: "dir,x/a:b%.py", line: 4, column: 2, rule: "r:1,2", message: "50% done: a, b\r\nnext")
    #expect(
      FindingFormatter.github([f])
        == "::warning file=dir%2Cx/a%3Ab%25.py,line=4,col=2,title=r%3A1%2C2::50%25 done: a, b%0D%0Anext\n")
    #expect(FindingFormatter.escapeData("a%b\nc:d,e") == "a%25b%0Ac:d,e")
    #expect(FindingFormatter.escapeProperty("a%b\nc:d,e") == "a%25b%0Ac%3Ad%2Ce")
  }

  // MARK: SARIF

  private func parseSARIF(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func sarifHasTheRequiredFields() throws {
    let text = FindingFormatter.sarif(
      findings, toolVersion: "0.1.0",
      rules: [(id: "user-id-keyword", description: "A user_id= call cannot be rewritten automatically."), (id: "unused", description: "Never reported.")],
      informationUri: "https://example.com/ssot-migrate")
    #expect(text.hasSuffix("}\n"))
    let log = try parseSARIF(text)
    #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
    #expect(log["version"] as? String == "2.1.0")
    let runs = try #require(log["runs"] as? [[String: Any]])
    #expect(runs.count == 1)
    let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "ssot-migrate")
    #expect(driver["version"] as? String == "0.1.0")
    #expect(driver["informationUri"] as? String == "https://example.com/ssot-migrate")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    // Given rules first, in order; then the ones findings use, sorted.
    #expect(rules.compactMap { $0["id"] as? String } == ["user-id-keyword", "unused", "kept", "lex-error", "shadowed-name"])
    #expect((rules[0]["shortDescription"] as? [String: Any])?["text"] as? String == "A user_id= call cannot be rewritten automatically.")
    #expect(rules[0]["name"] as? String == "UserIdKeyword")

    let results = try #require(runs[0]["results"] as? [[String: Any]])
    #expect(results.count == 4)
    #expect(results.compactMap { $0["level"] as? String } == ["error", "note", "warning", "warning"])
    for result in results {
      let ruleId = try #require(result["ruleId"] as? String)
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == ruleId)
      #expect((result["message"] as? [String: Any])?["text"] is String)
      let locations = try #require(result["locations"] as? [[String: Any]])
      let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
      let artifact = try #require(physical["artifactLocation"] as? [String: Any])
      #expect(artifact["uri"] is String)
      let region = try #require(physical["region"] as? [String: Any])
      #expect((region["startLine"] as? Int ?? 0) >= 1)
      #expect((region["startColumn"] as? Int ?? 0) >= 1)
    }
    let last = results[3]
    #expect(last["ruleId"] as? String == "user-id-keyword")
    #expect((last["properties"] as? [String: Any])?["transform"] as? String == "factory-call")
    let lastRegion = ((last["locations"] as? [[String: Any]])?[0]["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
    #expect(lastRegion?["startLine"] as? Int == 12 && lastRegion?["startColumn"] as? Int == 5)
  }

  @Test func sarifWithoutFindingsOrInformationUri() throws {
    let log = try parseSARIF(FindingFormatter.sarif([], toolVersion: "1.2.3", rules: []))
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    #expect((run["results"] as? [Any])?.isEmpty == true)
    let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
    #expect(driver?["informationUri"] == nil)
    #expect((driver?["rules"] as? [Any])?.isEmpty == true)
  }

  @Test func sarifEscapesStringsAndEncodesURIs() throws {
    let f = Finding(path: "my dir/ü#1.py", line: 1, column: 1, rule: "r", message: "quote \" backslash \\ tab \t nl \n bell \u{7} é ✓")
    let text = FindingFormatter.sarif([f], toolVersion: "v\"1", rules: [])
    let log = try parseSARIF(text)
    let result = try #require(((log["runs"] as? [[String: Any]])?[0]["results"] as? [[String: Any]])?.first)
    #expect((result["message"] as? [String: Any])?["text"] as? String == f.message)
    let uri = ((result["locations"] as? [[String: Any]])?[0]["physicalLocation"] as? [String: Any])
      .flatMap { ($0["artifactLocation"] as? [String: Any])?["uri"] as? String }
    #expect(uri == "my%20dir/%C3%BC%231.py")
    #expect(text.contains("é ✓"))  // non-ASCII stays UTF-8
    #expect(text.contains("\\u0007"))
  }

  @Test func sarifOmitsRegionWithoutALine() throws {
    let f = Finding(path: "a.py", line: 0, column: 0, rule: "r", message: "whole file")
    let log = try parseSARIF(FindingFormatter.sarif([f], toolVersion: "1", rules: []))
    let result = try #require(((log["runs"] as? [[String: Any]])?[0]["results"] as? [[String: Any]])?.first)
    let physical = (result["locations"] as? [[String: Any]])?[0]["physicalLocation"] as? [String: Any]
    #expect(physical?["region"] == nil)
    #expect(physical?["artifactLocation"] != nil)
  }

  // MARK: JSON

  @Test func findingAsJSON() {
    let json = JSONWriter.write(FindingFormatter.json(findings[0]), pretty: false)
    #expect(
      json
        == #"{"path":"b/routes.py","line":12,"column":5,"rule":"user-id-keyword","severity":"manual-review","message":"user_id= is not user_context=","transform":"factory-call"}"#
    )
  }
}
