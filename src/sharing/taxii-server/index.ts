/** The daemon's HTTP side; for now the TAXII 2.1 read endpoints. */
export { createTaxiiServer, startTaxiiServer, taxiiCollectionUrl, TAXII_API_ROOT_PATH, type TaxiiServerDeps } from './taxii-app.js';
