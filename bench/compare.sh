#!/usr/bin/env bash
# Compares conductor-sdk's validator with the tools people use for the same job, on the same
# machine in one run: Python jsonschema, fastjsonschema, check-jsonschema, ajv, and a floor
# that only parses the bytes with serde_json. Installs what it needs into target/bench-tools
# (pip and npm, from their registries) and builds release binaries; prints a Markdown report.
#
#   bash bench/compare.sh            # the full workload: 100,000 documents, 20,000 ConfigMaps
#   SMALL=1 bash bench/compare.sh    # a quick run with a tenth of the workload
set -euo pipefail
cd "$(dirname "$0")/.."

tools=target/bench-tools
mkdir -p "$tools"

echo "== installing the comparison tools into $tools" >&2
if [ ! -x "$tools/venv/bin/python" ]; then
    python3 -m venv "$tools/venv" >&2
fi
"$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
    jsonschema==4.26.0 rfc3339-validator==0.1.4 fastjsonschema==2.22.3 \
    check-jsonschema==0.39.0 >&2
if [ ! -d "$tools/node/node_modules/ajv" ]; then
    mkdir -p "$tools/node"
    npm install --prefix "$tools/node" --no-audit --no-fund --loglevel=error \
        ajv@8.20.0 ajv-formats@3.0.1 >&2
fi

echo "== building release binaries" >&2
cargo build --release --quiet --bin conductor-sdk >&2
cargo build --release --quiet --manifest-path bench/floor/Cargo.toml \
    --target-dir target/bench-floor >&2

"$tools/venv/bin/python" bench/compare.py \
    --cli target/release/conductor-sdk \
    --floor target/bench-floor/release/parse-floor \
    --python "$tools/venv/bin/python" \
    --check-jsonschema "$tools/venv/bin/check-jsonschema" \
    --node-modules "$tools/node/node_modules" \
    --work target/bench-work \
    ${SMALL:+--small}
