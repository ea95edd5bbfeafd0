import Foundation
import PythonSource

/// Name bindings: definitions, parameters, targets of assignments, loops, `with` and `except`.
extension ModuleIndexBuilder {
  // MARK: - Bindings

  /// Binds the name spelled by token `token` (never a copied `String`: the table interns bytes).
  mutating func bind(_ kind: ModuleIndex.BindingKind, token: Int, statement: Int, scope: Int) {
    let t = tokens[token]
    bindings.bind(ModuleIndex.Binding(kind: kind, token: token, statement: statement), name: t.start, t.end, scope: scope)
  }

  /// Opens the scope of a def or class header, binds its name outside and its parameters inside.
  mutating func defineScope(_ kind: Scope.Kind, header: Int, statementStart: Int, end: Int, outer: Int) -> Int {
    let scope = scopes.count
    scopes.append(Scope(kind: kind, parent: outer, header: header))
    bindings.addScope()
    var nameToken = statementStart + 1
    if isKeyword(statementStart, .async) { nameToken += 1 }
    guard nameToken < end, tokens[nameToken].kind == .name else { return scope }
    if outer == 0 { moduleDefinitions.append(nameToken) }
    guard full else { return scope }
    roles[nameToken] = .definition
    bind(kind == .function ? .function : .class, token: nameToken, statement: header, scope: outer)
    if kind == .class {
      // Bases and keywords are evaluated outside; only the body is the class scope.
      return scope
    }
    for j in (nameToken + 1)..<end { scopeOfToken[j] = Int32(scope) }
    // Parameters: names that start a parameter inside the outermost parentheses.
    var depth = 0
    var expectingParameter = false
    var j = nameToken + 1
    while j < end {
      let t = tokens[j]
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          depth += 1
          if depth == 1 && t.firstByte == UInt8(ascii: "(") { expectingParameter = true }
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          depth -= 1
        case UInt8(ascii: ","):
          if depth == 1 { expectingParameter = true }
        case UInt8(ascii: "*"), UInt8(ascii: "/"):
          break
        default:
          if depth == 1 { expectingParameter = false }
        }
      } else if t.kind == .name && depth == 1 && expectingParameter {
        roles[j] = .definition
        bind(.parameter, token: j, statement: header, scope: scope)
        expectingParameter = false
      } else if !t.isTrivia {
        if depth == 1 { expectingParameter = false }
      }
      j += 1
    }
    return scope
  }

  /// Binds the names at target positions in `start..<end` (assignment and loop targets).
  mutating func bindTargets(_ start: Int, _ end: Int, _ kind: ModuleIndex.BindingKind, statement: Int, scope: Int) {
    var trailers: [Bool] = []
    for j in start..<end {
      let t = tokens[j]
      if t.kind == .op {
        switch t.firstByte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          trailers.append(opensTrailer(j, statementStart: start))
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
          if !trailers.isEmpty { trailers.removeLast() }
        default: break
        }
        continue
      }
      guard t.kind == .name, !trailers.contains(true), roles[j] == .reference || roles[j] == .store else { continue }
      let next = significant(from: j + 1, before: end)
      if next < end && tokens[next].kind == .op
        && (tokens[next].isOp(UInt8(ascii: ".")) || tokens[next].isOp(UInt8(ascii: "("))
          || tokens[next].isOp(UInt8(ascii: "[")))
      {
        continue
      }
      roles[j] = .store
      bind(kind, token: j, statement: statement, scope: scope)
    }
  }

  mutating func bindHeaderTargets(_ index: Int, _ start: Int, _ end: Int, scope: Int) {
    var first = start
    if isKeyword(first, .async) { first += 1 }
    if isKeyword(first, .`for`) {
      var j = first + 1
      var depth = 0
      while j < end {
        if tokens[j].kind == .op {
          let b = tokens[j].firstByte
          if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1 }
          if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { depth -= 1 }
        }
        if depth == 0 && isKeyword(j, .`in`) { break }
        j += 1
      }
      bindTargets(first + 1, j, .loopTarget, statement: index, scope: scope)
    } else if isKeyword(first, .with) || isKeyword(first, .except) {
      // `with a as b, c as (d, e):` / `except E as e:` — the target after each `as`.
      var j = first + 1
      while j < end {
        if isKeyword(j, .`as`) {
          var k = j + 1
          var depth = 0
          while k < end {
            if tokens[k].kind == .op {
              let b = tokens[k].firstByte
              if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") { depth += 1 }
              if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
              }
              if b == UInt8(ascii: ",") && depth == 0 { break }
            }
            k += 1
          }
          bindTargets(j + 1, k, isKeyword(first, .with) ? .withTarget : .exceptTarget, statement: index, scope: scope)
          j = k
        }
        j += 1
      }
    }
  }

  mutating func bindSimpleStatement(_ index: Int, _ start: Int, _ end: Int, scope: Int) {
    if isKeyword(start, .global) || isKeyword(start, .nonlocal) {
      for j in (start + 1)..<end where tokens[j].kind == .name {
        roles[j] = .store
        bind(.global, token: j, statement: index, scope: scope)
        if isKeyword(start, .global) && scope != 0 { bind(.global, token: j, statement: index, scope: 0) }
      }
      return
    }
    if isKeyword(start, .del) {
      bindTargets(start + 1, end, .deletion, statement: index, scope: scope)
      return
    }
    // The targets `scanStatement` collected.
    for target in assignmentTargets { bindTargets(target.start, target.end, .assignment, statement: index, scope: scope) }
    if scope == 0 { collectAll(start, end) }
  }

  /// Walrus targets and comprehension variables anywhere in a statement, as `scanStatement`
  /// found them.
  mutating func bindExpressionTargets(_ index: Int, scope: Int) {
    for target in expressionTargets {
      if target.end < 0 {
        roles[target.start] = .store
        bind(.walrus, token: target.start, statement: index, scope: scope)
      } else {
        bindTargets(target.start, target.end, .comprehension, statement: index, scope: scope)
      }
    }
  }
}
