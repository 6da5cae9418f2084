"""Validates the conformance corpus with Python jsonschema, draft 2020-12, formats asserted.

Usage: python validate.py JOB.json

JOB.json holds {"schemas": {NAME: PATH}, "documents": [{"id", "schema", "document"}]}.
Each schema file is loaded alone, as a tool that has only that file would. Prints
{"tool", "verdicts": {ID: {"valid", "errors"}}} as JSON on stdout.
"""

import json
import sys
from importlib.metadata import version

from jsonschema import Draft202012Validator, FormatChecker


def pointer(path):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    checker = FormatChecker()
    if "date-time" not in checker.checkers:
        sys.exit("jsonschema cannot check date-time here: install rfc3339-validator")
    validators = {}
    for name, path in job["schemas"].items():
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(schema, format_checker=checker)
    verdicts = {}
    for doc in job["documents"]:
        errors = validators[doc["schema"]].iter_errors(doc["document"])
        messages = sorted(f"{pointer(e.absolute_path)}: {e.message}" for e in errors)
        verdicts[doc["id"]] = {"valid": not messages, "errors": messages}
    tool = f"python-jsonschema {version('jsonschema')}"
    json.dump({"tool": tool, "verdicts": verdicts}, sys.stdout)


if __name__ == "__main__":
    main()
