# Lumos: a PostgreSQL-wire-compatible server on SQLite.
#   docker build -t lumos .
#   docker run -p 5433:5433 -e LUMOS_PASSWORD=secret -v lumos-data:/data lumos
#   psql "host=127.0.0.1 port=5433 user=postgres password=secret"
# Listening on 0.0.0.0 requires a password (SCRAM-SHA-256): the container refuses to start without LUMOS_PASSWORD.
FROM node:20-bookworm-slim

# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency (the server runs its TypeScript sources directly), so dev dependencies can go.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY bin ./bin
COPY protocol ./protocol
COPY src ./src

ENV NODE_ENV=production \
    LUMOS_HOST=0.0.0.0 \
    LUMOS_PORT=5433 \
    LUMOS_DATA=/data
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 5433

# Exec form with node so SIGTERM reaches Lumos directly and it shuts down cleanly.
CMD ["node", "bin/lumos.mjs", "serve", "--host", "0.0.0.0"]
