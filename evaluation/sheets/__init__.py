"""Score sheets as data: the column layout, reading a sheet file, the checksums, and building the
tree in the database. The services in evaluation/services/sheets.py are the only writers that
views and commands call; this package holds what they share with the shipped-data loader.

- `parser`: read a .csv/.xlsx in the layout of data/ocop-criteria/sheet-*.csv into a ParsedSheet,
  or raise SheetFileError with row-level errors (nothing is written).
- `checks`: the README's checksums on a ParsedSheet or on a stored sheet.
- `builder`: write a ParsedSheet (or copy a stored sheet) with bulk inserts.
- `loader`: the shipped sheets listed in data/ocop-criteria/sheets.csv.
"""
