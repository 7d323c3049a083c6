"""Baseline for the long detail sheet: Python XlsxWriter (Debian python3-xlsxwriter) in
constant_memory mode writes the same cells as bench/cases/detail-exceljs.ts
(bench/lib/detail-cells.ts defines them). Run with /usr/bin/python3.
Usage: detail_xlsxwriter.py --rows N --out FILE
Prints one line: BENCH_RESULT {"ms":..., "rows":..., "peakRssMb":...}
"""
import datetime
import json
import resource
import sys
import time

import xlsxwriter

args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
rows = int(args.get("--rows", "100000"))
out = args["--out"]

HEADER = ["Deal ID", "Customer ID", "Customer", "Created", "Closed", "Amount",
          "Contract months", "Status", "Owner", "Win probability"]
WIDTHS = [12, 12, 18, 12, 12, 14, 16, 10, 10, 16]
STATUSES = ["won", "lost", "open"]
BASE = datetime.date(2023, 1, 1)
DAY = datetime.timedelta(days=1)

t0 = time.perf_counter()
wb = xlsxwriter.Workbook(out, {"constant_memory": True})
ws = wb.add_worksheet("Deals")
bold = wb.add_format({"bold": True})
date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
money = wb.add_format({"num_format": "#,##0.00"})
pct = wb.add_format({"num_format": "0%"})
for c, w in enumerate(WIDTHS):
    ws.set_column(c, c, w)
ws.freeze_panes(1, 0)
ws.autofilter(0, 0, rows, len(HEADER) - 1)
ws.write_row(0, 0, HEADER, bold)
for i in range(1, rows + 1):
    cust = (i * 7919) % 25000
    created = BASE + DAY * ((i * 13) % 1300)
    ws.write_string(i, 0, "D%08d" % i)
    ws.write_string(i, 1, "C%07d" % cust)
    ws.write_string(i, 2, "Customer %d" % cust)
    ws.write_datetime(i, 3, created, date_fmt)
    ws.write_datetime(i, 4, created + DAY * (i % 180), date_fmt)
    ws.write_number(i, 5, ((i * 7907) % 1500000) / 100 + 500, money)
    ws.write_number(i, 6, (i % 4) * 12)
    ws.write_string(i, 7, STATUSES[i % 3])
    ws.write_string(i, 8, "owner%02d" % (i % 40))
    ws.write_number(i, 9, (i % 100) / 100, pct)
wb.close()
ms = (time.perf_counter() - t0) * 1000
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("BENCH_RESULT " + json.dumps({"rows": rows, "ms": ms, "rowsPerSec": rows / (ms / 1000),
                                     "peakRssMb": peak_mb, "xlsxwriter": xlsxwriter.__version__}))
