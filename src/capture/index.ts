/** The browser side of a check: Chromium pool, page capture, SSRF guard. */
export { BrowserPool, CHROMIUM_ARGS, CHROMIUM_PATH, HEADLESS_SHELL_PATH, resolveChromiumPath } from './browser.js';
export type { BrowserPoolOptions } from './browser.js';
export { CAPTURE_DEFAULTS, capturePage, redirectChain } from './capture-page.js';
export type { CaptureOptions, CaptureRequest, ContextSource } from './capture-page.js';
export { ChromiumCapturer, createChromiumCapturer } from './capturer.js';
export type { ChromiumCapturerOptions } from './capturer.js';
export { DEFAULT_RANDOM_SEED } from './page-determinism.js';
export { DEFAULT_SETTLE } from './settle.js';
export type { SettleOptions } from './settle.js';
export { assertUrlAllowed, checkUrl, classifyAddress, isMetadataHostname, refusalReason, systemResolver, urlPrivateError } from './url-guard.js';
export type { AddressClass, CheckUrlOptions, HostResolver, UrlCheck } from './url-guard.js';
