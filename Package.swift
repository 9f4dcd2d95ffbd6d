// swift-tools-version: 6.0
import Foundation
import PackageDescription

let package = Package(
    name: "avv",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "avv", targets: ["avv"]),
        .library(name: "AVVKit", targets: ["AVVKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
