# Dateline's image. The build stage installs every dependency (esbuild bundles dist/, and
# better-sqlite3 compiles if no prebuilt binary fits) and checks the packs; the runtime stage
# keeps the production dependencies only and runs the bot itself, as the unprivileged `node`
# user, so that `docker stop`'s SIGTERM reaches it. Data (the SQLite database and the built packs)
# is on the /app/data volume. See docs/operations.md ("Deploying") for what was and was not run.
FROM node:24-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts run after the sources are in: the two install scripts package.json allows, then the build.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY bin bin
COPY src src
COPY adapters adapters
COPY facts facts
RUN npm run build && node bin/dateline.js facts check facts && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    FACTS_DIR=/app/facts \
    DATELINE_DB=/app/data/dateline.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/bin bin
COPY --from=build /app/facts facts
RUN mkdir -m 700 /app/data && chown node:node /app/data
USER node
# The packs, validated and built beside the database at image build (a first start need not parse them).
RUN node bin/dateline.js facts build
VOLUME /app/data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "bin/dateline.js", "serve"]
