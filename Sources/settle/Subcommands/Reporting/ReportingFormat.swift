import Foundation
import SettleDomain
import SwiftProtobuf

/// How the report commands write CSV, JSON and HTML: exact cents, escaped text.
enum ReportingFormat {
    /// Text safe inside HTML.
    static func html(_ text: String) -> String { HTMLEscaping.escaped(text) }

    /// The head of a self-contained document: readable on paper and on a phone (fluid
    /// tables that scroll sideways, no fixed widths, print colours kept plain).
    static func htmlHead(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(html(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1rem;color:#111;line-height:1.35}
        h1{font-size:1.3rem;margin:0 0 .5rem}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}
        .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem;min-width:100%}
        th,td{border-bottom:1px solid #ccc;padding:.25rem .5rem;text-align:left;white-space:nowrap}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .bad{color:#a00;font-weight:600}.ok{color:#060;font-weight:600}
        @media print{body{margin:0}.scroll{overflow:visible}th,td{white-space:normal}}
        </style></head><body>
        """
    }

    static let htmlTail = "</body></html>"
}
