/** MISP export of defacement incidents (MISP core format JSON). */
export { ATTACK_TAG, DEFACEMENT_TAG, TLP_DISTRIBUTION, incidentMispEvent, type MispAttribute, type MispEvent } from './event.js';
