/** Ingest of indicators other members share over TAXII 2.1. */
export { pullOnce, type PullDeps, type PullResult, type SharedObjectParser } from './pull.js';
