// swift-tools-version: 6.0
import Foundation
import PackageDescription

let package = Package(
    name: "avv",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "avv", targets: ["avv"]),
        .library(name: "AVVKit", targets: ["AVVKit"]),
        .executable(name: "avv-server", targets: ["avv-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "AVVKit",
            dependencies: [
                "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "avv",
            dependencies: [
                "AVVKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The web form: its own library and executable, so that `swift build --product avv`
        // never builds the web stack and AVVKit never depends on Hummingbird.
        .target(
            name: "AVVServer",
            dependencies: [
                "AVVKit",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "avv-server",
            dependencies: [
                "AVVServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AVVServerTests",
            dependencies: [
                "AVVServer",
                "avv",  // built first: the tests compare the server's documents with the CLI's
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "AVVKitTests",
            dependencies: ["AVVKit", "avv"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses, built only with AVV_FUZZ=1 so that `swift build` and `swift test` stay
// fast. Scripts/fuzz.sh builds and runs them (README, "Fuzzing").
if ProcessInfo.processInfo.environment["AVV_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["AVVKit", "CLibXML2"], path: "Fuzz/FuzzSupport"))
    for name in ["FuzzTemplate", "FuzzData"] {
        package.products.append(.executable(name: name, targets: [name]))
        package.targets.append(.executableTarget(
            name: name,
            dependencies: ["AVVKit", "FuzzSupport"],
            path: "Fuzz/\(name)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ))
    }
}
