import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The corpus test is one long file (every corpus case through the real CLI, about 20 minutes on two
 * cores): it starts first, so the other files run beside it instead of after it.
 */
class CorpusFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isCorpus = (f: TestSpecification): boolean => f.moduleId.endsWith('corpus.test.ts');
    return [...sorted.filter(isCorpus), ...sorted.filter((f) => !isCorpus(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests drive real Chromium; two cores cannot run many at once.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { sequencer: CorpusFirst },
  },
});
