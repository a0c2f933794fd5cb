-- Hand-written: the governance history cannot be rewritten, and the running app gets a role of
-- its own that owns no tables.
--
-- 1. Decisions, comments, violation acknowledgements and the audit log are append-only: UPDATE,
--    DELETE and TRUNCATE are refused by triggers, which bind every role, owners included.
-- 2. A proposal changes once: its status leaves OPEN (with closed_at), and nothing else moves.
-- 3. Accounts have one of three roles.
-- 4. kfunc_app: the role the web server and the API act as (lib/db/connect.ts sets it on every
--    connection). It owns nothing, so it cannot ALTER or DROP a table or disable a trigger; it has
--    no TRUNCATE, and no UPDATE or DELETE where history lives.

CREATE FUNCTION "governance_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING HINT = 'History is never rewritten: record a correction as a new row.';
END;
$$;

CREATE TRIGGER "decision_append_only" BEFORE UPDATE OR DELETE ON "decision"
    FOR EACH ROW EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "decision_no_truncate" BEFORE TRUNCATE ON "decision"
    FOR EACH STATEMENT EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "proposal_comment_append_only" BEFORE UPDATE OR DELETE ON "proposal_comment"
    FOR EACH ROW EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "proposal_comment_no_truncate" BEFORE TRUNCATE ON "proposal_comment"
    FOR EACH STATEMENT EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "violation_ack_append_only" BEFORE UPDATE OR DELETE ON "violation_ack"
    FOR EACH ROW EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "violation_ack_no_truncate" BEFORE TRUNCATE ON "violation_ack"
    FOR EACH STATEMENT EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "governance_append_only"();
CREATE TRIGGER "proposal_no_truncate" BEFORE TRUNCATE ON "proposal"
    FOR EACH STATEMENT EXECUTE FUNCTION "governance_append_only"();

CREATE FUNCTION "proposal_closes_once"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'proposal is append-only: cannot delete proposal %', OLD."id";
    END IF;
    IF OLD."status" = 'OPEN'
       AND NEW."status" <> 'OPEN'
       AND NEW."closed_at" IS NOT NULL
       AND (to_jsonb(NEW) - 'status' - 'closed_at') = (to_jsonb(OLD) - 'status' - 'closed_at') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'proposal % is closed or the change touches more than its status', OLD."id"
        USING HINT = 'A proposal only moves from OPEN to APPROVED, REJECTED or WITHDRAWN, once.';
END;
$$;

CREATE TRIGGER "proposal_closes_once" BEFORE UPDATE OR DELETE ON "proposal"
    FOR EACH ROW EXECUTE FUNCTION "proposal_closes_once"();

ALTER TABLE "app_user" ADD CONSTRAINT "app_user_role_check"
    CHECK ("role" IN ('contributor', 'maintainer', 'admin'));

-- Roles are shared by every database of a server; two databases migrating at once may both try.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kfunc_app') THEN
        CREATE ROLE "kfunc_app" NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END;
$$;

GRANT USAGE ON SCHEMA public TO "kfunc_app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "kfunc_app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "kfunc_app";
-- The bookkeeping table exists when the migrator made it (not in a schema engine's shadow database).
DO $$
BEGIN
    IF to_regclass('public."_prisma_migrations"') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM "kfunc_app";
    END IF;
END;
$$;
REVOKE UPDATE, DELETE ON "decision", "proposal_comment", "violation_ack", "audit_log" FROM "kfunc_app";
REVOKE DELETE ON "lifecycle_event", "proposal" FROM "kfunc_app";
-- Tables later migrations create get the same grants; each such migration revokes what it must.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "kfunc_app";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "kfunc_app";
