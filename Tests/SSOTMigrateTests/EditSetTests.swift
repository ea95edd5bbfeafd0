import PythonSource
import Testing

@testable import SSOTMigrate

@Suite struct EditSetTests {
  private func apply(_ edits: [Edit], to text: String) throws -> String {
    String(decoding: try EditSet.apply(edits, to: Array(text.utf8)), as: UTF8.self)
  }

  @Test func noEditsReturnsTheInput() throws {
    #expect(try apply([], to: "abc") == "abc")
    #expect(try apply([], to: "") == "")
    #expect(try EditSet([]).isEmpty)
  }

  @Test func singleReplacement() throws {
    let edit = Edit.replace(ByteRange(4, 7), with: "xyz", by: "t")
    #expect(try apply([edit], to: "def foo(): pass") == "def xyz(): pass")
  }

  @Test func manyEditsInAnyOrder() throws {
    let source = "a = f(1)\nb = f(2)\nc = f(3)\n"
    let edits: [Edit] = [
      .replace(ByteRange(22, 23), with: "g", by: "t"),
      .replace(ByteRange(4, 5), with: "g", by: "t"),
      .delete(ByteRange(9, 18), by: "t"),
      .insert("# header\n", at: 0, by: "t"),
    ]
    #expect(try apply(edits, to: source) == "# header\na = g(1)\nc = g(3)\n")
  }

  @Test func insertAtStartAndEnd() throws {
    let edits: [Edit] = [
      .insert("\n", at: 3, by: "end"),
      .insert(">", at: 0, by: "start"),
    ]
    #expect(try apply(edits, to: "abc") == ">abc\n")
    #expect(try apply([.insert("x", at: 0, by: "t")], to: "") == "x")
  }

  @Test func insertionsAtOneOffsetKeepTheirOrderAndPrecedeTheReplacement() throws {
    let edits: [Edit] = [
      .replace(ByteRange(1, 2), with: "R", by: "r"),
      .insert("1", at: 1, by: "a"),
      .insert("2", at: 1, by: "b"),
      .insert("3", at: 1, by: "c"),
    ]
    #expect(try apply(edits, to: "abc") == "a123Rc")
  }

  @Test func adjacentEditsDoNotConflict() throws {
    let edits: [Edit] = [
      .replace(ByteRange(0, 2), with: "X", by: "t1"),
      .replace(ByteRange(2, 4), with: "Y", by: "t2"),
      .insert("|", at: 4, by: "t3"),
    ]
    #expect(try apply(edits, to: "aabbcc") == "XY|cc")
  }

  @Test func overlapNamesBothEditsAndTransforms() {
    let edits: [Edit] = [
      .replace(ByteRange(12, 20), with: "y", by: "canonical-imports"),
      .replace(ByteRange(10, 15), with: "x", by: "factory-call"),
    ]
    #expect {
      try EditSet.apply(edits, to: Array(repeating: 0x61, count: 30))
    } throws: { error in
      String(describing: error)
        == "overlapping edits: factory-call 10..15 and canonical-imports 12..20"
    }
  }

  @Test func insertionStrictlyInsideAReplacementConflicts() {
    let edits: [Edit] = [
      .replace(ByteRange(10, 15), with: "x", by: "a"),
      .insert("y", at: 12, by: "b"),
    ]
    #expect(throws: EditConflict.self) {
      try EditSet.apply(edits, to: Array(repeating: 0x61, count: 30))
    }
  }

  @Test func differentReplacementsOfOneRangeConflict() {
    let edits: [Edit] = [
      .replace(ByteRange(1, 2), with: "x", by: "a"),
      .replace(ByteRange(1, 2), with: "y", by: "b"),
    ]
    #expect(throws: EditConflict.self) { try EditSet.apply(edits, to: Array("abc".utf8)) }
  }

  @Test func identicalDuplicatesApplyOnce() throws {
    let edits: [Edit] = [
      .insert("import x\n", at: 0, by: "factory-call"),
      .replace(ByteRange(0, 1), with: "b", by: "one"),
      .insert("import x\n", at: 0, by: "canonical-imports"),
      .replace(ByteRange(0, 1), with: "b", by: "two"),
    ]
    let set = try EditSet(edits)
    #expect(set.edits.count == 2)
    #expect(set.apply(to: Array("a\n".utf8)) == Array("import x\nb\n".utf8))
  }

  @Test func bytesOutsideTheEditsAreKeptExactly() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x61, 0x0D, 0x0A, 0xE9, 0x0D]
    let out = try EditSet.apply([.replace(ByteRange(3, 4), with: "b", by: "t")], to: bytes)
    #expect(out == [0xEF, 0xBB, 0xBF, 0x62, 0x0D, 0x0A, 0xE9, 0x0D])
  }
}
