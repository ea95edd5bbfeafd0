#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import PythonSource

/// The value of a string token without prefix other than `u`/`r`, escapes or implicit
/// concatenation; nil for anything else (f-strings, bytes, escapes).
public func plainStringValue(_ token: Token, in file: SourceFile) -> String? {
  let bytes = file.bytes
  guard let body = plainStringBody(token, bytes) else { return nil }
  if bytes[body].contains(UInt8(ascii: "\\")) { return nil }
  return String(decoding: bytes[body], as: UTF8.self)
}

/// Where the body of a string token with no prefix but `u`/`r` lies (between its quotes); nil
/// for other prefixes (f-strings, bytes).
func plainStringBody(_ token: Token, _ bytes: [UInt8]) -> Range<Int>? {
  var s = token.start
  let e = token.end
  while s < e, bytes[s] != UInt8(ascii: "\""), bytes[s] != UInt8(ascii: "'") {
    let p = bytes[s] | 0x20
    if p != UInt8(ascii: "u") && p != UInt8(ascii: "r") { return nil }
    s += 1
  }
  guard s < e else { return nil }
  let quote = bytes[s]
  let q = e - s >= 6 && bytes[s + 1] == quote && bytes[s + 2] == quote ? 3 : 1
  guard e - s >= 2 * q else { return nil }
  return (s + q)..<(e - q)
}

/// The value of a string token that looks like a dotted Python path (`"pkg.mod.Name"`): a plain
/// string (`plainStringValue`) whose body is dotted identifier text with at least one dot.
/// Checked on the bytes before anything is allocated.
public func dottedPathValue(_ token: Token, in file: SourceFile) -> String? {
  let bytes = file.bytes
  guard let body = plainStringBody(token, bytes) else { return nil }
  let (start, end) = (body.lowerBound, body.upperBound)
  // Most strings that get this far are words without a dot (`"user_id"`): one `memchr`
  // rejects them.
  guard end > start, bytes.withUnsafeBufferPointer({ memchr($0.baseAddress! + start, Int32(UInt8(ascii: ".")), end - start) }) != nil else {
    return nil
  }
  // The body's bytes are the value (no escapes can pass the test below).
  var atPartStart = true
  var hasDot = false
  var i = start
  while i < end {
    let byte = bytes[i]
    if (byte | 0x20) &- 0x61 < 26 || byte == 0x5F || byte >= 0x80 {
      atPartStart = false
    } else if byte == UInt8(ascii: ".") {
      if atPartStart { return nil }
      atPartStart = true
      hasDot = true
    } else if byte &- 0x30 < 10 {
      if atPartStart { return nil }
    } else {
      return nil
    }
    i += 1
  }
  guard hasDot, !atPartStart else { return nil }
  return String(decoding: bytes[start..<end], as: UTF8.self)
}
