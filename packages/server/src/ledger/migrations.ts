import { sql } from 'kysely'
import type { Migration } from '../storage/migrations.js'

/**
 * The core tables: the event ledger and the chain heads.
 *
 * @example
 * await migrate(db, [...ledgerMigrations])
 */
export const ledgerMigrations: readonly Migration[] = [
  {
    id: '0100_ledger',
    async up(db) {
      await db.schema
        .createTable('privacy_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('evidence', 'jsonb')
        .addColumn('policy_version', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('identifier_kind', 'text')
        .addColumn('identifier_key_id', 'text')
        .addColumn('identifier_ciphertext', 'text')
        .addColumn('identifier_lookup', 'text')
        .addColumn('personal_hash', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('redacted_at', 'timestamptz')
        .addUniqueConstraint('privacy_events_subject_seq', ['subject', 'seq'])
        .execute()
      await sql`create unique index privacy_events_idempotency_key on privacy_events (idempotency_key) where idempotency_key is not null`.execute(db)
      await sql`create index privacy_events_identifier_lookup on privacy_events (identifier_lookup) where identifier_lookup is not null`.execute(db)
      await sql`create index privacy_events_key_id on privacy_events (identifier_key_id) where identifier_key_id is not null`.execute(db)
      await sql`create index privacy_events_recorded_at on privacy_events (recorded_at)`.execute(db)
      await db.schema
        .createTable('privacy_subject_heads')
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute()
      // One append as one function call: the head upsert locks the subject's chain (concurrent
      // writers queue on it), computes the next seq and hash, and the event row follows. A
      // function rather than a statement because PL/pgSQL keeps both statements' plans: a
      // statement of this size costs more to parse and plan than to run, most of all on PGlite.
      await sql`
        create function privacy_append_event(
          p_id text, p_subject text, p_type text, p_payload jsonb, p_method text, p_evidence jsonb, p_policy_version text,
          p_occurred_at timestamptz, p_recorded_at timestamptz, p_idempotency_key text, p_identifier_kind text,
          p_identifier_key_id text, p_identifier_ciphertext text, p_identifier_lookup text, p_personal_hash text, p_content_hash text,
          p_notify boolean)
        returns table (new_seq integer, new_prev_hash text, new_hash text)
        language plpgsql as $$
        declare
          v_seq integer;
          v_prev text;
          v_hash text;
        begin
          insert into privacy_subject_heads as h (subject, seq, prev_hash, hash)
          values (p_subject, 1, repeat('0', 64), encode(sha256(convert_to(repeat('0', 64) || p_content_hash, 'UTF8')), 'hex'))
          on conflict (subject) do update
            set seq = h.seq + 1, prev_hash = h.hash,
                hash = encode(sha256(convert_to(h.hash || p_content_hash, 'UTF8')), 'hex'), updated_at = now()
          returning h.seq, h.prev_hash, h.hash into v_seq, v_prev, v_hash;
          insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at,
            idempotency_key, identifier_kind, identifier_key_id, identifier_ciphertext, identifier_lookup, personal_hash, prev_hash,
            content_hash, hash)
          values (p_id, p_subject, v_seq, p_type, p_payload, p_method, p_evidence, p_policy_version, p_occurred_at, p_recorded_at,
            p_idempotency_key, p_identifier_kind, p_identifier_key_id, p_identifier_ciphertext, p_identifier_lookup, p_personal_hash, v_prev,
            p_content_hash, v_hash);
          if p_notify then
            perform pg_notify('onmion_privacy_subjects', p_subject);
          end if;
          return query select v_seq, v_prev, v_hash;
        end
        $$`.execute(db)
    },
  },
]
