"""Runs the comparison that bench/compare.sh sets up, and prints a Markdown report.

Each tool validates the same bytes in its own process, timed as a whole (start-up
included), in alternating rounds so that a noisy neighbour affects all tools alike.
Throughput is documents per second of the best round; peak memory is the largest
resident set of any round, from /usr/bin/time.
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time

CAPABILITIES = ["bootstrap", "etcd-backup", "etcd-defrag", "node-patch", "pack-deploy",
                "talos-upgrade", "kube-upgrade", "node-reboot", "hardening-apply"]
DIGEST = "sha256:" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def result_document(rng, index):
    """One varied, valid OperationResultSpec, as a runner writes it."""
    failed = rng.random() < 0.3
    steps = [{"Name": f"step-{n}", "Status": "Succeeded",
              "StartedAt": f"2026-04-01T10:{n:02d}:00.{rng.randrange(1, 999999999):09d}Z",
              "CompletedAt": f"2026-04-01T10:{n:02d}:30Z", "Message": "done"}
             for n in range(rng.randrange(0, 4))]
    artifacts = [{"Name": f"artifact-{n}", "Kind": "ConfigMap",
                  "Reference": f"ont-system/result-{index}-{n}", "Checksum": DIGEST}
                 for n in range(rng.randrange(0, 3))]
    return {
        "Phase": rng.choice(["", "launch", "bootstrap"]),
        "Status": "Failed" if failed else "Succeeded",
        "Capability": rng.choice(CAPABILITIES),
        "StartedAt": "2026-04-01T10:00:00Z",
        "CompletedAt": "2026-04-01T12:00:00.5+02:00",
        "Artifacts": artifacts or None,
        "FailureReason": {"Category": "ExecutionFailure", "Reason": f"step {index} failed",
                          "FailedStep": ""} if failed else None,
        "Steps": steps,
        "DeployedResources": None,
        "ClusterPackRef": "", "ClusterPackVersion": "", "RBACDigest": "", "WorkloadDigest": "",
    }


def configmap(document, index):
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": f"result-{index}", "namespace": "ont-system"},
            "data": {"result": json.dumps(document, separators=(",", ":"))}}


def write(path, value):
    with open(path, "w") as f:
        json.dump(value, f, separators=(",", ":"))


def run(command, cwd=None):
    """Runs a command under /usr/bin/time; returns (seconds, peak KiB, exit code, CPU
    seconds in user and system time)."""
    timed = ["/usr/bin/time", "-f", "%M %U %S"] + command
    start = time.perf_counter()
    done = subprocess.run(timed, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    seconds = time.perf_counter() - start
    peak, user, system = done.stderr.strip().splitlines()[-1].split()
    return seconds, int(peak), done.returncode, float(user) + float(system)


def wall(command):
    """Runs a command with nothing around it; returns its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


PY_JSONSCHEMA = """
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
schema = json.load(open(sys.argv[1]))
validator = Draft202012Validator(schema, format_checker=FormatChecker())
bad = sum(1 for d in json.load(open(sys.argv[2])) if not validator.is_valid(d))
sys.exit(1 if bad else 0)
"""

PY_FASTJSONSCHEMA = """
import json, sys, fastjsonschema
schema = json.load(open(sys.argv[1]))
schema.pop("$schema", None)
validate = fastjsonschema.compile(schema, formats={})
bad = 0
for d in json.load(open(sys.argv[2])):
    try:
        validate(d)
    except fastjsonschema.JsonSchemaException:
        bad += 1
sys.exit(1 if bad else 0)
"""

NODE_AJV = """
const fs = require('fs');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const ajv = new Ajv2020({strict: false, allErrors: false});
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2])));
let bad = 0;
for (const d of JSON.parse(fs.readFileSync(process.argv[3]))) { if (!validate(d)) bad++; }
process.exit(bad ? 1 : 0);
"""


def main():
    parser = argparse.ArgumentParser()
    for name in ["cli", "floor", "python", "check-jsonschema", "node-modules", "work"]:
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    rng = random.Random(42)

    documents = [result_document(rng, i) for i in range(100_000 // scale)]
    docs_path = os.path.join(work, "documents.json")
    write(docs_path, documents)
    subprocess.run([args.cli, "schema", "export", os.path.join(work, "schemas")], check=True,
                   stdout=subprocess.DEVNULL)
    schema_path = os.path.join(work, "schemas", "operation-result.schema.json")
    configmaps = {"apiVersion": "v1", "kind": "List", "metadata": {},
                  "items": [configmap(d, i) for i, d in enumerate(documents[:20_000 // scale])]}
    list_path = os.path.join(work, "configmaps.json")
    write(list_path, configmaps)
    one_path = os.path.join(work, "one-configmap.json")
    write(one_path, configmaps["items"][0])
    subset = 10_000 // scale
    subset_path = os.path.join(work, "documents-10k.json")
    write(subset_path, documents[:subset])
    check_dir = os.path.join(work, "check-jsonschema")
    os.makedirs(check_dir, exist_ok=True)
    check_files = []
    for i, d in enumerate(documents[:subset]):
        path = os.path.join(check_dir, f"{i}.json")
        write(path, d)
        check_files.append(path)

    script = os.path.join(work, "ajv.js")
    with open(script, "w") as f:
        f.write(NODE_AJV)
    tools = {
        "conductor-sdk validate": ([args.cli, "validate", "--kind", "operation-result",
                                    docs_path], len(documents)),
        "conductor-sdk validate, one core (`taskset -c 0`)": (
            ["taskset", "-c", "0", args.cli, "validate", "--kind", "operation-result",
             docs_path], len(documents)),
        "serde_json parse only (floor)": ([args.floor, docs_path], len(documents)),
        "ajv 8 + ajv-formats": (["env", f"NODE_PATH={args.node_modules}", "node", script,
                                 schema_path, docs_path], len(documents)),
        "fastjsonschema": ([args.python, "-c", PY_FASTJSONSCHEMA, schema_path, docs_path],
                           len(documents)),
        "Python jsonschema (formats)": ([args.python, "-c", PY_JSONSCHEMA, schema_path,
                                         subset_path], subset),
        "check-jsonschema": ([args.check_jsonschema, "--schemafile", schema_path] + check_files,
                             subset),
    }

    rounds = 1 if args.small else 3
    results = {name: [] for name in tools}
    for _ in range(rounds):
        for name, (command, count) in tools.items():
            results[name].append(run(command))

    list_runs = [run([args.cli, "validate", list_path]) for _ in range(rounds)]
    one_doc_path = os.path.join(work, "one-document.json")
    write(one_doc_path, [documents[0]])
    one_check_path = os.path.join(work, "one-document-alone.json")
    write(one_check_path, documents[0])
    node = ["env", f"NODE_PATH={args.node_modules}", "node", script, schema_path, one_doc_path]
    single = {
        "conductor-sdk validate (the ConfigMap)": [args.cli, "validate", one_path],
        "conductor-sdk validate (its result)": [args.cli, "validate", "--kind",
                                                "operation-result", one_doc_path],
        "serde_json parse only (its result)": [args.floor, one_doc_path],
        "ajv (its result)": node,
        "fastjsonschema (its result)": [args.python, "-c", PY_FASTJSONSCHEMA, schema_path,
                                        one_doc_path],
        "Python jsonschema (its result)": [args.python, "-c", PY_JSONSCHEMA, schema_path,
                                           one_doc_path],
        "check-jsonschema (its result)": [args.check_jsonschema, "--schemafile", schema_path,
                                          one_check_path],
        "a bare process (`conductor-sdk --version`)": [args.cli, "--version"],
    }
    single_runs = {name: [] for name in single}
    for _ in range(15):
        for name, command in single.items():
            single_runs[name].append(wall(command))

    print(f"# conductor-sdk comparison, {datetime.date.today()}")
    print()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.platform()}, Python {platform.python_version()}")
    print()
    print("| tool | documents | best docs/s | CPU time | peak memory | exit | conductor-sdk is |")
    print("|---|---|---|---|---|---|---|")
    ours = None
    rows = []
    for name, (command, count) in tools.items():
        best = min(s for s, _, _, _ in results[name])
        cpu = min(c for _, _, _, c in results[name])
        peak = max(p for _, p, _, _ in results[name])
        code = results[name][-1][2]
        rate = count / best
        if ours is None:
            ours = rate
        rows.append((name, count, rate, cpu, peak, code))
    for name, count, rate, cpu, peak, code in rows:
        print(f"| {name} | {count} | {rate:,.0f} | {cpu:.2f} s | {peak / 1024:.0f} MiB | "
              f"{code} | {ours / rate:.2f}x as fast |")
    print()
    print("Best docs/s is the whole process's wall time; CPU time is user plus system time, "
          "which exceeds the wall time when a tool uses more than one core.")
    print()
    best_list = min(s for s, _, _, _ in list_runs)
    peak_list = max(p for _, p, _, _ in list_runs)
    print(f"`kind: List` of {len(configmaps['items'])} result ConfigMaps: "
          f"{len(configmaps['items']) / best_list:,.0f} ConfigMaps/s, "
          f"peak memory {peak_list / 1024:.0f} MiB, exit {list_runs[-1][2]}.")
    print()
    print("One document, whole process, 15 alternating runs each:")
    print()
    print("| tool | median | min |")
    print("|---|---|---|")
    for name, times in single_runs.items():
        print(f"| {name} | {statistics.median(times) * 1000:.1f} ms | {min(times) * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
