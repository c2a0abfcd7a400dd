import { startFixtureSites } from './fixture-sites.js';

// Entry of the bench's fixture process: prints the site URLs as one JSON line, serves until killed.
const { urls } = await startFixtureSites();
process.stdout.write(`${JSON.stringify(urls)}\n`);
