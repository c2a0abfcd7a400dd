/**
 * Plain data that flows through a check: targets → capture → compare & detect → verdict.
 * Nothing here does I/O; every other module speaks in these types.
 */

export type Verdict = 'defaced' | 'changed' | 'unchanged' | 'unreachable';

export const VERDICTS: readonly Verdict[] = ['defaced', 'changed', 'unchanged', 'unreachable'];

/** An axis-aligned rectangle in screenshot pixels (CSS pixels at device scale factor 1). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  width: number;
  height: number;
}

/** Origins (scheme://host[:port]) of resources a page loaded or referenced, sorted and unique. */
export interface ResourceOrigins {
  scripts: string[];
  iframes: string[];
  images: string[];
}

/** A decoded screenshot: tightly packed RGBA, 4 bytes a pixel, row-major. */
export interface RawImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** An element that covers much of the first screen (the viewport at the top of the page). */
export interface OverlayBox {
  /** Its box clipped to the first screen, in screenshot pixels. */
  box: Box;
  /** Lower-case tag name, e.g. `div`, `iframe`, `dialog`; `body::after` for a layer drawn by CSS alone. */
  tag: string;
  /** Its CSS position. */
  position: 'fixed' | 'absolute' | 'sticky';
  /** 0..1: share of the first screen where it is the topmost thing (sampled on a grid). */
  coverage: number;
  /**
   * 0..1: share of the first screen where it is topmost and hides what is under it (its paint there
   * is at least ~75% opaque). A dimming backdrop behind a consent dialog covers much and hides little.
   */
  opaqueCoverage: number;
}

/** An image response of the page, or a picture it drew (a `<canvas>`, an inline `<svg>`). */
export interface CapturedImage {
  /**
   * The image's URL; for a drawing `canvas:` or `svg:` and a CSS selector of the element (e.g.
   * `canvas:#slide-2>canvas:nth-of-type(1)`), its bytes being the PNG the capture made of it.
   */
  url: string;
  /** sha256 of the response body, hex. */
  sha256: string;
  /** Size of the body in bytes. */
  bytes: number;
  /**
   * Whether an `<img>` of the main document showed it when the page was captured: true when one
   * was visible, false when those referring to it were all hidden (another carousel slide), absent
   * when no `<img>` refers to it (a CSS background, an image in a frame). For a drawing, whether
   * its element was visible.
   */
  shown?: boolean;
  /** Where the page shows it (its most prominent use); absent when no element of the main document does. */
  place?: ImagePlace;
}

/**
 * The part of a page a picture sits in, from the element showing it and its ancestors (landmarks,
 * ARIA roles, the usual class names): the header or logo area, a carousel slide, a hero banner, an
 * article or news item, or anywhere else.
 */
export type ImageRole = 'header' | 'carousel-slide' | 'hero' | 'article' | 'content';

/** Where a picture is shown: its role and its element's box in page pixels (empty on a hidden slide). */
export interface ImagePlace {
  role: ImageRole;
  box: Box;
}

/** An image the page loads now that the baseline did not have (a new hash), decoded. */
export interface ChangedImage {
  url: string;
  sha256: string;
  /** See CapturedImage.shown. */
  shown?: boolean;
  /** See CapturedImage.place. */
  place?: ImagePlace;
  /** The picture (the first frame of an animation). */
  image: RawImage;
  /** An animation's later frames that look different from those before them (a few at most). */
  frames?: RawImage[];
}

/** What the browser saw when it loaded a site once. */
export interface Capture {
  /** The URL we were asked to load. */
  url: string;
  /** Where the page ended up after redirects. */
  finalUrl: string;
  /** Every URL of the main-frame navigation, first to last (includes `url` and `finalUrl`). */
  redirectChain: string[];
  /** HTTP status of the final main-frame response, null when there was none. */
  status: number | null;
  /** IP address that served the final main-frame document, when Chromium reported it. */
  serverAddress?: string;
  title: string;
  /** Serialised DOM after the page settled (document.documentElement.outerHTML). */
  html: string;
  /** document.body.innerText after the page settled: what a person can actually read. */
  visibleText: string;
  /**
   * Text of carousel slides that were not showing when the page was captured (hidden, transparent,
   * moved out of their strip), and the alt and title of their pictures, one line per block: visitors
   * read it when the carousel turns. Absent in captures made before slides were read.
   */
  slideText?: string;
  /** Full-page PNG, capped at the configured maximum height. */
  screenshot: Buffer;
  /** Size of the screenshot in pixels. */
  screenshotSize: Viewport;
  /** Full height of the page before capping, in CSS pixels. */
  pageHeight: number;
  viewport: Viewport;
  origins: ResourceOrigins;
  /** Boxes of elements matched by the site's `ignore` selectors, in screenshot coordinates. */
  ignoredBoxes: Box[];
  /**
   * Visible text of the page's visible child frames (iframes, same- or cross-origin), `innerText`
   * of each, frames in document order separated by a newline. Absent in captures made before frames
   * were read; "" when no frame shows text.
   */
  frameText?: string;
  /**
   * Elements positioned fixed, absolute or sticky (iframes included) that are on top over a large
   * part of the first screen, largest first. Absent in captures made before overlays were recorded.
   */
  overlays?: OverlayBox[];
  /**
   * Images the page loaded (`<img>`, CSS backgrounds, in any frame) and drew (the main document's
   * sizeable canvases and inline SVGs, as PNG), by URL, with a hash of their bytes, sorted by URL.
   * Absent in captures made before images were recorded.
   */
  images?: CapturedImage[];
  /**
   * The bytes of some of `images` (small enough, first ones by URL), by sha256. Transient: only for
   * the check that made the capture; never written to disk or logs (it serialises to nothing).
   */
  imageBodies?: ReadonlyMap<string, Uint8Array>;
  /** The page clock's start (epoch ms) and Math.random seed the page ran with. */
  clockTime?: number;
  randomSeed?: number;
  /** Chromium version string, e.g. "HeadlessChrome/142.0.7444.59". */
  browserVersion: string;
  capturedAt: string;
  durationMs: number;
  /** Time spent in each stage of the capture, for the bench. */
  timings: Record<string, number>;
}

/**
 * What happened to a band of rows once the two screenshots are aligned vertically:
 * - `inserted`: rows the current page has and the baseline had nowhere (a new banner or notice);
 * - `removed`: baseline rows the current page no longer has;
 * - `replaced`: rows at the same place in the page flow that show something else now.
 */
export type VisualChangeKind = 'inserted' | 'removed' | 'replaced';

/** One block of the page that changed, found by aligning the screenshots row by row. */
export interface VisualChange {
  kind: VisualChangeKind;
  /**
   * Where the block is. `inserted` and `replaced`: in current-screenshot pixels (an inserted block
   * spans the full width: the page grew by these rows; a replaced one is the box of its changed
   * pixels). `removed`: in baseline-screenshot pixels, full width, since the current page no longer has them.
   */
  box: Box;
  /** Changed pixels inside the block (masked pixels excluded). */
  changedPixels: number;
  /**
   * How far the content after this block moved, in pixels: positive down, negative up, 0 when it
   * stayed put or nothing follows.
   */
  shift: number;
}

/**
 * What an unchanged page changes by itself, learnt from several baseline captures taken at
 * different clock times and random seeds; stored with the baseline, masked at every check.
 */
export interface Volatility {
  /** How many captures it was learnt from (1 = nothing learnt). */
  samples: number;
  /** Screen areas that differed between samples, in the baseline screenshot's pixels. */
  boxes: Box[];
  /**
   * For each of `boxes`, the looks the samples showed in it (compare/volatile-states.ts): a check
   * showing one of them there is quiet, anything else is compared and judged. Absent in baselines
   * learnt before states were kept: their areas are masked whatever they show.
   */
  states?: string[][];
  /** Shapes (digits replaced by #) of visible text blocks that differed between samples. */
  textShapes: string[];
}

/** Result of comparing two screenshots. */
export interface VisualDiff {
  /** True when both PNGs were byte-identical (no decode or diff was done). */
  identical: boolean;
  /**
   * Changed pixels / pixels compared (0..1), masked pixels excluded. Measured after vertical
   * alignment: content that only moved (pushed down by a banner) does not count; inserted and
   * removed rows count where they are not plain page background.
   */
  changedFraction: number;
  changedPixels: number;
  comparedPixels: number;
  /**
   * Changed areas, merged into boxes, largest first, in current-screenshot pixels. When the page got
   * shorter, rows past the current bottom stand for the baseline's trailing rows (as in `diffPng`).
   */
  regions: Box[];
  /** Heights differ: the page grew or shrank. */
  sizeChanged: boolean;
  /**
   * Blocks inserted, removed or replaced, top to bottom. Optional so other producers of this type
   * need not align; `compareScreenshots` always sets it (empty when nothing changed).
   */
  changes?: VisualChange[];
  /**
   * Rows of the current screenshot showing baseline content unchanged at another height (moved, not
   * changed). 0 when nothing moved; set by `compareScreenshots`.
   */
  movedRows?: number;
  /** PNG highlighting changed pixels (pixelmatch output), absent when nothing changed. */
  diffPng?: Buffer;
}

/** Result of comparing two DOMs. */
export interface DomDiff {
  identical: boolean;
  titleBefore: string;
  titleAfter: string;
  titleChanged: boolean;
  /** Visible text blocks present now but not in the baseline. */
  textAdded: string[];
  /** Visible text blocks of the baseline that are gone. */
  textRemoved: string[];
  /** Jaccard similarity of word shingles of the visible text (1 = same). */
  textSimilarity: number;
  /** Fraction of the baseline's visible text (by characters) that is gone. */
  removedTextFraction: number;
  newOrigins: ResourceOrigins;
  /**
   * Alt/title text of visible images (and image inputs/areas) present now but not in the baseline.
   * Optional: absent when the producer does not look at images.
   */
  imageTextAdded?: string[];
  /** Alt/title text of the baseline's images that is gone (absent like `imageTextAdded`). */
  imageTextRemoved?: string[];
  /**
   * Lines of slides not showing (Capture.slideText) that neither capture's visible text nor the
   * baseline's slides had. Absent when either capture predates slide text.
   */
  slideTextAdded?: string[];
}

/**
 * What a signal can show on its own:
 * - `signature`: a known mark of a defacement (a defacer phrase; later a flag image);
 * - `replacement`: the site's own content was replaced;
 * - `supporting`: something changed that only matters together with other evidence.
 */
export type SignalKind = 'signature' | 'replacement' | 'supporting';

/** One piece of evidence from one detector. */
export interface Signal {
  detector: string;
  /** Version of the detector that produced it (stamped by the detector runner). */
  detectorVersion?: string;
  /** What the signal shows on its own; absent means `supporting`. */
  kind?: SignalKind | undefined;
  /** 0..1: how strongly this signal says "defaced". */
  score: number;
  /** One plain phrase for people, e.g. `defacer phrase "hacked by" added`. */
  summary: string;
  /**
   * The evidence is something visitors see although the screenshot does not show it (a new image a
   * carousel shows at another moment): a decisive signal with it counts as visible for the verdict.
   */
  visibleToVisitors?: boolean;
  evidence: Record<string, unknown>;
}

/** The outcome of one check of one site: the `check --json` line. */
export interface CheckResult {
  site: string;
  url: string;
  verdict: Verdict;
  score: number;
  signals: Signal[];
  reason: string;
  checkedAt: string;
  durationMs: number;
}
