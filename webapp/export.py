"""Search results as a CSV file a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io

from indexer import ExportRow, SearchExport
from indexer.present.coverage import Comparison

EXPORT_FORMATS = ("csv", "json")
# A cell starting with one of these is a formula to a spreadsheet: scraped titles are not
# trusted, so such a cell is prefixed with an apostrophe and shown as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_csv(exported: SearchExport) -> str:
    """A header row, then one row per article, in the search's order."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ExportRow.FIELDS)
    for row in exported.rows:
        writer.writerow([_safe_cell(getattr(row, name)) for name in ExportRow.FIELDS])
    return out.getvalue()


def _safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def comparison_csv(comparison: Comparison) -> str:
    """One row per period: its dates, the articles indexed, then each query's count and share."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = [_safe_cell(line.query) for line in comparison.lines]
    writer.writerow(["start", "end", "total", *(f"{name} {kind}" for name in names for kind in ("count", "ratio"))])
    for n, period in enumerate(comparison.periods):
        cells = [value for line in comparison.lines for value in (line.counts[n], line.ratios[n])]
        writer.writerow([period.start, period.end, period.total, *cells])
    return out.getvalue()
