# Lotse's action server (rasa-sdk, no TensorFlow): what scripts/actions.sh runs, i.e. the
# office configuration check, then `python -m actions.server`.
#   docker build -f deploy/actions.Dockerfile -t lotse-actions .   (from the repository root)
# office/ and locales/ are mounted at run time (/opt/lotse/office, /opt/lotse/locales), as for
# the Rasa server; calendar, outbox and feedback live in PostgreSQL (LOTSE_ACTIONS_DB_URL), or
# without it in SQLite files under /opt/lotse/var (mount a volume there).
# No secret is baked in: every setting comes from the environment.

# the pinned requirements in a venv at the path it runs from (its scripts name it)
FROM python:3.10-slim AS builder
WORKDIR /opt/lotse
COPY requirements/actions.txt requirements/
RUN python -m venv .venv \
    && .venv/bin/pip install --no-cache-dir --quiet pip==24.0 \
    && .venv/bin/pip install --no-cache-dir --quiet -r requirements/actions.txt

FROM python:3.10-slim
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/lotse lotse
WORKDIR /opt/lotse
COPY --from=builder /opt/lotse/.venv .venv
COPY actions actions
COPY lotse_common lotse_common
COPY knowledge knowledge
COPY scripts/actions.sh scripts/
COPY deploy/healthcheck.py deploy/
RUN mkdir var && chown lotse:lotse var
# inside a container loopback would be unreachable: listen on all interfaces of the
# container (no port is published; calls need LOTSE_ACTION_SECRET)
ENV PYTHONPATH=/opt/lotse PYTHONUNBUFFERED=1 LOTSE_ACTIONS_HOST=0.0.0.0 LOTSE_ACTIONS_PORT=5055
# "today", office hours and free slots are the office's local time (date.today(), datetime.now()):
# German time, in POSIX form so that it needs no tzdata in the slim image (override with -e TZ=…)
ENV TZ=CET-1CEST,M3.5.0,M10.5.0/3
# numeric, so that Kubernetes can verify runAsNonRoot
USER 10001:10001
EXPOSE 5055
# /ready: the calendar and the outbox take a write
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/opt/lotse/.venv/bin/python", "/opt/lotse/deploy/healthcheck.py", "http://127.0.0.1:5055/ready"]
CMD ["/opt/lotse/scripts/actions.sh"]
