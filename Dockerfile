# Continuum's container image: the Next.js standalone server, plus the database preparation
# (migrations, job queues, regions) bundled into one file for an init container.
#   docker build -t continuum .
#   docker run -e DATABASE_URL=… -e NEXTAUTH_SECRET=… -e CONTINUUM_KUBECONFIG=/etc/continuum/regions/kubeconfig …
# Debian-based, like the machines it is developed on; runs as an arbitrary non-root UID (OpenShift's restricted SCC).

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN CONTINUUM_STANDALONE=1 npm run build && npm run build:prepare

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/dist/prepare-database.mjs ./dist/prepare-database.mjs
# Group 0 owns the files, so the random UID OpenShift assigns (always in group 0) can read them.
RUN chgrp -R 0 /app && chmod -R g=u /app
USER 1001
EXPOSE 3000
CMD ["node", "server.js"]
