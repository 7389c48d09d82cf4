import { sql } from 'kysely'
import type { Migration } from '../storage/migrations.js'

/**
 * The Merkle log over every ledger event.
 *
 * `0140_merkle_log` creates it. A statement-level trigger on `privacy_events` appends
 * the new events' leaves in the same statement, so no write path (single append, batch, an app's
 * own SQL) can add an event without its leaf, and a rolled-back event leaves no leaf. The one-row
 * `privacy_log_size` is the sequence: updating it locks it until commit, so leaf indexes are
 * dense and follow commit order across connections and instances (a PostgreSQL sequence would
 * leave gaps on rollback). Events recorded before this migration are added in recording order.
 *
 *
 * `0141_log_inline_append` replaces the trigger (a transition table, a count and a windowed insert
 * per statement cost a third of an append) by two statements the ledger's own writes run in the
 * same transaction as the event: the single append in `privacy_append_event` (now with OUT
 * parameters, one statement fewer) and the batch in its closing statement. Locks are taken in one
 * order everywhere (subject heads, then the size row), so writers never deadlock. An event written
 * around the ledger now has no leaf, which `ledger.verify({ checkpoint })` reports as
 * `event_not_in_log`.
 *
 * `0142_log_nodes` stores the hashes of complete subtrees of 2^8 leaves and more
 * (`privacy_log_nodes`), filled in by each checkpoint up to `privacy_log_tree.size`, so a
 * checkpoint hashes only the leaves added since the last one and a proof reads O(log n) nodes.
 *
 * `0143_log_batch_append` adds `privacy_append_events`, a batch append in one statement: it locks
 * (or creates) the batch's subject heads in subject order, chains the events in memory, inserts
 * the events and their leaves, moves the heads and notifies, all in one call. A batch was four
 * round trips (BEGIN, lock the heads, write, COMMIT) and cost 0.4x a raw INSERT of the same rows
 * on PostgreSQL; one statement is atomic on its own, so it needs no transaction. Locks are taken
 * in the same order as a single append (heads in subject order, then the size row).
 *
 * @example
 * await migrate(db, [...ledgerMigrations, ...logMigrations])
 */
export const logMigrations: readonly Migration[] = [
  {
    id: '0140_merkle_log',
    async up(db) {
      await sql`create table privacy_log (
        leaf_index bigint primary key,
        event_id text not null unique,
        leaf_hash text not null)`.execute(db)
      await sql`create table privacy_log_size (id boolean primary key default true check (id), size bigint not null)`.execute(db)
      await sql`insert into privacy_log (leaf_index, event_id, leaf_hash)
        select row_number() over (order by recorded_at, subject, seq) - 1, id, encode(sha256('\\x00'::bytea || decode(hash, 'hex')), 'hex')
        from privacy_events`.execute(db)
      await sql`insert into privacy_log_size (id, size) select true, count(*) from privacy_log`.execute(db)
      await sql`
        create function privacy_log_append() returns trigger language plpgsql as $$
        declare
          v_count bigint;
          v_start bigint;
        begin
          select count(*) into v_count from appended;
          if v_count = 0 then
            return null;
          end if;
          update privacy_log_size set size = size + v_count returning size - v_count into v_start;
          insert into privacy_log (leaf_index, event_id, leaf_hash)
          select v_start + row_number() over (order by subject, seq) - 1, id, encode(sha256('\\x00'::bytea || decode(hash, 'hex')), 'hex')
          from appended;
          return null;
        end
        $$`.execute(db)
      await sql`create trigger privacy_events_log after insert on privacy_events
        referencing new table as appended for each statement execute function privacy_log_append()`.execute(db)
    },
  },
  {
    id: '0141_log_inline_append',
    async up(db) {
      await sql`drop trigger privacy_events_log on privacy_events`.execute(db)
      await sql`drop function privacy_log_append()`.execute(db)
      await sql`drop function privacy_append_event(text, text, text, jsonb, text, jsonb, text, timestamptz, timestamptz, text, text, text, text, text, text, text, boolean)`.execute(db)
      await sql`
        create function privacy_append_event(
          p_id text, p_subject text, p_type text, p_payload jsonb, p_method text, p_evidence jsonb, p_policy_version text,
          p_occurred_at timestamptz, p_recorded_at timestamptz, p_idempotency_key text, p_identifier_kind text,
          p_identifier_key_id text, p_identifier_ciphertext text, p_identifier_lookup text, p_personal_hash text, p_content_hash text,
          p_notify boolean, out new_seq integer, out new_prev_hash text, out new_hash text)
        language plpgsql as $$
        declare
          v_leaf bigint;
        begin
          insert into privacy_subject_heads as h (subject, seq, prev_hash, hash)
          values (p_subject, 1, repeat('0', 64), encode(sha256(convert_to(repeat('0', 64) || p_content_hash, 'UTF8')), 'hex'))
          on conflict (subject) do update
            set seq = h.seq + 1, prev_hash = h.hash,
                hash = encode(sha256(convert_to(h.hash || p_content_hash, 'UTF8')), 'hex'), updated_at = now()
          returning h.seq, h.prev_hash, h.hash into new_seq, new_prev_hash, new_hash;
          insert into privacy_events (id, subject, seq, type, payload, method, evidence, policy_version, occurred_at, recorded_at,
            idempotency_key, identifier_kind, identifier_key_id, identifier_ciphertext, identifier_lookup, personal_hash, prev_hash,
            content_hash, hash)
          values (p_id, p_subject, new_seq, p_type, p_payload, p_method, p_evidence, p_policy_version, p_occurred_at, p_recorded_at,
            p_idempotency_key, p_identifier_kind, p_identifier_key_id, p_identifier_ciphertext, p_identifier_lookup, p_personal_hash, new_prev_hash,
            p_content_hash, new_hash);
          -- Last, so the size row (every writer's queue) is held for as short a time as possible.
          update privacy_log_size set size = size + 1 returning size - 1 into v_leaf;
          insert into privacy_log (leaf_index, event_id, leaf_hash)
          values (v_leaf, p_id, encode(sha256('\\x00'::bytea || decode(new_hash, 'hex')), 'hex'));
          if p_notify then
            perform pg_notify('onmion_privacy_subjects', p_subject);
          end if;
        end
        $$`.execute(db)
    },
  },
  {
    id: '0142_log_nodes',
    async up(db) {
      await sql`create table privacy_log_nodes (
        level smallint not null,
        node_index bigint not null,
        hash text not null,
        primary key (level, node_index))`.execute(db)
      await sql`create table privacy_log_tree (id boolean primary key default true check (id), size bigint not null)`.execute(db)
      await sql`insert into privacy_log_tree (id, size) values (true, 0)`.execute(db)
    },
  },
  {
    id: '0143_log_batch_append',
    async up(db) {
      // p_subjects: the batch's distinct subjects; p_events: its rows in batch order, each with
      // `i` (1-based position) and `si` (1-based position of its subject in p_subjects), so the
      // chain runs over arrays by index instead of searching for each event's head.
      await sql`
        create function privacy_append_events(p_subjects jsonb, p_events jsonb, p_notify boolean)
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
            content_hash, hash)
          select r.id, r.subject, v_seq[r.i], r.type, r.payload, r.method, r.evidence, r.policy_version, r.occurred_at, r.recorded_at,
            r.idempotency_key, r.identifier_kind, r.identifier_key_id, r.identifier_ciphertext, r.identifier_lookup, r.personal_hash, v_prev[r.i],
            r.content_hash, v_hash[r.i]
          from jsonb_to_recordset(p_events) as r(i integer, id text, subject text, type text, payload jsonb, method text, evidence jsonb,
            policy_version text, occurred_at timestamptz, recorded_at timestamptz, idempotency_key text, identifier_kind text,
            identifier_key_id text, identifier_ciphertext text, identifier_lookup text, personal_hash text, content_hash text)
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
