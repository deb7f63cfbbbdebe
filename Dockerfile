# syntax=docker/dockerfile:1
# Node 22 LTS, the exact release package.json pins (the `node` dev dependency and `engines`); a test keeps them equal.
FROM node:22.23.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# The production dependencies alone. npm keeps typescript in an `--omit=dev` tree because @nestjs/swagger names it
# as an optional peer (for its compile-time plugin, which the server never loads), so it is removed by hand.
FROM node:22.23.3-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver \
  && npm cache clean --force

FROM node:22.23.3-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 DATA_DIR=/app/data
WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app && mkdir -p /app/data && chown app:app /app/data
COPY --from=deps --chown=app:app /app/package.json ./
COPY --from=deps --chown=app:app /app/node_modules ./node_modules
COPY --from=build --chown=app:app /app/dist ./dist
# `node bin/hf.js <command>` (e.g. migrate run): runs dist/ as it is, there being no src/ here.
COPY --chown=app:app bin ./bin
USER app
EXPOSE 8000
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health/live').then(r=>process.exit(r.status===200?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/main.js"]
