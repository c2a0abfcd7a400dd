/** Once a part is grey with dark text on light, its text pixels are the ones below this level. */
export const DARK = 128;

/** How many pixels of a grey picture are dark (text). */
export function darkPixels(grey: Uint8Array): number {
  let dark = 0;
  for (const v of grey) if (v < DARK) dark++;
  return dark;
}
