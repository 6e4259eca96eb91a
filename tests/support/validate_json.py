#!/usr/bin/python3
"""Validates a JSON document against a JSON Schema (Debian's python3-jsonschema).

usage: validate_json.py SCHEMA DOCUMENT   -> exit 0 when valid, 1 with the errors otherwise
"""
import json
import pathlib
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        document = json.load(f)
    # Schemas refer to their siblings by $id; resolve those from the folder, never the network.
    store = {}
    for path in pathlib.Path(sys.argv[1]).parent.glob("*.schema.json"):
        with open(path, encoding="utf-8") as f:
            sibling = json.load(f)
        store[sibling["$id"]] = sibling
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    validator = validator_class(schema, resolver=resolver)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        path = "/".join(str(p) for p in error.path) or "(root)"
        print(f"{path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
