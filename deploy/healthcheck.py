"""Container health check of both images: `python deploy/healthcheck.py <url>` exits 0 when the
URL answers 200 within 5 s (the servers' /ready: model, conversation store, calendar, outbox).
No curl in python:3.10-slim, and the standard library is enough."""

import sys
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as answer:  # noqa: S310 - loopback URL
        sys.exit(0 if answer.status == 200 else 1)
except Exception:  # noqa: BLE001 - any failure means unhealthy
    sys.exit(1)
