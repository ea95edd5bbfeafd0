import Foundation
import SSOTMigrateTestSupport

/// Finds and runs the machine's python3 for tests that compare with CPython.
enum PythonTool {
  static func find() -> String? { PythonChecker.python }

  static func script(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/\(name)").path
  }

  static func run(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    let writer = Thread {
      if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  static func pythonFiles(under root: String) -> [String] {
    var files: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
      if relative.hasSuffix(".py") { files.append(root + "/" + relative) }
    }
    return files.sorted()
  }
}
