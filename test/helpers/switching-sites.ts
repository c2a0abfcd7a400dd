import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { agencyYaml, makeWorkspace, runCli } from './cli.js';

/**
 * One site per page on 127.0.0.1, each serving the approved portal until a test switches it to its
 * changed page, with baselines of the approved pages already taken through the real CLI.
 */
export interface SwitchingSites<Id extends string> {
  /** `http://127.0.0.1:<port>/`; site `id` is at `${base}${id}`. */
  base: string;
  /** Which page each site serves now: the approved one until a test sets 'changed'. */
  serving: Map<Id, 'approved' | 'changed'>;
  workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  close(): Promise<void>;
}

export async function startSwitchingSites<Id extends string>(options: {
  /** Each site's changed page. */
  pages: Record<Id, string>;
  /** The approved page every site serves until switched. */
  approved: () => string;
  /** Further paths served as they are (e.g. a page only the capture is asked to read). */
  fixed?: Record<string, string>;
  /** Name of the agency file in the workspace's targets/. */
  agencyFile: string;
}): Promise<SwitchingSites<Id>> {
  const serving = new Map<Id, 'approved' | 'changed'>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').slice(1);
    const fixed = options.fixed?.[path];
    const id = path as Id;
    const html = fixed ?? (serving.get(id) === 'changed' ? options.pages[id] : options.approved());
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const sites = Object.fromEntries(Object.keys(options.pages).map((id) => [id, `${base}${id}`]));
  const workspace = await makeWorkspace({ [options.agencyFile]: agencyYaml(sites) });
  const run = await runCli(['baseline'], { cwd: workspace.dir, timeoutMs: 180_000 });
  expect(run.code, run.stderr).toBe(0);
  return {
    base,
    serving,
    workspace,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await workspace.cleanup();
    },
  };
}
