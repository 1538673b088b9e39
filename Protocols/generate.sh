#!/usr/bin/env bash
# Regenerates the Swift code for every contract in Protocols/ and commits nothing.
#   Protocols/settle/wire/v1/*.proto → Sources/SettleWire/Generated (the wire's control messages)
#   every other .proto               → Protocols/Swift/Generated (messages)
#                                      Protocols/Swift/Services  (descriptors, service protocols, clients)
# Needs protoc (Debian: protobuf-compiler); builds protoc-gen-swift from the resolved swift-protobuf.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

if ! command -v protoc >/dev/null; then
  echo "installing protobuf-compiler" >&2
  apt-get update -qq && apt-get install -y -qq protobuf-compiler >/dev/null
fi
swift package resolve >/dev/null
plugin="$root/.build-protoc/release/protoc-gen-swift"
if [ ! -x "$plugin" ]; then
  swift build -c release --package-path .build/checkouts/swift-protobuf \
    --scratch-path "$root/.build-protoc" --product protoc-gen-swift
fi

# UseAccessLevelOnImports: the generated files say `public import SwiftProtobuf`, since public
# messages conform to its protocols (the package builds with InternalImportsByDefault).
opts=(--plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores
      --swift_opt=UseAccessLevelOnImports=true -I "$here")

# Generate into a scratch folder, then replace the committed folders, so a failed run
# leaves the tree as it was.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/wire" "$scratch/Generated" "$scratch/Services"
protoc "${opts[@]}" --swift_out="$scratch/wire" "$here"/settle/wire/v1/*.proto
contracts=$(cd "$here" && find settle -name '*.proto' ! -path 'settle/wire/*' | sort)
(cd "$here" && protoc "${opts[@]}" --swift_out="$scratch/Generated" $contracts)
python3 "$here/gen_services.py" --out "$scratch/Services" $(for f in $contracts; do echo "$here/$f"; done)
for pair in "wire:Sources/SettleWire/Generated" "Generated:Protocols/Swift/Generated" "Services:Protocols/Swift/Services"; do
  from="$scratch/${pair%%:*}"; to="${pair#*:}"
  rm -rf "$to.old"; [ -d "$to" ] && mv "$to" "$to.old"
  mkdir -p "$(dirname "$to")"; cp -R "$from" "$to"; rm -rf "$to.old"
done
echo "generated: $(find Sources/SettleWire/Generated Protocols/Swift -name '*.swift' | wc -l) files"
