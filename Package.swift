// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by the user's decision: Foundation, Dispatch and the toolchain's
// test libraries only.
let release: [SwiftSetting] = [
  .unsafeFlags(["-wmo"], .when(configuration: .release)),
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
    .executableTarget(name: "ssot-migrate", dependencies: ["SSOTMigrate"], swiftSettings: release),
    .executableTarget(name: "ssot-migrate-bench", dependencies: ["SSOTMigrate"], swiftSettings: release),
    .target(name: "SSOTMigrateTestSupport", dependencies: ["SSOTMigrate"], path: "Sources/SSOTMigrateTestSupport"),
    .testTarget(name: "PythonSourceTests", dependencies: ["PythonSource", "SSOTMigrateTestSupport"], exclude: ["Resources"]),
    .testTarget(name: "SSOTMigrateTests", dependencies: ["SSOTMigrate", "SSOTMigrateTestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["SSOTMigrateTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
