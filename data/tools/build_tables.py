"""Build the CSV files in data/organisations and data/services from the raw shared data.

Run it from the folder that holds the raw files (or pass --source):

    cd /work/shared/data && python /path/to/data/tools/build_tables.py

What it does, file by file (data/README.md says the same for readers):

- organisations/uk_local_authorities.csv: mySociety's table, every row, only the columns
  the loader and a reader need (values unchanged).
- organisations/govuk_local_authorities.csv, nhs_trusts.csv, police_forces.csv: copies.
- services/lgsl.csv: GOV.UK's list of LGSL services, with the LGIL codes GOV.UK pairs with
  each one (from the Local Links Manager fallback links) added as a space-separated list.
"""

import argparse
import csv
import shutil
from collections import defaultdict
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent
AUTHORITY_COLUMNS = [
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "local-authority-type-name",
    "county-la",
    "combined-authority",
    "former-gss-codes",
    "current-authority",
    "lower-or-unitary",
    "gov-uk-slug",
    "snac",
]
COPIES = {
    "govuk_local_authorities.csv": "organisations/govuk_local_authorities.csv",
    "nhs_trusts_ods_etr.csv": "organisations/nhs_trusts.csv",
    "police_forces_england_wales.csv": "organisations/police_forces.csv",
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{path}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path.cwd(), help="the raw data folder")
    source = parser.parse_args().source.resolve()

    authorities = read(source / "uk_local_authorities.csv")
    write(
        OUT_DIR / "organisations/uk_local_authorities.csv",
        AUTHORITY_COLUMNS,
        [{column: row[column] for column in AUTHORITY_COLUMNS} for row in authorities],
    )

    for name, target in COPIES.items():
        (OUT_DIR / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, OUT_DIR / target)
        print(f"{OUT_DIR / target}: copied from {name}")

    lgil: dict[str, set[int]] = defaultdict(set)
    for pair in read(source / "lgsl_lgil_govuk_slugs.csv"):
        lgil[pair["lgsl_code"]].add(int(pair["lgil_code"]))
    write(
        OUT_DIR / "services/lgsl.csv",
        ["lgsl_code", "description", "providing_tier", "lgil_codes"],
        [
            {
                "lgsl_code": row["LGSL"],
                "description": row["Description"],
                "providing_tier": row["Providing Tier"],
                "lgil_codes": " ".join(str(code) for code in sorted(lgil[row["LGSL"]])),
            }
            for row in read(source / "lgsl_govuk_local_services.csv")
        ],
    )


if __name__ == "__main__":
    main()
