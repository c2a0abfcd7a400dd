import type { Incident, IncidentStatus, SiteRecord } from '../core/incident.js';
import type { Db } from './database.js';

/**
 * Each site's memory between checks (last verdict, unreachable run, open incident) and every
 * incident ever opened, for `export` and the sharing network. Incidents are kept as JSON beside
 * the columns queries filter on.
 */
export class SiteRecordStore {
  readonly #get;
  readonly #put;
  readonly #putIncident;
  readonly #incident;

  constructor(private readonly db: Db) {
    this.#get = db.prepare<[string], { record: string }>('SELECT record FROM site_records WHERE site = ?');
    this.#put = db.prepare('INSERT INTO site_records (site, record) VALUES (?, ?) ON CONFLICT (site) DO UPDATE SET record = excluded.record');
    this.#putIncident = db.prepare(
      `INSERT INTO incidents (id, site, status, opened_at, closed_at, data) VALUES (@id, @site, @status, @openedAt, @closedAt, @data)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at, data = excluded.data`,
    );
    this.#incident = db.prepare<[string], { data: string }>('SELECT data FROM incidents WHERE id = ?');
  }

  get(site: string): SiteRecord {
    const row = this.#get.get(site);
    return row === undefined ? { site } : (JSON.parse(row.record) as SiteRecord);
  }

  /** Stores the record and, when it carries one, its incident. Call inside the caller's transaction. */
  put(record: SiteRecord): void {
    this.#put.run(record.site, JSON.stringify(record));
    if (record.incident !== undefined) this.putIncident(record.incident);
  }

  /** Stores an incident alone (housekeeping); the site's record keeps its own copy. */
  putIncident(incident: Incident): void {
    this.#putIncident.run({
      id: incident.id,
      site: incident.site,
      status: incident.status,
      openedAt: incident.openedAt,
      closedAt: incident.closedAt ?? null,
      data: JSON.stringify(incident),
    });
  }

  incident(id: string): Incident | undefined {
    const row = this.#incident.get(id);
    return row === undefined ? undefined : (JSON.parse(row.data) as Incident);
  }

  /** Incidents closed before `before` that still keep evidence pictures, for housekeeping. */
  closedWithEvidenceBefore(before: string): Incident[] {
    return this.db
      .prepare<[string], { data: string }>("SELECT data FROM incidents WHERE status != 'open' AND closed_at < ? ORDER BY closed_at")
      .all(before)
      .map((row) => JSON.parse(row.data) as Incident)
      .filter((incident) => Object.keys(incident.evidence).some((key) => key !== 'focus'));
  }

  /** Incidents, oldest first, optionally of some sites or statuses only. */
  incidents(filter: { sites?: readonly string[]; statuses?: readonly IncidentStatus[] } = {}): Incident[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.sites !== undefined && filter.sites.length > 0) {
      where.push(`site IN (${filter.sites.map(() => '?').join(', ')})`);
      params.push(...filter.sites);
    }
    if (filter.statuses !== undefined && filter.statuses.length > 0) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      params.push(...filter.statuses);
    }
    const sql = `SELECT data FROM incidents ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY opened_at, id`;
    return this.db
      .prepare<string[], { data: string }>(sql)
      .all(...params)
      .map((row) => JSON.parse(row.data) as Incident);
  }
}
