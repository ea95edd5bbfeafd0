// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by the user's decision: Foundation, Dispatch and the toolchain's
// test libraries only.
// Release builds on Linux link the Swift runtime and Foundation statically (what
// `swift build --static-swift-stdlib` does): loading and relocating the shared libraries, ICU
// among them, took 10 ms of every run, and runtime calls such as `swift_retain` skip the PLT.
let release: [SwiftSetting] = [
  .unsafeFlags(["-wmo"], .when(configuration: .release)),
  .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
]
let staticRuntime: [LinkerSetting] = [
  .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
  name: "ssot-migrate",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "ssot-migrate", targets: ["ssot-migrate"]),
    .library(name: "SSOTMigrate", targets: ["SSOTMigrate"]),
  ],
  dependencies: [],
  targets: [
    .target(name: "PythonSource", swiftSettings: release),
    .target(name: "SSOTMigrate", dependencies: ["PythonSource"], swiftSettings: release),
    .executableTarget(name: "ssot-migrate", dependencies: ["SSOTMigrate"], swiftSettings: release, linkerSettings: staticRuntime),
    .executableTarget(name: "ssot-migrate-bench", dependencies: ["SSOTMigrate"], swiftSettings: release, linkerSettings: staticRuntime),
    .target(name: "SSOTMigrateTestSupport", dependencies: ["SSOTMigrate"], path: "Sources/SSOTMigrateTestSupport"),
    .testTarget(name: "PythonSourceTests", dependencies: ["PythonSource", "SSOTMigrateTestSupport"], exclude: ["Resources"]),
    .testTarget(name: "SSOTMigrateTests", dependencies: ["SSOTMigrate", "SSOTMigrateTestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["SSOTMigrateTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
