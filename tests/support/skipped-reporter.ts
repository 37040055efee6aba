// A vitest reporter that ends a run with the tests it skipped and why: each skipped test's name
// (or its suite's) says what it needs, such as "(skipped: ../shared/seed is not beside the
// checkout)" or "needs DATELINE_TEST_DATABASE_URL". Tests left out by a name filter are not listed.
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = testModules.flatMap((module) =>
      [...module.children.allTests('skipped')]
        .filter((test) => test.options.mode === 'skip' || test.options.mode === 'todo')
        .map((test) => `  ${relative(process.cwd(), module.moduleId)} > ${test.fullName}`),
    );
    if (skipped.length === 0) return;
    process.stdout.write(`\n${skipped.length} test${skipped.length === 1 ? '' : 's'} skipped, each saying why:\n${skipped.join('\n')}\n`);
  }
}
