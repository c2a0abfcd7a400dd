# defacewatch: the monitoring daemon with Debian's Chromium headless shell, as a non-root user.
# Build:  docker build -t defacewatch .
# Run:    docker run -d --name defacewatch --stop-timeout 90 \
#           -v $PWD/targets:/app/targets:ro -v $PWD/defacewatch.yaml:/app/defacewatch.yaml:ro \
#           -v dw-baselines:/app/baselines -v dw-data:/app/data -p 127.0.0.1:9470:9470 \
#           -e DEFACEWATCH_SMTP_URL=smtp://alerts@mail.example:587 -e DEFACEWATCH_SMTP_PASSWORD=… defacewatch
# The data volume holds the SQLite outbox and incidents (data/defacewatch.db): keep it, or unsent alerts are lost.
# The image holds no targets: mount the agencies' files at /app/targets.

# Node 24 LTS is the supported runtime (the code stays compatible with Node 20, which is past end of life).
# Build stage: the full image has python3, make and g++, which build better-sqlite3 (the outbox).
# Only src/ is copied (.dockerignore keeps the rest out): npm ci's prepare builds it into dist/
# (tsconfig.build.json); the tools (tools/: eval, bench, demo, docs) are neither built nor shipped.
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:24-bookworm-slim
# The headless shell alone: captures never need full Chromium, which would add about 1 GB.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      chromium-headless-shell fonts-noto-cjk fonts-thai-tlwg ca-certificates tini \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-jpn tesseract-ocr-kor \
      tesseract-ocr-tha tesseract-ocr-vie tesseract-ocr-ind tesseract-ocr-msa tesseract-ocr-fil \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DEFACEWATCH_CHROMIUM=/usr/lib/chromium/chromium-headless-shell
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./schema
# `defacewatch` on PATH, so the commands printed in alert emails run as written (docker exec … defacewatch approve …).
RUN chmod 755 dist/cli/main.js && ln -s /app/dist/cli/main.js /usr/local/bin/defacewatch \
 && mkdir -p targets baselines data && chown -R node:node /app/baselines /app/data
# The `node` user of the official image: Chromium never runs as root in production.
USER node
VOLUME ["/app/baselines", "/app/data"]
# The TAXII 2.1 read side, when `sharing.server` is configured (listen on 0.0.0.0 inside the container; TLS in a reverse proxy).
EXPOSE 9470
# /dev/shm: Playwright starts Chromium with --disable-dev-shm-usage, so Docker's default 64 MB is enough
# and no --shm-size is needed.
# Healthy while the daemon writes its heartbeat (data/daemon.lock, every 30 s).
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 CMD ["defacewatch", "health", "--data", "/app/data"]
# On SIGTERM the daemon starts no new check and lets the ones in flight finish: a check may take its
# whole time budget (30 s by default, `timeoutMs` up to 300 s), so stop with a longer timeout than that
# (`docker run --stop-timeout 90`, compose `stop_grace_period: 90s`) or SIGKILL cuts a check short.
STOPSIGNAL SIGTERM
# tini reaps Chromium's child processes and forwards SIGTERM to the daemon.
ENTRYPOINT ["/usr/bin/tini", "--", "defacewatch"]
CMD ["run"]
