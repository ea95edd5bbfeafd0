#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PythonSource

extension ModuleIndex {
  /// The name bindings of every scope of a module, in one table.
  ///
  /// A dictionary per scope holding an array per name made every function of a file cost a
  /// dictionary, its rehashes as it grew, an array per name and a `String` plus a SipHash per
  /// binding; the analysis spent more time there than reading tokens. Here a name is interned
  /// once per file by its bytes (FNV-1a, open addressing, compared with the source in place),
  /// and a binding is an entry in one flat array, chained per (name, scope). A `String` is made
  /// only when someone asks for the names.
  public struct BindingTable: Sendable, RandomAccessCollection {
    struct Entry: Sendable {
      let binding: Binding
      var next: Int32
    }

    /// Per (name, scope) that has bindings: its chain of entries.
    struct Chain: Sendable {
      let name: Int32
      let scope: Int32
      let first: Int32
      var last: Int32
    }

    private let source: [UInt8]
    /// Open-addressing table of name ids + 1 (0 = empty); its size is a power of two.
    private var slots: [Int32]
    /// Per name id: where the name is spelled (its first binding token), its hash, its chains.
    private var spellings: [(start: Int32, end: Int32)] = []
    private var hashes: [UInt32] = []
    private var chains: [Chain] = []
    /// Open-addressing table of chain indices + 1 by (name id, scope): a parameter name such as
    /// `self` has a chain in every function, so a list per name would make binding quadratic.
    private var chainSlots: [Int32]
    private var entries: [Entry] = []
    /// Chains in the order each name was first bound in its scope.
    private var order: [Int32] = []
    private var scopeCount: Int

    /// A table over `source` for `scopes` scopes, sized for about `expected` names.
    init(source: [UInt8], scopes: Int, expected: Int) {
      self.source = source
      scopeCount = scopes
      var size = 16
      while size < expected * 2 { size *= 2 }
      slots = Array(repeating: 0, count: size)
      chainSlots = Array(repeating: 0, count: size)
      entries.reserveCapacity(expected)
      chains.reserveCapacity(expected)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { scopeCount }
    public subscript(scope: Int) -> ScopeBindings { ScopeBindings(table: self, scope: scope) }

    mutating func addScope() { scopeCount += 1 }

    /// Records `binding` of the name spelled by `source[start..<end]` in `scope`.
    mutating func bind(_ binding: Binding, name start: Int, _ end: Int, scope: Int) {
      let id = intern(start, end)
      let entry = Int32(entries.count)
      entries.append(Entry(binding: binding, next: -1))
      var slot = chainSlot(id, scope)
      if chainSlots[slot] != 0 {
        let c = Int(chainSlots[slot] - 1)
        entries[Int(chains[c].last)].next = entry
        chains[c].last = entry
        return
      }
      if (chains.count + 1) * 2 > chainSlots.count {
        growChains()
        slot = chainSlot(id, scope)
      }
      chainSlots[slot] = Int32(chains.count + 1)
      order.append(Int32(chains.count))
      chains.append(Chain(name: Int32(id), scope: Int32(scope), first: entry, last: entry))
    }

    /// The slot of (name `id`, `scope`): the one holding its chain, or the empty one where it goes.
    private func chainSlot(_ id: Int, _ scope: Int) -> Int {
      let mask = chainSlots.count - 1
      let key = UInt64(UInt32(truncatingIfNeeded: id)) << 32 | UInt64(UInt32(truncatingIfNeeded: scope))
      var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
      while chainSlots[slot] != 0 {
        let chain = chains[Int(chainSlots[slot] - 1)]
        if chain.name == Int32(id) && chain.scope == Int32(scope) { return slot }
        slot = (slot + 1) & mask
      }
      return slot
    }

    private mutating func growChains() {
      chainSlots = Array(repeating: 0, count: chainSlots.count * 2)
      for (c, chain) in chains.enumerated() {
        let slot = chainSlot(Int(chain.name), Int(chain.scope))
        chainSlots[slot] = Int32(c + 1)
      }
    }

    // MARK: - Names

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32 {
      var h: UInt32 = 2_166_136_261
      for i in start..<end { h = (h ^ UInt32(bytes[i])) &* 16_777_619 }
      return h
    }

    private func spells(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
      let spelling = spellings[id]
      guard Int(spelling.end - spelling.start) == end - start else { return false }
      return source.withUnsafeBufferPointer { own in
        var i = Int(spelling.start)
        var j = start
        while j < end {
          if own[i] != bytes[j] { return false }
          i += 1
          j += 1
        }
        return true
      }
    }

    /// The id of a name given as bytes, or nil if nothing binds it.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
      let mask = slots.count - 1
      var slot = Int(Self.hash(bytes, start, end)) & mask
      while slots[slot] != 0 {
        let id = Int(slots[slot] - 1)
        if spells(id, bytes, start, end) { return id }
        slot = (slot + 1) & mask
      }
      return nil
    }

    /// The id of the name spelled by `source[start..<end]`, a new one if it is not bound yet.
    /// Probes inline, comparing stored hashes before bytes: a closure over `self` here copied the
    /// whole table (and retained each of its arrays) on every binding.
    private mutating func intern(_ start: Int, _ end: Int) -> Int {
      let h = source.withUnsafeBufferPointer { Self.hash($0, start, end) }
      var mask = slots.count - 1
      var slot = Int(h) & mask
      while slots[slot] != 0 {
        let id = Int(slots[slot] - 1)
        if hashes[id] == h && spellsOwn(id, start, end) { return id }
        slot = (slot + 1) & mask
      }
      if (spellings.count + 1) * 2 > slots.count {
        grow()
        mask = slots.count - 1
        slot = Int(h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
      }
      let id = spellings.count
      spellings.append((Int32(start), Int32(end)))
      hashes.append(h)
      slots[slot] = Int32(id + 1)
      return id
    }

    /// True when name `id` is spelled like `source[start..<end]`.
    private func spellsOwn(_ id: Int, _ start: Int, _ end: Int) -> Bool {
      let spelling = spellings[id]
      let length = end - start
      guard Int(spelling.end - spelling.start) == length else { return false }
      return source.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(spelling.start), $0.baseAddress! + start, length) == 0 }
    }

    private mutating func grow() {
      slots = Array(repeating: 0, count: slots.count * 2)
      let mask = slots.count - 1
      for (id, h) in hashes.enumerated() {
        var slot = Int(h) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(id + 1)
      }
    }

    private func name(_ id: Int) -> String {
      let spelling = spellings[id]
      return String(decoding: source[Int(spelling.start)..<Int(spelling.end)], as: UTF8.self)
    }

    // MARK: - Questions

    private func chain(of name: String, in scope: Int) -> Chain? {
      // A native string's bytes are read in place (`withUTF8` needs a `var`: a copy, retained
      // and released); another kind is copied out first.
      let found = name.utf8.withContiguousStorageIfAvailable { find($0, 0, $0.count) }
      guard let id = found ?? Array(name.utf8).withUnsafeBufferPointer({ find($0, 0, $0.count) }) else { return nil }
      let slot = chainSlot(id, scope)
      return chainSlots[slot] == 0 ? nil : chains[Int(chainSlots[slot] - 1)]
    }

    private func list(_ chain: Chain) -> [Binding] {
      var list: [Binding] = []
      var entry = chain.first
      while entry >= 0 {
        list.append(entries[Int(entry)].binding)
        entry = entries[Int(entry)].next
      }
      return list
    }

    /// The bindings of `name` in `scope`, as `self[scope][name]` gives them without copying the
    /// table into a `ScopeBindings` (which retains each of its arrays).
    public func bindings(of name: String, in scope: Int) -> [Binding]? {
      // Not `.map(list)`: the method as a closure captured a copy of the table.
      guard let chain = chain(of: name, in: scope) else { return nil }
      return list(chain)
    }

    /// Every scope that binds `name`, in the order it was first bound there, with its bindings:
    /// one lookup of the name instead of one per scope.
    public func scopes(binding name: String) -> [(scope: Int, bindings: [Binding])] {
      var name = name
      guard let id = name.withUTF8({ find($0, 0, $0.count) }) else { return [] }
      return order.compactMap { c in
        let chain = chains[Int(c)]
        return chain.name == Int32(id) ? (Int(chain.scope), list(chain)) : nil
      }
    }

    func names(in scope: Int) -> [(name: String, bindings: [Binding])] {
      order.compactMap { c in
        let chain = chains[Int(c)]
        return chain.scope == Int32(scope) ? (name(Int(chain.name)), list(chain)) : nil
      }
    }

    /// The bindings of one scope: `bindings[scope][name]` as with a dictionary, `keys`, and
    /// iteration in the order names were first bound.
    public struct ScopeBindings: Sequence {
      let table: BindingTable
      let scope: Int

      public subscript(name: String) -> [Binding]? { table.bindings(of: name, in: scope) }

      public var keys: [String] { table.names(in: scope).map(\.name) }

      public func makeIterator() -> IndexingIterator<[(name: String, bindings: [Binding])]> {
        table.names(in: scope).makeIterator()
      }
    }
  }
}
