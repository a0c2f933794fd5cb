import { defineConfig } from "prisma/config";

// Prisma 7 keeps the connection string out of schema.prisma. The CLI only needs it for
// `migrate`/`db` commands on a machine that has Prisma's schema engine; this project applies
// its committed migrations itself (scripts/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/postgres" },
});
