import ArgumentParser
import SettleContracts

/// `settle collections hold place|release`: a collection hold on an amount, with a reason and
/// an expiry date.
struct CollectionsHold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Place or release a collection hold: the held amount is left out of notices and disconnection until it expires.",
        subcommands: [CollectionsHoldPlace.self, CollectionsHoldRelease.self, CollectionsHoldList.self])
}
