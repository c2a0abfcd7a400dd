/**
 * Pieces of one colour grouped by proximity: cells closer than a small gap belong to one piece. A
 * flag's feature drawn in one colour may fall apart where another colour cuts it thinly (the ROC sun
 * cut by its blue ring, the DPRK disc cut by the star's tips) or where a picture's edges blur; either
 * way a person sees one feature, and so should the part check.
 */

/** A group of set cells: how many, their centroid (cell centres at +0.5) and bounding box (inclusive). */
export interface Piece {
  cells: number;
  cx: number;
  cy: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Dilates a 0/1 grid by a square of radius r (separable running maximum). */
function dilate(on: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if (r <= 0) return on;
  const tmp = new Uint8Array(on.length);
  const out = new Uint8Array(on.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r) && !v; k++) v = on[y * w + k] as number;
      tmp[y * w + x] = v;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r) && !v; k++) v = tmp[k * w + x] as number;
      out[y * w + x] = v;
    }
  }
  return out;
}

/**
 * The pieces of the set cells of a w × h grid, cells less than about 2·`radius` apart joined
 * (4-connectivity of the grid dilated by `radius`); counts and positions are of the set cells only.
 */
export function groupPieces(on: Uint8Array, w: number, h: number, radius: number): Piece[] {
  const grown = dilate(on, w, h, radius);
  const label = new Int32Array(on.length).fill(-1);
  const out: Piece[] = [];
  const stack: number[] = [];
  for (let start = 0; start < grown.length; start++) {
    if (!grown[start] || label[start] !== -1) continue;
    const id = out.length;
    const piece: Piece = { cells: 0, cx: 0, cy: 0, x0: w, y0: h, x1: -1, y1: -1 };
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const k = stack.pop() as number;
      const x = k % w;
      const y = (k - x) / w;
      if (on[k]) {
        piece.cells++;
        piece.cx += x + 0.5;
        piece.cy += y + 0.5;
        piece.x0 = Math.min(piece.x0, x);
        piece.y0 = Math.min(piece.y0, y);
        piece.x1 = Math.max(piece.x1, x);
        piece.y1 = Math.max(piece.y1, y);
      }
      for (const n of [x > 0 ? k - 1 : -1, x + 1 < w ? k + 1 : -1, y > 0 ? k - w : -1, y + 1 < h ? k + w : -1]) {
        if (n >= 0 && grown[n] && label[n] === -1) {
          label[n] = id;
          stack.push(n);
        }
      }
    }
    piece.cx /= piece.cells;
    piece.cy /= piece.cells;
    out.push(piece);
  }
  return out;
}
