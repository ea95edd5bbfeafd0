import Testing

@testable import PythonSource

@Suite struct LineIndexTests {
  /// The definition, one byte at a time.
  func naiveStarts(_ bytes: [UInt8]) -> [Int] {
    var starts = [0]
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x0A {
        starts.append(i + 1)
      } else if bytes[i] == 0x0D {
        if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
        starts.append(i + 1)
      }
      i += 1
    }
    return starts
  }

  @Test func lineEndsOfEveryKind() {
    #expect(LineIndex([]).lineStarts == [0])
    #expect(LineIndex(Array("a\nb\r\nc\rd".utf8)).lineStarts == [0, 2, 5, 7])
    #expect(LineIndex(Array("\r\n\r\n\n\r\r".utf8)).lineStarts == [0, 2, 4, 5, 6, 7])
    // A CR LF split across the eight-byte words the scan reads.
    #expect(LineIndex(Array("1234567\r\n12345678\r".utf8)).lineStarts == [0, 9, 18])
    let index = LineIndex(Array("ab\ncd\r\nef".utf8))
    #expect(index.location(of: 0) == (1, 1))
    #expect(index.location(of: 4) == (2, 2))
    #expect(index.location(of: 8) == (3, 2))
  }

  @Test func matchesTheByteByByteDefinitionOnRandomInput() {
    var random = SystemRandomNumberGenerator()
    let alphabet: [UInt8] = [0x0A, 0x0D, 0x20, 0x61, 0x8A, 0x0B, 0x8D, 0xFF]
    for _ in 0..<300 {
      let bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      #expect(LineIndex(bytes).lineStarts == naiveStarts(bytes), "\(bytes)")
      // Without CR the index takes its memchr path.
      let lf = bytes.filter { $0 != 0x0D }
      #expect(LineIndex(lf).lineStarts == naiveStarts(lf), "\(lf)")
    }
  }

  /// `LineCounter` answers like `LineIndex` for offsets asked in order, and when an offset goes
  /// back (it counts again from the start).
  @Test func lineCounterAgreesWithTheIndex() {
    var random = SystemRandomNumberGenerator()
    let alphabet: [UInt8] = [0x0A, 0x0D, 0x20, 0x61]
    for _ in 0..<300 {
      var bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      if Bool.random(using: &random) { bytes.removeAll { $0 == 0x0D } }
      let index = LineIndex(bytes)
      var counter = LineCounter(bytes)
      var offsets = (0..<6).map { _ in Int.random(in: 0...bytes.count, using: &random) }
      if Bool.random(using: &random) { offsets.sort() }
      for offset in offsets { #expect(counter.line(of: offset) == index.line(of: offset), "\(bytes) at \(offset)") }
    }
  }
}
