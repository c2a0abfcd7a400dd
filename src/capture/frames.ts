/**
 * The page's child frames: which of them a person can see, what they say, and how opaquely they
 * paint (for overlay detection). A defacement shown in a full-window `<iframe>` is text the main
 * document's `innerText` never contains.
 */
import type { OverlayBox } from '../core/types.js';
import { frameText, inspectFrameOwner, surveyViewport, type ViewportSurveyArgs } from './frame-scripts.js';
import type { FrameRef, IsolatedWorld } from './isolated-world.js';
import { withTimeout } from './timeout.js';

/** Bounds on reading frames: a page with hundreds of ad frames costs no more than this. */
export interface FrameLimits {
  /** Child frames looked at, first ones in tree order. */
  maxFrames: number;
  /** Characters of text kept per frame… */
  maxCharsPerFrame: number;
  /** …and in all. */
  maxChars: number;
  /** Time one frame may take; a frame that does not answer is left out. */
  perFrameTimeoutMs: number;
  /** A frame smaller than this (CSS pixels, once clipped) is not "visible". */
  minWidth: number;
  minHeight: number;
}

export const FRAME_LIMITS: Readonly<FrameLimits> = {
  maxFrames: 16,
  maxCharsPerFrame: 20_000,
  maxChars: 60_000,
  perFrameTimeoutMs: 1_000,
  minWidth: 16,
  minHeight: 16,
};

/** How frame viewports are sampled; the same grid as the main frame's overlay survey. */
export const SURVEY_GRID: Readonly<ViewportSurveyArgs> = { cols: 12, rows: 9, minCoverage: 0.2, maxOverlays: 8, opaqueAlpha: 0.75 };

export interface FramesRead {
  /** Visible text of the visible frames, in tree order, a newline between frames. */
  text: string;
  /** Child frames looked at. */
  frames: number;
  /** Of those, frames a person can see (their ancestors included). */
  visible: number;
}

/** The page's frames and the layers over its first screen. */
export interface FramesAndOverlays {
  frames: FramesRead;
  overlays: OverlayBox[];
}

/** What a page without frames or overlays gives; also what a capture records when reading them failed. */
export const NO_FRAMES: Readonly<FramesAndOverlays> = { frames: { text: '', frames: 0, visible: 0 }, overlays: [] };

/**
 * Reads the child frames (readFrames), then surveys the first screen of the main frame for layers
 * over it (surveyViewport), which needs what reading the frames recorded on their elements.
 */
export async function readFramesAndOverlays(world: IsolatedWorld): Promise<FramesAndOverlays> {
  const frames = await readFrames(world);
  const { overlays } = await world.evaluate(surveyViewport, SURVEY_GRID);
  return { frames, overlays };
}

interface FrameFacts {
  frame: FrameRef;
  visible: boolean;
  text: string;
}

/**
 * Reads the child frames of the page, each in the capture's isolated world: how opaque it paints
 * (recorded on its `<iframe>` for `surveyViewport` of the parent), whether its element is visible,
 * and, if so, its `innerText`. Frames whose ancestors are hidden count as hidden. Best effort:
 * a frame that fails or does not answer in time is left out.
 */
export async function readFrames(world: IsolatedWorld, limits: FrameLimits = FRAME_LIMITS): Promise<FramesRead> {
  const all = await world.frames();
  const children = all.filter((f) => f.parentId !== null).slice(0, limits.maxFrames);
  if (children.length === 0) return { text: '', frames: 0, visible: 0 };
  const facts = await Promise.all(children.map((frame) => withTimeout(readFrame(world, frame, limits), limits.perFrameTimeoutMs)));
  const visible = new Set<string>([all[0]!.id]);
  const texts: string[] = [];
  // Tree order: a parent is decided before its children.
  for (const fact of facts) {
    if (!fact?.visible || fact.frame.parentId === null || !visible.has(fact.frame.parentId)) continue;
    visible.add(fact.frame.id);
    const text = fact.text.trim();
    if (text) texts.push(text);
  }
  let text = texts.join('\n');
  if (text.length > limits.maxChars) text = text.slice(0, limits.maxChars);
  return { text, frames: children.length, visible: visible.size - 1 };
}

async function readFrame(world: IsolatedWorld, frame: FrameRef, limits: FrameLimits): Promise<FrameFacts> {
  const parentId = frame.parentId as string;
  const survey = await world.evaluate(surveyViewport, { ...SURVEY_GRID, maxOverlays: 0 }, frame.id);
  const visible = await world.evaluateOnFrameOwner(frame.id, parentId, inspectFrameOwner, {
    opaque: survey.opaque,
    minWidth: limits.minWidth,
    minHeight: limits.minHeight,
  });
  const text = visible ? await world.evaluate(frameText, { maxChars: limits.maxCharsPerFrame }, frame.id) : '';
  return { frame, visible, text };
}
