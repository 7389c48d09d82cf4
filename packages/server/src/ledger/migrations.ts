import { sql } from 'kysely'
import type { Migration } from '../storage/migrations.js'

/**
 * The types `state-key.ts` gives a key, as migration 0144 froze them (a migration's text never
 * changes): a keyed type added later needs a migration that replaces the append functions.
 */
const KEYED_TYPES = sql.raw(
  ['consent.granted', 'consent.withdrawn', 'objection.recorded', 'objection.lifted', 'restriction.set', 'restriction.lifted', 'age.attested', 'sms.opted_in', 'sms.opted_out', 'cookies.choice']
    .map((type) => `'${type}'`)
    .join(', '),
)

/**
 * The core tables: the event ledger and the chain heads.
 *
 * `0144_event_state_key` adds `privacy_events.state_key` (not indexed), the state an event speaks for
 * (`state-key.ts`), computed by the ledger at write time and hashed with the event (content
 * format v2), so that the redaction audit can judge a redacted event by exactly what it was about.
 * Existing rows keep a null key (and their v1 hash): a key cannot be backfilled without changing
 * hashes that checkpoints and receipts already cover. It replaces both append functions (the
 * single one gains `p_state_key`; the old signature is dropped, so a writer that does not know the
 * column fails loudly instead of writing keyless rows) and is numbered after the Merkle log's
 * migrations because those functions write the log too: the ledger's and the log's migrations
 * always run together (`createPrivacy`).
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
  {
    id: '0144_event_state_key',
    async up(db) {
      // From here on, an event of a keyed type always carries its key: both functions refuse one
      // without (an older build writing to a migrated database, or a forgotten code path), so a
      // keyless row of a keyed type is one written before this migration, and nothing else.
      await sql`alter table privacy_events add column state_key text`.execute(db)
      // No index on the key: the sweep's "is it superseded" probes run per row as EXISTS subplans,
      // and PostgreSQL takes `(subject, seq)` for them (the first later row of a subject usually
      // answers). A `(subject, state_key, seq)` index was tried: the planner used it only for the
      // probe over legacy keyless rows, so every append would have paid for an index the
      // sweep hardly reads.
      await sql`drop function privacy_append_event(text, text, text, jsonb, text, jsonb, text, timestamptz, timestamptz, text, text, text, text, text, text, text, boolean)`.execute(db)
      await sql`
        create function privacy_append_event(
          p_id text, p_subject text, p_type text, p_payload jsonb, p_method text, p_evidence jsonb, p_policy_version text,
          p_occurred_at timestamptz, p_recorded_at timestamptz, p_idempotency_key text, p_identifier_kind text,
          p_identifier_key_id text, p_identifier_ciphertext text, p_identifier_lookup text, p_personal_hash text, p_content_hash text,
          p_state_key text, p_notify boolean, out new_seq integer, out new_prev_hash text, out new_hash text)
        language plpgsql as $$
        declare
          v_leaf bigint;
        begin
          if p_state_key is null and p_type in (${KEYED_TYPES}) then
            raise exception 'a % event needs its state key (a writer built before migration 0144?)', p_type using errcode = '22004';
          end if;
          insert into privacy_subject_heads as h (subject, seq, prev_hash, hash)
          values (p_subject, 1, repeat('0', 64), encode(sha256(convert_to(repeat('0', 64) || p_content_hash, 'UTF8')), 'hex'))
          on conflict (subject) do update
            set seq = h.seq + 1, prev_hash = h.hash,
                hash = encode(sha256(convert_to(h.hash || p_content_hash, 'UTF8')), 'hex'), updated_at = now()
          returning h.seq, h.prev_hash, h.hash into new_seq, new_prev_hash, new_hash;
          insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at,
            idempotency_key, identifier_kind, identifier_key_id, identifier_ciphertext, identifier_lookup, personal_hash, prev_hash,
            content_hash, hash, state_key)
          values (p_id, p_subject, new_seq, p_type, p_payload, p_method, p_evidence, p_policy_version, p_occurred_at, p_recorded_at,
            p_idempotency_key, p_identifier_kind, p_identifier_key_id, p_identifier_ciphertext, p_identifier_lookup, p_personal_hash, new_prev_hash,
            p_content_hash, new_hash, p_state_key);
          -- Last, so the size row (every writer's queue) is held for as short a time as possible.
          update privacy_log_size set size = size + 1 returning size - 1 into v_leaf;
          insert into privacy_log (leaf_index, event_id, leaf_hash)
          values (v_leaf, p_id, encode(sha256('\\x00'::bytea || decode(new_hash, 'hex')), 'hex'));
          if p_notify then
            perform pg_notify('onmion_privacy_subjects', p_subject);
          end if;
        end
        $$`.execute(db)
      // The batch keeps its signature (its rows travel as JSON): each row may now carry `state_key`.
      await sql`
        create or replace function privacy_append_events(p_subjects jsonb, p_events jsonb, p_notify boolean)
        returns table (new_seq integer, new_prev_hash text, new_hash text)
        language plpgsql as $$
        declare
          v_subjects text[];
          v_head_seq integer[];
          v_head_prev text[];
          v_head_hash text[];
          v_si integer[];
          v_content text[];
          v_id text[];
          v_seq integer[];
          v_prev text[];
          v_hash text[];
          v_n integer;
          v_s integer;
          v_start bigint;
          v_payload text := '';
        begin
          -- Heads first, in subject order (the order every writer takes them in): a missing head
          -- is created (a concurrent creator makes this wait for its commit), then every head is
          -- locked until commit. A lock, not a no-op update: the head is written once, at the end.
          insert into privacy_subject_heads (subject, seq, prev_hash, hash)
          select s, 0, repeat('0', 64), repeat('0', 64) from jsonb_array_elements_text(p_subjects) as s order by s
          on conflict (subject) do nothing;
          select array_agg(l.subject order by p.o), array_agg(l.seq order by p.o), array_agg(l.prev_hash order by p.o), array_agg(l.hash order by p.o)
          into v_subjects, v_head_seq, v_head_prev, v_head_hash
          from (select h.subject, h.seq, h.prev_hash, h.hash from privacy_subject_heads as h
                where h.subject in (select jsonb_array_elements_text(p_subjects)) order by h.subject for update) as l
          join jsonb_array_elements_text(p_subjects) with ordinality as p(subject, o) on p.subject = l.subject;

          if exists (select 1 from jsonb_array_elements(p_events) as t(e) where e->>'state_key' is null and e->>'type' in (${KEYED_TYPES})) then
            raise exception 'a keyed event needs its state key (a writer built before migration 0144?)' using errcode = '22004';
          end if;

          select array_agg((e->>'si')::integer order by o), array_agg(e->>'content_hash' order by o), array_agg(e->>'id' order by o), count(*)
          into v_si, v_content, v_id, v_n
          from jsonb_array_elements(p_events) with ordinality as t(e, o);

          -- The chains, in batch order: the same hash as a single append, sha256(prev || content).
          for i in 1..v_n loop
            v_s := v_si[i];
            v_head_seq[v_s] := v_head_seq[v_s] + 1;
            v_head_prev[v_s] := v_head_hash[v_s];
            v_head_hash[v_s] := encode(sha256(convert_to(v_head_hash[v_s] || v_content[i], 'UTF8')), 'hex');
            v_seq[i] := v_head_seq[v_s];
            v_prev[i] := v_head_prev[v_s];
            v_hash[i] := v_head_hash[v_s];
          end loop;

          insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at,
            idempotency_key, identifier_kind, identifier_key_id, identifier_ciphertext, identifier_lookup, personal_hash, prev_hash,
            content_hash, hash, state_key)
          select r.id, r.subject, v_seq[r.i], r.type, r.payload, r.method, r.evidence, r.policy_version, r.occurred_at, r.recorded_at,
            r.idempotency_key, r.identifier_kind, r.identifier_key_id, r.identifier_ciphertext, r.identifier_lookup, r.personal_hash, v_prev[r.i],
            r.content_hash, v_hash[r.i], r.state_key
          from jsonb_to_recordset(p_events) as r(i integer, id text, subject text, type text, payload jsonb, method text, evidence jsonb,
            policy_version text, occurred_at timestamptz, recorded_at timestamptz, idempotency_key text, identifier_kind text,
            identifier_key_id text, identifier_ciphertext text, identifier_lookup text, personal_hash text, content_hash text, state_key text)
          order by r.subject, v_seq[r.i];

          -- The leaves last, in batch order (chain order within each subject), so the size row
          -- (every writer's queue) is held for as short a time as possible.
          update privacy_log_size set size = size + v_n returning size - v_n into v_start;
          insert into privacy_log (leaf_index, event_id, leaf_hash)
          select v_start + o - 1, v_id[o], encode(sha256('\\x00'::bytea || decode(v_hash[o], 'hex')), 'hex')
          from generate_series(1, v_n) as o;

          update privacy_subject_heads as h set seq = u.seq, prev_hash = u.prev_hash, hash = u.hash, updated_at = now()
          from unnest(v_subjects, v_head_seq, v_head_prev, v_head_hash) as u(subject, seq, prev_hash, hash)
          where h.subject = u.subject;

          if p_notify then
            -- NOTIFY payloads stop at 8000 bytes: the subjects go in comma-separated chunks.
            for i in 1..coalesce(array_length(v_subjects, 1), 0) loop
              if v_payload <> '' and octet_length(v_payload) + octet_length(v_subjects[i]) + 1 > 7000 then
                perform pg_notify('onmion_privacy_subjects', v_payload);
                v_payload := '';
              end if;
              v_payload := case when v_payload = '' then v_subjects[i] else v_payload || ',' || v_subjects[i] end;
            end loop;
            if v_payload <> '' then
              perform pg_notify('onmion_privacy_subjects', v_payload);
            end if;
          end if;

          return query select v_seq[o], v_prev[o], v_hash[o] from generate_series(1, v_n) as o order by o;
        end
        $$`.execute(db)
    },
  },
]
