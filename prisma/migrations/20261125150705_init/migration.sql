-- CreateEnum
CREATE TYPE "LifecycleState" AS ENUM ('UNSTABLE', 'STABLE', 'DEPRECATED', 'REMOVED');

-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('SOURCE_TREE', 'TARBALL', 'GIT_REF', 'BTF');

-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('INTRODUCED', 'REMOVED', 'REINTRODUCED', 'SIGNATURE_CHANGED', 'FLAGS_CHANGED', 'PROG_TYPES_CHANGED', 'RENAMED', 'PROMOTED', 'DEPRECATED', 'UNDEPRECATED', 'POLICY_VIOLATION');

-- CreateEnum
CREATE TYPE "EventOrigin" AS ENUM ('INGEST', 'DOCUMENTED', 'DECISION');

-- CreateTable
CREATE TABLE "release" (
    "id" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "major" INTEGER NOT NULL,
    "minor" INTEGER NOT NULL,
    "released_on" DATE,

    CONSTRAINT "release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingestion" (
    "id" SERIAL NOT NULL,
    "release_id" INTEGER NOT NULL,
    "source_kind" "SourceKind" NOT NULL,
    "origin" TEXT NOT NULL,
    "source_ref" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "tool_version" TEXT NOT NULL,
    "ingested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kfunc_count" INTEGER NOT NULL,
    "added" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ingestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kfunc" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "state" "LifecycleState" NOT NULL DEFAULT 'UNSTABLE',
    "subsystem" TEXT NOT NULL,
    "summary" TEXT,
    "prototype" TEXT,
    "flags" TEXT[],
    "prog_types" TEXT[],
    "first_seen_id" INTEGER,
    "last_seen_id" INTEGER,
    "replacement_id" INTEGER,
    "deprecated_in_id" INTEGER,
    "removal_earliest_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "kfunc_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kfunc_release" (
    "id" SERIAL NOT NULL,
    "kfunc_id" INTEGER NOT NULL,
    "release_id" INTEGER NOT NULL,
    "ingestion_id" INTEGER NOT NULL,
    "prototype" TEXT,
    "flags" TEXT[],
    "prog_types" TEXT[],
    "sets" JSONB NOT NULL DEFAULT '[]',
    "source_file" TEXT,
    "source_line" INTEGER,
    "guards" TEXT[],
    "btf_tags" TEXT[],

    CONSTRAINT "kfunc_release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lifecycle_event" (
    "id" SERIAL NOT NULL,
    "kfunc_id" INTEGER NOT NULL,
    "kind" "EventKind" NOT NULL,
    "origin" "EventOrigin" NOT NULL,
    "from_state" "LifecycleState",
    "to_state" "LifecycleState",
    "release_id" INTEGER,
    "occurred_at" TIMESTAMP(3),
    "recorded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "rationale" TEXT,
    "source_url" TEXT,
    "detail" JSONB,
    "dedupe_key" TEXT,
    "retracted_at" TIMESTAMP(3),

    CONSTRAINT "lifecycle_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "release_tag_key" ON "release"("tag");

-- CreateIndex
CREATE UNIQUE INDEX "release_major_minor_key" ON "release"("major", "minor");

-- CreateIndex
CREATE INDEX "ingestion_release_id_ingested_at_idx" ON "ingestion"("release_id", "ingested_at");

-- CreateIndex
CREATE UNIQUE INDEX "kfunc_name_key" ON "kfunc"("name");

-- CreateIndex
CREATE INDEX "kfunc_state_idx" ON "kfunc"("state");

-- CreateIndex
CREATE INDEX "kfunc_subsystem_idx" ON "kfunc"("subsystem");

-- CreateIndex
CREATE INDEX "kfunc_flags_idx" ON "kfunc" USING GIN ("flags");

-- CreateIndex
CREATE INDEX "kfunc_prog_types_idx" ON "kfunc" USING GIN ("prog_types");

-- CreateIndex
CREATE INDEX "kfunc_first_seen_id_idx" ON "kfunc"("first_seen_id");

-- CreateIndex
CREATE INDEX "kfunc_last_seen_id_idx" ON "kfunc"("last_seen_id");

-- CreateIndex
CREATE INDEX "kfunc_release_release_id_idx" ON "kfunc_release"("release_id");

-- CreateIndex
CREATE INDEX "kfunc_release_ingestion_id_idx" ON "kfunc_release"("ingestion_id");

-- CreateIndex
CREATE UNIQUE INDEX "kfunc_release_kfunc_id_release_id_key" ON "kfunc_release"("kfunc_id", "release_id");

-- CreateIndex
CREATE INDEX "lifecycle_event_kfunc_id_recorded_at_idx" ON "lifecycle_event"("kfunc_id", "recorded_at");

-- CreateIndex
CREATE INDEX "lifecycle_event_dedupe_key_idx" ON "lifecycle_event"("dedupe_key");

-- CreateIndex
CREATE INDEX "lifecycle_event_kind_idx" ON "lifecycle_event"("kind");

-- CreateIndex
CREATE INDEX "lifecycle_event_release_id_idx" ON "lifecycle_event"("release_id");

-- AddForeignKey
ALTER TABLE "ingestion" ADD CONSTRAINT "ingestion_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc" ADD CONSTRAINT "kfunc_first_seen_id_fkey" FOREIGN KEY ("first_seen_id") REFERENCES "release"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc" ADD CONSTRAINT "kfunc_last_seen_id_fkey" FOREIGN KEY ("last_seen_id") REFERENCES "release"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc" ADD CONSTRAINT "kfunc_deprecated_in_id_fkey" FOREIGN KEY ("deprecated_in_id") REFERENCES "release"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc" ADD CONSTRAINT "kfunc_removal_earliest_id_fkey" FOREIGN KEY ("removal_earliest_id") REFERENCES "release"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc" ADD CONSTRAINT "kfunc_replacement_id_fkey" FOREIGN KEY ("replacement_id") REFERENCES "kfunc"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc_release" ADD CONSTRAINT "kfunc_release_kfunc_id_fkey" FOREIGN KEY ("kfunc_id") REFERENCES "kfunc"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc_release" ADD CONSTRAINT "kfunc_release_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kfunc_release" ADD CONSTRAINT "kfunc_release_ingestion_id_fkey" FOREIGN KEY ("ingestion_id") REFERENCES "ingestion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lifecycle_event" ADD CONSTRAINT "lifecycle_event_kfunc_id_fkey" FOREIGN KEY ("kfunc_id") REFERENCES "kfunc"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lifecycle_event" ADD CONSTRAINT "lifecycle_event_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written, not generated by Prisma: lifecycle_event is append-only.
-- Prisma's schema engine ignores functions and triggers, so this never shows up as drift
-- (test/drift.test.ts); it has to be maintained by hand in later migrations if the table changes.
--
-- DELETE is refused. UPDATE is refused unless it only retracts the event: retracted_at goes from
-- NULL to a timestamp and no other column changes (compared as whole rows, so columns added later
-- are covered too). A retracted event is final; re-asserting a fact means inserting a new row.
-- Note: TRUNCATE does not fire row triggers and is not covered here.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION "lifecycle_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'lifecycle_event is append-only: cannot delete event %', OLD."id"
            USING HINT = 'Retract the event instead: set retracted_at on it.';
    END IF;

    IF OLD."retracted_at" IS NULL
       AND NEW."retracted_at" IS NOT NULL
       AND (to_jsonb(NEW) - 'retracted_at') = (to_jsonb(OLD) - 'retracted_at') THEN
        RETURN NEW;
    END IF;

    IF OLD."retracted_at" IS NOT NULL THEN
        RAISE EXCEPTION 'lifecycle_event is append-only: event % is already retracted and cannot be changed', OLD."id"
            USING HINT = 'Record a new event instead.';
    END IF;
    RAISE EXCEPTION 'lifecycle_event is append-only: cannot update event %; the only allowed change is setting retracted_at (and nothing else) on an event that is not retracted', OLD."id"
        USING HINT = 'Record a new event instead, or retract this one.';
END;
$$;

CREATE TRIGGER "lifecycle_event_append_only"
    BEFORE UPDATE OR DELETE ON "lifecycle_event"
    FOR EACH ROW EXECUTE FUNCTION "lifecycle_event_append_only"();

-- Hand-written, not generated by Prisma (partial indexes are invisible to its diff): at most one
-- active (not retracted) event per dedupe key, so recomputing derived events can never duplicate
-- a fact even if two ingestions raced.
CREATE UNIQUE INDEX "lifecycle_event_active_dedupe_key" ON "lifecycle_event"("dedupe_key") WHERE "retracted_at" IS NULL;
