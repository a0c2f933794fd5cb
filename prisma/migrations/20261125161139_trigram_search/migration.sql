-- Hand-written: the trigram operator classes below come from pg_trgm (a contrib extension on a
-- PostgreSQL server; loaded into PGlite by lib/db/pglite-extensions.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "kfunc_name_trgm_idx" ON "kfunc" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "kfunc_prototype_trgm_idx" ON "kfunc" USING GIN ("prototype" gin_trgm_ops);
