import SSOTMigrate
import Testing

/// The pieces of an interactive review (issue 20): a choice of them never leaves a name unbound,
/// and all or none of them give back the phase's output or the original.
@Suite struct ReviewHunksTests {
  static let original = """
    from pkg.factory import create_manager
    import logging

    logger = logging.getLogger(__name__)


    async def first(ctx):
        return await create_manager(ctx)


    def unrelated():
        return "# a comment-looking string"


    async def second(ctx):
        return await create_manager(ctx)

    """

  static let output = """
    from pkg.manager import Manager
    import logging

    logger = logging.getLogger("app")


    async def first(ctx):
        return Manager(ctx=ctx)


    def unrelated():
        return "# a comment-looking string"


    async def second(ctx):
        return Manager(ctx=ctx)

    """

  @Test func allOrNoneGiveTheOutputOrTheOriginal() {
    let hunks = ReviewHunks(path: "pkg/a.py", original: Array(Self.original.utf8), output: Array(Self.output.utf8), roots: [""])
    #expect(hunks.bytes(accepting: Set(hunks.groups.indices)) == Array(Self.output.utf8))
    #expect(hunks.bytes(accepting: []) == Array(Self.original.utf8))
  }

  @Test func callsAndTheImportTheyNeedAreOnePiece() {
    let hunks = ReviewHunks(path: "pkg/a.py", original: Array(Self.original.utf8), output: Array(Self.output.utf8), roots: [""])
    // The import swap and both calls that use its names are one piece; the logger line (no
    // binding changes) is another.
    #expect(hunks.groups.count == 2)
    #expect(hunks.groups.map(\.lines) == [1...16, 4...4].sorted { $0.lowerBound < $1.lowerBound })
    let onlyLogger = hunks.groups.firstIndex { $0.lines == 4...4 }!
    let text = String(decoding: hunks.bytes(accepting: [onlyLogger]), as: UTF8.self)
    #expect(text.contains("from pkg.factory import create_manager") && text.contains("getLogger(\"app\")"))
  }

  @Test func aRenamedNameAndItsImportAreOnePieceButOtherUsesAreNot() {
    let original = "from a import Old\n\nx = Old\n\n\ny = 1\n\n\nz = Old\n"
    let output = "from b import New\n\nx = New\n\n\ny = 2\n\n\nz = New\n"
    let hunks = ReviewHunks(path: "m.py", original: Array(original.utf8), output: Array(output.utf8), roots: [""])
    #expect(hunks.groups.count == 2)
    let rename = hunks.groups.first { $0.lines.contains(1) }!
    #expect(rename.changes.count == 3)
    // Accepting only `y = 2` keeps every name bound.
    let other = hunks.groups.firstIndex { $0.lines == 6...6 }!
    #expect(String(decoding: hunks.bytes(accepting: [other]), as: UTF8.self) == "from a import Old\n\nx = Old\n\n\ny = 2\n\n\nz = Old\n")
  }

  @Test func editsOfAcceptedPiecesRebuildTheirBytes() throws {
    let hunks = ReviewHunks(path: "pkg/a.py", original: Array(Self.original.utf8), output: Array(Self.output.utf8), roots: [""])
    for g in hunks.groups.indices {
      let edits = try EditSet(hunks.edits(accepting: [g], by: "review"))
      #expect(edits.apply(to: Array(Self.original.utf8)) == hunks.bytes(accepting: [g]))
    }
  }
}
