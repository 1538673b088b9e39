import Foundation
import XCTest

/// Debian's `chromium` in headless mode: renders a self-contained HTML file and screenshots
/// it, as a person opening the report would see it. Missing chromium skips the test on a
/// workstation but fails it in CI (`CI=true`), where `.ci/test` installs it.
enum HeadlessBrowser {
    static func executable() throws -> String {
        for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        let message = "chromium is not installed (apt-get install -y --no-install-recommends chromium; .ci/test installs it)"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail(message)
            throw PNGImage.Failure.corrupt(message)
        }
        throw XCTSkip(message)
    }

    /// Writes `html` to a file, screenshots it at 1000 × 1400 and returns the decoded PNG and
    /// its bytes. Killed after 90 s.
    static func screenshot(_ html: String, name: String) throws -> (image: PNGImage, png: Data) {
        let browser = try executable()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settle-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("\(name).html"), shot = folder.appendingPathComponent("\(name).png")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(folder.path)/profile",
                             "--screenshot=\(shot.path)", "--window-size=1000,1400", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        let png = try Data(contentsOf: shot)
        return (try PNGImage(png), png)
    }
}
