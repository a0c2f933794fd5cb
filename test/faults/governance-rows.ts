// A little of everything a backup must carry, on top of a seeded catalog: accounts with secrets
// beside them (which must not leave), proposals in every status, comments with awkward text, a
// decision, a dependent, an acknowledged violation, audit entries, a retracted event, and a kfunc
// whose replacement was restored after it.
import type { RawSql } from "../../lib/db/connect";

export const SECRET_MARKERS = [
  "scrypt-hash-must-not-leave",
  "session-token-must-not-leave",
  "api-key-hash-must-not-leave",
];

export async function addGovernanceRows(raw: RawSql): Promise<void> {
  await raw.exec(`
    INSERT INTO app_user (id, name, email, role) VALUES
      ('u-admin', 'Ada "Admin" O''Neil', 'ada@example.org', 'admin'),
      ('u-maint', 'Mia\\Maintainer', 'mia@example.org', 'maintainer'),
      ('u-contrib', 'Zoë 🐧 Contributor', 'zoe@example.org', 'contributor');
    INSERT INTO auth_account (id, account_id, provider_id, user_id, password, updated_at)
      VALUES ('acc-1', 'u-admin', 'credential', 'u-admin', '${SECRET_MARKERS[0]}', now());
    INSERT INTO auth_session (id, expires_at, token, user_id, updated_at)
      VALUES ('s-1', now() + interval '1 day', '${SECRET_MARKERS[1]}', 'u-admin', now());
    INSERT INTO api_key (id, reference_id, key, created_at, updated_at, permissions)
      VALUES ('k-1', 'u-maint', '${SECRET_MARKERS[2]}', now(), now(), 'decide');
  `);
  const kfuncs = await raw.query<{ id: number }>("SELECT id FROM kfunc ORDER BY id LIMIT 3");
  const [a, b, c] = kfuncs.map((k) => k.id) as [number, number, number];
  const [event] = await raw.query<{ id: number }>("SELECT id FROM lifecycle_event ORDER BY id LIMIT 1");
  await raw.exec(`
    UPDATE kfunc SET replacement_id = ${c} WHERE id = ${a};
    INSERT INTO lifecycle_event (kfunc_id, kind, origin, actor, rationale, detail, dedupe_key)
      VALUES (${b}, 'POLICY_VIOLATION', 'INGEST', 'ingest', E'line one\\nline two\\ttab', '{"nested": {"a": [1, null, "x"]}}', 'test:violation');
    INSERT INTO lifecycle_event (kfunc_id, kind, origin, actor, dedupe_key)
      VALUES (${b}, 'FLAGS_CHANGED', 'INGEST', 'ingest', 'test:retracted');
    UPDATE lifecycle_event SET retracted_at = now() WHERE dedupe_key = 'test:retracted';
    INSERT INTO proposal (kfunc_id, kind, status, author_id, rationale, evidence, replacement, closed_at)
      VALUES (${a}, 'DEPRECATE', 'OPEN', 'u-contrib', 'Use the other one; it''s <b>safer</b>', '{https://lore.kernel.org/x,"quoted, with comma"}', 'other', NULL),
             (${b}, 'PROMOTE', 'APPROVED', 'u-contrib', 'Widely used', '{}', NULL, now());
    INSERT INTO proposal_comment (proposal_id, author_id, body)
      SELECT id, 'u-maint', E'-- not SQL\\n\\\\ backslash; DROP TABLE kfunc;' FROM proposal;
    INSERT INTO decision (proposal_id, decider_id, outcome, reason, event_id)
      SELECT id, 'u-maint', 'APPROVED', 'ok', ${event?.id ?? "NULL"} FROM proposal WHERE status = 'APPROVED';
    INSERT INTO dependent (kfunc_id, user_id, project, url) VALUES (${a}, 'u-contrib', 'cilium', 'https://cilium.io');
    INSERT INTO violation_ack (event_id, user_id, note)
      SELECT id, 'u-maint', 'known' FROM lifecycle_event WHERE dedupe_key = 'test:violation';
    INSERT INTO audit_log (actor_id, actor, via, action, target, detail)
      VALUES ('u-admin', 'ada@example.org', 'cli', 'user.add', 'user:zoe@example.org', '{"role": "contributor"}'),
             (NULL, 'kfunc users (cli)', 'cli', 'user.set-role', NULL, NULL);
  `);
}
