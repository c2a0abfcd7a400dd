/**
 * One image of the corpus. The extension of its path picks the format (.png, or .jpg at `quality`,
 * default 72).
 */
export type ImageSpec =
  | { svg: () => string; quality?: number }
  /** The image at another catalogue path, decoded and encoded again (same pixels, other bytes). */
  | { reencode: string; quality?: number }
  /** Bytes made in code (photo-like pictures from photos.ts, animated GIFs), written as they are. */
  | { bytes: () => Promise<Buffer> };
