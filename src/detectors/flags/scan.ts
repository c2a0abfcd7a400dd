/**
 * From screenshot pixels to colour-class maps and their connected components. A big region is
 * averaged down by a whole factor first: averaging also smooths sensor noise and JPEG blocks.
 */
import type { Box, RawImage } from '../../core/types.js';
import { classIndex, classIndexOfWord, UNKNOWN } from './palette.js';

/** Colour classes of one scanned area; scan pixel (x, y) covers page pixels from (x0 + x·scale, y0 + y·scale). */
export interface ClassMap {
  width: number;
  height: number;
  classes: Uint8Array;
  scale: number;
  x0: number;
  y0: number;
  /** The whole screenshot and the lookup table, for the odd sample outside the scanned area. */
  image: RawImage;
  table: Uint8Array;
  /**
   * The scanned area is one picture shown on the page: what lies outside it is the page around the
   * picture, not more of what the picture shows, so samples there are UNKNOWN, as past an image's edge.
   */
  bounded: boolean;
}

/**
 * The class at scan pixel (x, y): from the map inside it, from one screenshot pixel outside it (a
 * frame may reach past the scanned area), UNKNOWN off the screenshot or outside a bounded map.
 */
export function classAt(map: ClassMap, x: number, y: number): number {
  if (x >= 0 && y >= 0 && x < map.width && y < map.height) return map.classes[y * map.width + x] as number;
  if (map.bounded) return UNKNOWN;
  const px = map.x0 + x * map.scale + (map.scale >> 1);
  const py = map.y0 + y * map.scale + (map.scale >> 1);
  const { image } = map;
  if (px < 0 || py < 0 || px >= image.width || py >= image.height) return UNKNOWN;
  const o = (py * image.width + px) * 4;
  return map.table[classIndex(image.data[o] as number, image.data[o + 1] as number, image.data[o + 2] as number)] as number;
}

/**
 * Classifies `box` (clipped to the image by the caller) at 1/`scale` resolution. Each scan pixel is
 * the class of the average colour of its block; blocks larger than 2 × 2 are averaged over 2 × 2
 * samples spread across the block, which is as good for flat flag colours and a third of the reads.
 */
export function classMap(image: RawImage, box: Box, scale: number, table: Uint8Array, bounded = false): ClassMap {
  const s = Math.max(1, Math.floor(scale));
  const width = Math.floor(box.width / s);
  const height = Math.floor(box.height / s);
  const classes = new Uint8Array(width * height);
  const { data } = image;
  const stride = image.width * 4;
  if (s === 1 && data.byteOffset % 4 === 0) {
    // One 32-bit read a pixel (little-endian, as every platform Node runs on).
    const words = new Uint32Array(data.buffer, data.byteOffset, image.width * image.height);
    for (let y = 0; y < height; y++) {
      let o = (box.y + y) * image.width + box.x;
      const row = y * width;
      for (let x = 0; x < width; x++, o++) {
        classes[row + x] = table[classIndexOfWord(words[o] as number)] as number;
      }
    }
    return { width, height, classes, scale: s, x0: box.x, y0: box.y, image, table, bounded };
  }
  if (s === 1) {
    for (let y = 0; y < height; y++) {
      let o = (box.y + y) * stride + box.x * 4;
      const row = y * width;
      for (let x = 0; x < width; x++, o += 4) {
        classes[row + x] = table[classIndex(data[o] as number, data[o + 1] as number, data[o + 2] as number)] as number;
      }
    }
    return { width, height, classes, scale: s, x0: box.x, y0: box.y, image, table, bounded };
  }
  // Sample offsets inside a block: both pixels of a 2 × 2 block, or a quarter and three quarters in.
  const lo = s === 2 ? 0 : Math.floor(s / 4);
  const hi = s === 2 ? 1 : Math.floor((3 * s) / 4);
  for (let y = 0; y < height; y++) {
    const r0 = (box.y + y * s + lo) * stride;
    const r1 = (box.y + y * s + hi) * stride;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const c0 = (box.x + x * s + lo) * 4;
      const c1 = (box.x + x * s + hi) * 4;
      const a = r0 + c0;
      const b = r0 + c1;
      const c = r1 + c0;
      const d = r1 + c1;
      const red = ((data[a] as number) + (data[b] as number) + (data[c] as number) + (data[d] as number)) >> 2;
      const green = ((data[a + 1] as number) + (data[b + 1] as number) + (data[c + 1] as number) + (data[d + 1] as number)) >> 2;
      const blue = ((data[a + 2] as number) + (data[b + 2] as number) + (data[c + 2] as number) + (data[d + 2] as number)) >> 2;
      classes[row + x] = table[classIndex(red, green, blue)] as number;
    }
  }
  return { width, height, classes, scale: s, x0: box.x, y0: box.y, image, table, bounded };
}

/** A 4-connected area of one colour class, with what the matcher needs to place a flag on it. */
export interface Component {
  cls: number;
  area: number;
  /** Inclusive bounding box in scan pixels. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Centroid and central second moments (per pixel), pixel centres at whole coordinates. */
  cx: number;
  cy: number;
  mxx: number;
  myy: number;
  mxy: number;
}

/** Growable per-run statistics, one column per field (a struct of arrays keeps the GC out of the loop). */
class RunTable {
  size = 0;
  parent = new Int32Array(4096);
  cls = new Uint8Array(4096);
  /** area, Σx, Σy, Σx², Σy², Σxy, x0, y0, x1, y1 */
  stats = new Float64Array(4096 * 10);

  add(cls: number, y: number, x0: number, x1: number): number {
    if (this.size === this.parent.length) this.grow();
    const id = this.size++;
    this.parent[id] = id;
    this.cls[id] = cls;
    const n = x1 - x0 + 1;
    const sx = ((x0 + x1) * n) / 2;
    // Σx² over x0..x1 = S(x1) − S(x0 − 1), S(k) = k(k+1)(2k+1)/6.
    const sxx = (x1 * (x1 + 1) * (2 * x1 + 1) - (x0 - 1) * x0 * (2 * x0 - 1)) / 6;
    const o = id * 10;
    const st = this.stats;
    st[o] = n;
    st[o + 1] = sx;
    st[o + 2] = y * n;
    st[o + 3] = sxx;
    st[o + 4] = y * y * n;
    st[o + 5] = y * sx;
    st[o + 6] = x0;
    st[o + 7] = y;
    st[o + 8] = x1;
    st[o + 9] = y;
    return id;
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    let j = i;
    while (this.parent[j] !== r) {
      const next = this.parent[j] as number;
      this.parent[j] = r;
      j = next;
    }
    return r;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }

  private grow(): void {
    const n = this.parent.length * 2;
    const parent = new Int32Array(n);
    parent.set(this.parent);
    const cls = new Uint8Array(n);
    cls.set(this.cls);
    const stats = new Float64Array(n * 10);
    stats.set(this.stats);
    this.parent = parent;
    this.cls = cls;
    this.stats = stats;
  }
}

/**
 * Finds the 4-connected components of the classes in `wanted` (a bit per class id) with at least
 * `minArea` pixels. Works on horizontal runs joined with a union-find, so a large plain area costs
 * one comparison a pixel and no per-pixel bookkeeping.
 */
export function findComponents(classes: Uint8Array, width: number, height: number, minArea: number, wanted = 0xfe): Component[] {
  const runs = new RunTable();
  let prevStart = new Int32Array(width);
  let prevEnd = new Int32Array(width);
  let prevId = new Int32Array(width);
  let curStart = new Int32Array(width);
  let curEnd = new Int32Array(width);
  let curId = new Int32Array(width);
  let prevCount = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let count = 0;
    let p = 0;
    let x = 0;
    while (x < width) {
      const cls = classes[row + x] as number;
      let end = x;
      while (end + 1 < width && classes[row + end + 1] === cls) end++;
      if ((wanted >> cls) & 1) {
        const id = runs.add(cls, y, x, end);
        // Runs of the row above that overlap [x, end] (4-connectivity) and share the class.
        while (p < prevCount && (prevEnd[p] as number) < x) p++;
        for (let q = p; q < prevCount && (prevStart[q] as number) <= end; q++) {
          const other = prevId[q] as number;
          if (runs.cls[other] === cls) runs.union(id, other);
        }
        curStart[count] = x;
        curEnd[count] = end;
        curId[count] = id;
        count++;
      }
      x = end + 1;
    }
    [prevStart, curStart] = [curStart, prevStart];
    [prevEnd, curEnd] = [curEnd, prevEnd];
    [prevId, curId] = [curId, prevId];
    prevCount = count;
  }

  // Fold every run's statistics into its root.
  const st = runs.stats;
  for (let i = 0; i < runs.size; i++) {
    const r = runs.find(i);
    if (r === i) continue;
    const a = r * 10;
    const b = i * 10;
    for (let k = 0; k < 6; k++) st[a + k] = (st[a + k] as number) + (st[b + k] as number);
    if ((st[b + 6] as number) < (st[a + 6] as number)) st[a + 6] = st[b + 6] as number;
    if ((st[b + 7] as number) < (st[a + 7] as number)) st[a + 7] = st[b + 7] as number;
    if ((st[b + 8] as number) > (st[a + 8] as number)) st[a + 8] = st[b + 8] as number;
    if ((st[b + 9] as number) > (st[a + 9] as number)) st[a + 9] = st[b + 9] as number;
  }
  const list: Component[] = [];
  for (let i = 0; i < runs.size; i++) {
    if (runs.parent[i] !== i) continue;
    const o = i * 10;
    const area = st[o] as number;
    if (area < minArea) continue;
    const cx = (st[o + 1] as number) / area;
    const cy = (st[o + 2] as number) / area;
    list.push({
      cls: runs.cls[i] as number,
      area,
      x0: st[o + 6] as number,
      y0: st[o + 7] as number,
      x1: st[o + 8] as number,
      y1: st[o + 9] as number,
      cx,
      cy,
      mxx: (st[o + 3] as number) / area - cx * cx,
      myy: (st[o + 4] as number) / area - cy * cy,
      mxy: (st[o + 5] as number) / area - cx * cy,
    });
  }
  return list;
}

/** Orientation of a component's principal axis in degrees (−90..90, 0 = horizontal), and how elongated it is (≥ 1). */
export function principalAxis(c: Pick<Component, 'mxx' | 'myy' | 'mxy'>): { angle: number; elongation: number } {
  const angle = (0.5 * Math.atan2(2 * c.mxy, c.mxx - c.myy) * 180) / Math.PI;
  const common = (c.mxx + c.myy) / 2;
  const diff = Math.sqrt(((c.mxx - c.myy) / 2) ** 2 + c.mxy ** 2);
  const major = common + diff;
  const minor = Math.max(1e-9, common - diff);
  return { angle, elongation: Math.sqrt(major / minor) };
}
