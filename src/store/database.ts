import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the daemon's SQLite file. WAL lets the CLI read the outbox while the
 * daemon writes; `synchronous = FULL` makes a committed alert survive a power cut, not just a
 * crash, which is the promise of the outbox. The schema is brought up to date (migrations.ts) before
 * any store uses it.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Another process (the CLI next to the daemon) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** The database file under a data directory. */
export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'defacewatch.db');
}
