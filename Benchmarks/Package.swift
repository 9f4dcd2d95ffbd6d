// swift-tools-version: 6.0
// The benchmark: avv against peer template engines on the shipped AV-Vertrag.
// Its own package, so that the main package's build, tests and CI never fetch or build
// the peer engines. Build and run: see README.md.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name: `avv` in a plain clone, something else
// in a second work tree.
let avvPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "avv-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
    ],
    targets: [
        .executableTarget(
            name: "avv-bench",
            dependencies: [
                .product(name: "AVVKit", package: avvPackage),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Stencil", package: "Stencil"),
            ],
            path: "Sources/AVVBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
