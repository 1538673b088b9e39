import Foundation
import SettleDomain
import Synchronization

/// A progress bar on standard error for one phase of the demo: redrawn in place on a
/// terminal, a line at each quarter otherwise (so logs of a CI run stay readable).
final class DemoProgress: Sendable {
    private let title: String
    private let total: Int
    private let done = Atomic<Int>(0)
    private let lastQuarter = Atomic<Int>(0)
    private let started = ContinuousClock.now
    private let terminal = isatty(STDERR_FILENO) == 1
    private let quiet: Bool

    init(_ title: String, total: Int, quiet: Bool = false) {
        self.title = title
        self.total = max(1, total)
        self.quiet = quiet
        draw(0)
    }

    func advance(by count: Int = 1) {
        let now = done.add(count, ordering: .relaxed).newValue
        if terminal {
            if now == total || now % max(1, total / 200) == 0 { draw(now) }
        } else {
            let quarter = now * 4 / total
            if quarter > lastQuarter.load(ordering: .relaxed), lastQuarter.exchange(quarter, ordering: .relaxed) < quarter, quarter < 4 {
                draw(now)
            }
        }
    }

    /// Ends the bar with the phase's time; returns the seconds it took.
    @discardableResult
    func finish(_ note: String = "") -> Double {
        let seconds = (ContinuousClock.now - started).seconds
        guard !quiet else { return seconds }
        let line = "\(pad(title)) \(bar(1.0)) \(format(total)) in \(String(format: "%.1f", seconds)) s\(note.isEmpty ? "" : "  " + note)"
        FileHandle.standardError.write(Data((terminal ? "\r" + line + "\u{1B}[K\n" : line + "\n").utf8))
        return seconds
    }

    private func draw(_ now: Int) {
        guard !quiet else { return }
        let fraction = Double(now) / Double(total)
        let line = "\(pad(title)) \(bar(fraction)) \(format(now))/\(format(total))"
        FileHandle.standardError.write(Data((terminal ? "\r" + line + "\u{1B}[K" : line + "\n").utf8))
    }

    private func pad(_ text: String) -> String { text.padding(toLength: 26, withPad: " ", startingAt: 0) }

    private func bar(_ fraction: Double) -> String {
        let width = 30
        let filled = max(0, min(width, Int((fraction * Double(width)).rounded(.down))))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "]"
    }

    private func format(_ value: Int) -> String { DemoFormat.count(value) }
}

/// Number formatting shared by the demo's output.
enum DemoFormat {
    static func count(_ value: Int) -> String { Grouped.whole(value) }

    static func dollars(cents: Int64) -> String { Dollars.signed(cents) }
}
