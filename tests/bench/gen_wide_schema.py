#!/usr/bin/python3
"""Writes manifests for a wide schema: N tables of 15 columns, 3 indexes and 1 foreign key each.

usage: gen_wide_schema.py DIR [TABLES]   (one manifest file per 100 tables)
"""
import pathlib
import sys

TYPES = ["int64", "varchar(64)", "text", "decimal(12,2)", "timestamptz", "bool", "int32"]


def table(i: int) -> str:
    parent = f"t{i - 1:05d}" if i > 0 else f"t{i:05d}"
    lines = [f"[tables.t{i:05d}]", 'primary_key = ["id"]', "columns = ["]
    lines.append('  { name = "id", type = "int64", identity = true },')
    lines.append('  { name = "parent_id", type = "int64", nullable = true },')
    for c in range(13):
        kind = TYPES[c % len(TYPES)]
        extra = ', nullable = true' if c % 3 == 0 else ''
        extra += ', default = "0"' if kind.startswith("int") and c % 2 == 0 else ''
        lines.append(f'  {{ name = "c{c:02d}", type = "{kind}"{extra} }},')
    lines.append("]")
    lines.append("indexes = [")
    lines.append(f'  {{ name = "t{i:05d}_a", columns = ["c00"] }},')
    lines.append(f'  {{ name = "t{i:05d}_b", columns = ["c01", "c02"] }},')
    lines.append(f'  {{ name = "t{i:05d}_c", columns = ["parent_id"] }},')
    lines.append("]")
    lines.append(f'foreign_keys = [ {{ name = "t{i:05d}_parent_fk", columns = ["parent_id"], '
                 f'references = {{ table = "{parent}" }} }} ]')
    return "\n".join(lines) + "\n"


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    out.mkdir(parents=True, exist_ok=True)
    for start in range(0, count, 100):
        text = "\n".join(table(i) for i in range(start, min(start + 100, count)))
        (out / f"tables_{start:05d}.toml").write_text(text)


if __name__ == "__main__":
    main()
