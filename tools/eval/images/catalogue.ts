import { imagesOfCentralBankId } from './central-bank-id.js';
import { imagesOfCityKr } from './city-kr.js';
import { imagesOfCityPh } from './city-ph.js';
import { imagesOfCourtVn } from './court-vn.js';
import { imagesOfHospitalPh } from './hospital-ph.js';
import { imagesOfHospitalTh } from './hospital-th.js';
import { imagesOfMinistryJp } from './ministry-jp.js';
import { imagesOfMinistryVn } from './ministry-vn.js';
import type { ImageSpec } from './spec.js';

export type { ImageSpec } from './spec.js';

/**
 * Every image of the evaluation corpus, by its path under test/corpus/, site by site: the base site's
 * pictures, then those its cases bring (swapped flags, image-only defacement pages, festive banners,
 * neighbouring flags, re-encoded copies). Re-encoded entries come after the images they copy.
 */
export const IMAGES: Readonly<Record<string, ImageSpec>> = {
  ...imagesOfMinistryJp(),
  ...imagesOfCentralBankId(),
  ...imagesOfHospitalTh(),
  ...imagesOfCourtVn(),
  ...imagesOfCityKr(),
  ...imagesOfCityPh(),
  ...imagesOfMinistryVn(),
  ...imagesOfHospitalPh(),
};
