#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's fixtures and examples.
# Run from anywhere; needs python3 to split tests/fixtures/go-decode/decode-parity.json.
# The corpus is not committed: run this once before fuzzing, and again to refresh it.
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT

# Every fixture file, named after its path (go-wire/operation-result/x.json becomes
# go-wire-operation-result-x.json).
add() {
    local file=$1 name
    name=${file#"$root"/}
    name=${name#tests/}
    name=${name#fixtures/}
    cp "$file" "$seeds/${name//\//-}"
}
while IFS= read -r -d '' file; do
    add "$file"
done < <(find "$root/tests/fixtures/go-wire" "$root/tests/fixtures/configmaps" \
    "$root/tests/hostile" "$root/examples" -type f ! -name '*.md' -print0)

# Each input of the Go decoding parity cases, one file each.
python3 - "$root/tests/fixtures/go-decode/decode-parity.json" "$seeds" <<'PY'
import json, pathlib, sys
cases = json.load(open(sys.argv[1], encoding="utf-8"))
for case in cases:
    path = pathlib.Path(sys.argv[2]) / f"go-decode-{case['name']}.json"
    path.write_text(case["input"], encoding="utf-8")
PY

for target in read_documents typed_readers input_items yaml validate_configmap screen \
    check_items; do
    mkdir -p "$fuzz/corpus/$target"
    cp "$seeds"/* "$fuzz/corpus/$target/"
done

# go_time gets the RFC 3339-looking strings that the same files hold, one per file.
mkdir -p "$fuzz/corpus/go_time"
pattern='[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9:]+)?'
n=0
while IFS= read -r time; do
    n=$((n + 1))
    printf '%s' "$time" > "$fuzz/corpus/go_time/time-$n"
done < <(cat "$seeds"/* | grep -aoE "$pattern" | sort -u)

for target in "$fuzz"/corpus/*/; do
    echo "$(basename "$target"): $(find "$target" -type f | wc -l) files"
done
