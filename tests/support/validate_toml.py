#!/usr/bin/python3
"""Validates TOML manifests against schemas/manifest.schema.json (tomllib + python3-jsonschema).

usage: validate_toml.py SCHEMA FILE...   -> exit 0 when every file is valid
"""
import json
import sys
import tomllib

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failed = 0
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            document = tomllib.load(f)
        for error in validator.iter_errors(document):
            where = "/".join(str(p) for p in error.path) or "(root)"
            print(f"{path}: {where}: {error.message}")
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())
