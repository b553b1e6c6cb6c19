# billet's container image. What it runs is the packed `billet` tarball installed into an empty
# project, exactly as test/package-install.test.ts installs it (and then runs this file's
# ENTRYPOINT, CMD, ENV and HEALTHCHECK against it), so that test covers the image's contents.
#
#   docker build -t billet .
#   docker run --rm -p 3000:3000 -v billet-data:/data billet
#   docker run --rm -v billet-data:/data billet demo env --url http://127.0.0.1:3000
#
# For PostgreSQL + Redis (a fleet), see compose.yaml.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. The package: npm ci (with dev dependencies, for the build), then npm pack, which builds
#    (prepare) and ships the lockfile as npm-shrinkwrap.json (prepack).
FROM ${NODE_IMAGE} AS pack
WORKDIR /src
COPY package.json package-lock.json ./
COPY client/package.json client/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN mkdir /packs && npm pack --pack-destination /packs

# 2. The install: the tarball into an empty project, production dependencies only, native
#    modules (better-sqlite3) compiled here, where the compilers are.
FROM ${NODE_IMAGE} AS install
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/billet
COPY --from=pack /packs/ /tmp/packs/
RUN echo '{"name":"billet-image","private":true}' > package.json \
  && npm install --omit=dev --no-audit --no-fund /tmp/packs/billet-*.tgz \
  && rm -rf /tmp/packs ~/.npm

# 3. The image: Node and the installed tree, no compilers, no npm cache; runs as `node`.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=/data/billet.db \
    BILLET_LOG_FORMAT=json
COPY --from=install /opt/billet /opt/billet
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
WORKDIR /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/opt/billet/node_modules/.bin/billet"]
CMD ["serve"]
