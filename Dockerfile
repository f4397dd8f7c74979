# syntax=docker/dockerfile:1

# ---- build: full install (TypeScript and the other dev tools), then compile src/ to dist/ ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer stays cached while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json codegen.ts ./
COPY schema/ schema/
COPY src/ src/
RUN npm run build:server

# ---- runtime: production dependencies, compiled JS, and the SDL that is read at run time ----
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# No dev tools in the image; the npm cache would only add size.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The server reads <dist>/../schema/*.graphql, so dist/ and schema/ sit side by side.
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
# The typed client's manifest of trusted documents, loaded at start-up (src/trusted-documents/index.ts).
COPY client/src/__generated__/persisted-documents.json ./client/src/__generated__/persisted-documents.json
# The embedded store (used when DATABASE_URL is unset) is the one place the process writes: a volume
# the unprivileged user owns, outside the read-only app files.
ENV GATEWAY_STORE_DIR=/data/store
RUN mkdir -p /data/store && chown -R node:node /data
VOLUME /data
# Files stay root-owned (read-only to the app); the process runs as the image's unprivileged user.
USER node
EXPOSE 4000
# Slim images have no curl: probe /healthz with Node's own fetch, on PORT if it was overridden.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Exec form, no shell and no `npm start`: Node is PID 1 and gets SIGTERM itself, and it drains
# in-flight requests before exiting. In production the server needs ROCKETCHAT_URL (with
# ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN), or GATEWAY_ALLOW_SIMULATORS=true.
CMD ["node", "dist/main.js"]
