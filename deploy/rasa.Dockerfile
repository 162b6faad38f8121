# Lotse's Rasa server: scripts/rasa.sh (`rasa run` with Lotse's channels, NLG, stores).
#   docker build -f deploy/rasa.Dockerfile -t lotse-rasa .      (from the repository root)
# The model, office/ and locales/ are mounted at run time, not baked in: the model is trained
# per office (its entity pipeline is built from office/*.yml), office files and texts change
# without a release, and so one image serves every office. Mount points: /opt/lotse/models
# (models/lotse.tar.gz and models/spacy/ of `make train`), /opt/lotse/office, /opt/lotse/locales.
# No secret is baked in: every setting comes from the environment (scripts/env.sh, README).

# the web chat widget (widget/dist), built as `make widget` builds it
FROM node:20-slim AS widget
WORKDIR /build/widget
COPY widget/package.json widget/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY widget/build.mjs ./
COPY widget/src ./src
RUN npm run --silent build

# the pinned requirements in a venv at the path it runs from (its scripts name it)
FROM python:3.10-slim AS builder
WORKDIR /opt/lotse
COPY requirements/rasa.txt requirements/
RUN python -m venv .venv \
    && .venv/bin/pip install --no-cache-dir --quiet pip==24.0 \
    && .venv/bin/pip install --no-cache-dir --quiet -r requirements/rasa.txt

FROM python:3.10-slim
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/lotse lotse
WORKDIR /opt/lotse
COPY --from=builder /opt/lotse/.venv .venv
COPY lotse lotse
COPY lotse_common lotse_common
COPY knowledge knowledge
COPY endpoints.yml credentials.yml ./
COPY scripts/env.sh scripts/rasa.sh scripts/
COPY deploy/rasa-start.sh deploy/healthcheck.py deploy/
COPY --from=widget /build/widget/dist widget/dist
# var/ writable (scripts/env.sh makes it); SQLite and the identity key file would go there,
# production uses PostgreSQL and LOTSE_IDENTITY_SECRET instead
RUN mkdir var && chown lotse:lotse var
# the project's packages by path, as `pip install -e .` does locally: an installed copy would
# move PROJECT_DIR (lotse_common/paths.py) into site-packages
ENV PYTHONPATH=/opt/lotse PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
# "today", office hours and free slots are the office's local time (date.today(), datetime.now()):
# German time, in POSIX form so that it needs no tzdata in the slim image (override with -e TZ=…)
ENV TZ=CET-1CEST,M3.5.0,M10.5.0/3
# numeric, so that Kubernetes can verify runAsNonRoot
USER 10001:10001
EXPOSE 5005
# /ready: the model is loaded, the conversation store takes a write, the action server is ready
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["/opt/lotse/.venv/bin/python", "/opt/lotse/deploy/healthcheck.py", "http://127.0.0.1:5005/ready"]
ENTRYPOINT ["/opt/lotse/deploy/rasa-start.sh"]
CMD ["--interface", "0.0.0.0", "--port", "5005"]
