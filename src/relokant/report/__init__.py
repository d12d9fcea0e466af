"""Reports on scenario runs: the summary table (pandas, or rich for the terminal) and an offline HTML report.

Input: a list of ``RunResult`` (scenario name, run id, summary with metric, geo, period, unit, p05, p50, p95).
Outputs: ``summary_table`` → DataFrame of display strings, ``render_summary`` → rich Table,
``write_html`` → one self-contained HTML file (plotly.js inline, works offline).
"""

from relokant.report.formatting import human_number, human_quantity, human_share
from relokant.report.html_report import render_html, write_html
from relokant.report.results import RunResult
from relokant.report.table import render_summary, summary_table

__all__ = [
    "RunResult",
    "human_number",
    "human_quantity",
    "human_share",
    "render_html",
    "render_summary",
    "summary_table",
    "write_html",
]
