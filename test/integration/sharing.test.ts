import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defacedPage, normalPage } from '../../tools/demo/site.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

/**
 * Two sensors of the network on loopback: A detects a defacement and serves it from its TAXII
 * collection; B pulls from A, and recognises the same defacement content on a different site,
 * naming A's indicator. Neither re-sending nor re-pulling creates duplicates.
 */

const COLLECTION = '2f6e1c3a-7b4d-4e8a-9c1f-5d2b8a7e6f10';
const TAXII = 'application/taxii+json;version=2.1';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A hospital page: nothing like the ministry page A watches. */
const HOSPITAL = `<!doctype html><html lang="th"><head><meta charset="utf-8"><title>Bangkok General Hospital</title></head>
<body style="font-family:sans-serif;margin:0"><header style="background:#0a6e6e;color:#fff;padding:24px"><h1>Bangkok General Hospital</h1></header>
<main style="padding:24px"><h2>Outpatient clinics</h2><p>Clinics open Monday to Saturday, 08:00 to 16:00.</p>
<h2>Visiting hours</h2><p>Visitors are welcome from 10:00 to 20:00.</p></main></body></html>`;

describe('two sensors share a defacement over TAXII 2.1', () => {
  it("B pulls A's indicator and names it when the same defacement hits B's own site; no duplicates", async () => {
    const port = await freePort();
    const ministry = await startFixtureServer({ '/': normalPage() });
    const hospital = await startFixtureServer({ '/': HOSPITAL });
    cleanups.push(
      () => ministry.close(),
      () => hospital.close(),
    );
    const env = { PEER_USER: 'sensor-b', PEER_PASSWORD: 'correct horse battery staple' };

    // Sensor A: watches the ministry, serves its detections.
    const every2s = (url: string) => agencyYaml({ 'mofa-home': url }).replace(/url: (.*)\n/, "url: $1\n    schedule: '*/2 * * * * *'\n");
    const a = await makeWorkspace({ 'mofa.yaml': every2s(ministry.url('/')) });
    cleanups.push(() => a.cleanup());
    await writeFile(
      path.join(a.dir, 'defacewatch.yaml'),
      [
        'organisation: { name: "CERT-A", contact: "soc@cert-a.example" }',
        'sharing:',
        '  server:',
        `    port: ${port}`,
        `    collectionId: ${COLLECTION}`,
        '    users: [{ userEnv: PEER_USER, passwordEnv: PEER_PASSWORD }]',
        '',
      ].join('\n'),
    );
    expect((await runCli(['baseline'], { cwd: a.dir, env })).code).toBe(0);
    ministry.setRoute('/', defacedPage());
    const sensorA = startDaemon(a.dir, [], env);
    cleanups.push(async () => {
      sensorA.child.kill('SIGKILL');
    });
    await sensorA.waitFor((line) => line.msg === 'alert delivered' && line.kind === 'stix' && line.sink === 'taxii-server', 90_000);

    const collectionUrl = `http://127.0.0.1:${port}/taxii2/defacewatch/collections/${COLLECTION}/`;
    const auth = `Basic ${Buffer.from(`${env.PEER_USER}:${env.PEER_PASSWORD}`).toString('base64')}`;
    const allVersions = async () => {
      const response = await fetch(`${collectionUrl}objects/?match[version]=all`, { headers: { accept: TAXII, authorization: auth } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { objects: Array<{ id: string; type: string }> }).objects;
    };
    const published = await allVersions();
    expect(published.filter((o) => o.type === 'indicator')).toHaveLength(1);

    // Re-send: the delivery is put back as if A had crashed after publishing and before recording it.
    const dbA = new Database(path.join(a.dir, 'data', 'defacewatch.db'));
    dbA.prepare("UPDATE outbox_deliveries SET status = 'pending', next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE sink = 'taxii-server'").run();
    dbA.close();
    await sensorA.waitFor(
      (line) => line.msg === 'alert delivered' && line.kind === 'stix' && sensorA.lines.filter((l) => l.kind === 'stix' && l.msg === 'alert delivered').length >= 2,
      30_000,
    );
    expect((await allVersions()).map((o) => o.id).sort()).toEqual(published.map((o) => o.id).sort());

    // Sensor B: watches the hospital, pulls from A.
    const b = await makeWorkspace({ 'moph.yaml': agencyYaml({ 'bgh-home': hospital.url('/') }).replace('Test Ministry', 'Ministry of Public Health') });
    cleanups.push(() => b.cleanup());
    await writeFile(
      path.join(b.dir, 'defacewatch.yaml'),
      ['sharing:', '  pull:', `    - { name: cert-a, url: "${collectionUrl}", userEnv: PEER_USER, passwordEnv: PEER_PASSWORD, schedule: "*/3 * * * * *" }`, ''].join(
        '\n',
      ),
    );
    expect((await runCli(['baseline'], { cwd: b.dir, env })).code).toBe(0);
    const sensorB = startDaemon(b.dir, [], env);
    cleanups.push(async () => {
      sensorB.child.kill('SIGKILL');
    });
    const pulls = () => sensorB.lines.filter((line) => line.msg === 'shared indicators pulled');
    await sensorB.waitFor((line) => line.msg === 'shared indicators pulled', 30_000);
    await sensorB.waitFor(() => pulls().length >= 3, 30_000);
    sensorB.child.kill('SIGTERM');
    expect(await sensorB.exited).toBe(0);
    const dbB = new Database(path.join(b.dir, 'data', 'defacewatch.db'), { readonly: true });
    const stored = dbB.prepare('SELECT count(*) AS n FROM shared_indicators').get() as { n: number };
    dbB.close();
    expect(stored.n).toBe(1);

    // The same defacement reaches B's hospital site.
    hospital.setRoute('/', defacedPage());
    const check = await runCli(['check', '--alert', '--json'], { cwd: b.dir, env });
    expect(check.code).toBe(1);
    const result = JSON.parse(check.stdout) as { verdict: string; reason: string; signals: Array<{ detector: string; summary: string }> };
    expect(result.verdict).toBe('defaced');
    const match = result.signals.find((signal) => signal.detector === 'shared-indicators');
    expect(match?.summary).toMatch(/matches indicator ".+" shared by CERT-A/);
  }, 300_000);
});
