import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle refund batch create|show|release|export`.
struct RefundBatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Disbursement batches: gather approved refunds, write the ACH file and check register, release (post) them once.",
        subcommands: [Create.self, Show.self, Release.self, Export.self])
}
