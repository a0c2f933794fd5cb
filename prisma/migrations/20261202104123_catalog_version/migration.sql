-- CreateTable
CREATE TABLE "catalog_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalog_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_change" (
    "txid" BIGINT NOT NULL,

    CONSTRAINT "catalog_change_pkey" PRIMARY KEY ("txid")
);

-- Hand-written: the version moves on when a transaction that changed what the pages show commits.
-- A statement trigger on each watched table marks the transaction once (a row in catalog_change);
-- a deferred trigger on that row runs at commit and bumps the one row of catalog_version. The row
-- lock on catalog_version is so held from commit-time to commit, not for a whole ingest: a
-- decision never waits behind a long ingest. A reader that sees the new version sees the data.
INSERT INTO "catalog_version" ("id", "version") VALUES (1, 1);
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_one_row" CHECK ("id" = 1);

CREATE FUNCTION "catalog_mark_changed"() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('kfunc.catalog_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('kfunc.catalog_changed', 'yes', true);
        INSERT INTO "catalog_change" ("txid") VALUES (txid_current()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION "catalog_bump_version"() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "catalog_version" SET "version" = "version" + 1, "changed_at" = CURRENT_TIMESTAMP WHERE "id" = 1;
    DELETE FROM "catalog_change" WHERE "txid" = NEW."txid";
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "catalog_bump_version" AFTER INSERT ON "catalog_change"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION "catalog_bump_version"();

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['release', 'ingestion', 'kfunc', 'kfunc_release', 'lifecycle_event', 'proposal',
                             'proposal_comment', 'decision', 'dependent', 'violation_ack'] LOOP
        EXECUTE format('CREATE TRIGGER "catalog_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION "catalog_mark_changed"()', t);
    END LOOP;
END;
$$;
