import { sql } from 'kysely'
import type { Migration } from '../storage/migrations.js'

/**
 * The Merkle log over every ledger event. A statement-level trigger on `privacy_events` appends
 * the new events' leaves in the same statement, so no write path (single append, batch, an app's
 * own SQL) can add an event without its leaf, and a rolled-back event leaves no leaf. The one-row
 * `privacy_log_size` is the sequence: updating it locks it until commit, so leaf indexes are
 * dense and follow commit order across connections and instances (a PostgreSQL sequence would
 * leave gaps on rollback). Events recorded before this migration are added in recording order.
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
]
