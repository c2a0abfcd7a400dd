import pLimit from 'p-limit';
import { statusLine } from '../log.js';

/** Reports progress of a long command on a terminal, on its status line under the log; silent when stderr is not a terminal. */
export interface Progress {
  tick(label: string): void;
  done(): void;
}

export function terminalProgress(total: number, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Progress {
  if (!stream.isTTY || total <= 1) return { tick() {}, done() {} };
  const line = statusLine(stream);
  let finished = 0;
  return {
    tick(label) {
      finished += 1;
      line.show(`[${finished}/${total}] ${label}`);
    },
    done() {
      line.clear();
    },
  };
}

/**
 * Runs `work` over many items, at most `concurrency` at once, and yields each outcome as soon as
 * it is ready (so results stream out while slower sites are still loading). One item's failure is
 * returned as its outcome; it never stops the others.
 */
export async function* runConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<{ item: T; value?: R; error?: unknown }> {
  const limit = pLimit(Math.max(1, concurrency));
  type Outcome = { item: T; value?: R; error?: unknown };
  const pending = new Map<number, Promise<[number, Outcome]>>();
  items.forEach((item, index) => {
    pending.set(
      index,
      limit(() => work(item)).then(
        (value): [number, Outcome] => [index, { item, value }],
        (error: unknown): [number, Outcome] => [index, { item, error }],
      ),
    );
  });
  while (pending.size > 0) {
    const [index, outcome] = await Promise.race(pending.values());
    pending.delete(index);
    yield outcome;
  }
}
