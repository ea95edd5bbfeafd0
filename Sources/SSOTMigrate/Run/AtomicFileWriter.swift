/// The `FileWriter` of every real run: `AtomicWriter`'s temp file and rename, mode kept, and its
/// refusal of read-only files.
public struct AtomicFileWriter: FileWriter {
  public init() {}

  public func read(_ path: String) throws(FileIOError) -> [UInt8] {
    try AtomicWriter.readBytes(path)
  }

  public func write(_ bytes: [UInt8], to path: String) throws(FileIOError) {
    try AtomicWriter.write(bytes, to: path)
  }

  public func remove(_ path: String) throws(FileIOError) {
    try AtomicWriter.remove(path)
  }
}
