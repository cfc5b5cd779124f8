// npm run bench [-- --quick] [--warm-runs N] [--cold-runs N] [--labs a,b]
// Prints every performance figure the course is shaped around as a table and writes bench-results/bench.json.
// Targets are reported beside the figures, never asserted: this is a measurement, not a test.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveChromiumPath } from '../tests/e2e/support/chromium-path';
import { findLabPage } from '../tests/e2e/lab-ui/lab-page';
import { listLabIds } from '../src/lab-format/load-lab';
import { runTokenServerBench } from '../src/token-server/bench';
import { serveBuild } from './bench/bench-site';
import { launchChromium } from './launch-chromium';
import { timeBuild } from './bench/build-timer';
import { measureGrade } from './bench/grade-latency';
import { nodeFloor } from './bench/node-floor';
import { weighPage } from './bench/page-weight';
import { formatSpread } from './bench/stats';
import { addTrivialLabLesson, createTempProject, multiplyCourse, REPO_ROOT } from './bench/temp-project';
import { printTable, type Row } from './bench/table';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'warm-runs': { type: 'string', default: '7' },
    'cold-runs': { type: 'string', default: '3' },
    labs: { type: 'string' },
  },
});
const warmRuns = Math.max(5, Number(args['warm-runs']));
const coldRuns = Math.max(1, Number(args['cold-runs']));
const rows: Row[] = [];
const json: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const LOOP_CODE =
  'export function splitToken(token: string) {\n  while (true) {}\n  return { header: token, payload: token, signature: token };\n}\n';
const LESSON_WITHOUT_LAB = '00-foundations/01-what-is-a-jwt/';

const shipped = createTempProject('shipped');
const bench = createTempProject('lab');
const tenfold = args.quick ? undefined : createTempProject('10x');
const browser = await launchChromium(resolveChromiumPath());
try {
  console.error('bench: building the shipped course…');
  const shippedBuild = await timeBuild(shipped.root);
  rows.push({
    figure: 'build time, shipped course',
    value: `${(shippedBuild.ms / 1000).toFixed(1)} s`,
    target: 'report',
  });
  if (tenfold) {
    const grown = multiplyCourse(tenfold, 10);
    console.error(`bench: building 10× (${grown.lessons} more lessons, ${grown.labs} more labs)…`);
    const tenBuild = await timeBuild(tenfold.root);
    const growth = tenBuild.ms / shippedBuild.ms;
    rows.push({
      figure: 'build time, 10× lessons and labs',
      value: `${(tenBuild.ms / 1000).toFixed(1)} s (growth ${growth.toFixed(1)}×)`,
      target: 'growth ≤ 10×',
    });
    json['build'] = { shippedMs: shippedBuild.ms, tenfoldMs: tenBuild.ms, growth };
  } else json['build'] = { shippedMs: shippedBuild.ms };

  const trivial = addTrivialLabLesson(bench);
  console.error('bench: building the benchmark copy (shipped course + trivial lab)…');
  const built = await timeBuild(bench.root);
  const site = await serveBuild(built.outDir);
  try {
    const home = await weighPage(browser, site, '');
    const lesson = await weighPage(browser, site, LESSON_WITHOUT_LAB);
    // Every lab page loads the same island, React renderer and Monaco; the trivial lab's page is always built.
    const labPath = trivial.lessonPath;
    const labPage = await weighPage(browser, site, labPath, '[data-editor-ready]');
    rows.push({
      figure: 'JS gzip at load: home',
      value: kb(home.jsGzip + home.monacoGzip),
      target: '≤ 3 KB',
    });
    rows.push({
      figure: 'JS gzip at load: lesson without a lab',
      value: kb(lesson.jsGzip + lesson.monacoGzip),
      target: '≤ 3 KB',
    });
    rows.push({
      figure: 'JS gzip on a lab page before Monaco',
      value: kb(labPage.jsGzip),
      target: '≤ 150 KB',
    });
    rows.push({
      figure: 'grading worker gzip (warmed before the first Run)',
      value: kb(labPage.workerGzip),
      target: 'report',
    });
    rows.push({ figure: 'Monaco and its workers (gzip)', value: kb(labPage.monacoGzip), target: '≤ 2.7 MB' });
    json['pages'] = { home, lesson, labPage };

    const trivialCode = readFileSync(join(REPO_ROOT, 'bench/labs/trivial/solution.ts'), 'utf8');
    const t = await measureGrade(browser, site, trivial.lessonPath, trivial.labId, trivialCode, warmRuns);
    rows.push({
      figure: `trivial lab (${t.summary.trim()}) warm`,
      value: formatSpread(t.warm),
      target: '≤ 10 ms',
    });
    rows.push({ figure: 'trivial lab cold', value: `${t.coldMs.toFixed(1)} ms`, target: '≤ 80 ms' });
    const loop = await measureGrade(browser, site, trivial.lessonPath, trivial.labId, LOOP_CODE, 0);
    rows.push({
      figure: `loop report (${loop.summary.trim()})`,
      value: `${loop.coldMs.toFixed(0)} ms`,
      target: '≤ 3000 ms',
    });
    json['trivial'] = { ...t, loopMs: loop.coldMs, loopSummary: loop.summary };

    const labIds = args.labs ? args.labs.split(',') : listLabIds();
    const labs: Record<string, unknown> = {};
    for (const id of labIds) {
      console.error(`bench: grading ${id}…`);
      const code = readFileSync(join(REPO_ROOT, 'labs', id, 'solution.ts'), 'utf8');
      // One lab that cannot be measured must not cost every other figure: report it and go on.
      const browserGrade = await measureGrade(
        browser,
        site,
        findLabPage(built.outDir, id),
        id,
        code,
        warmRuns,
        coldRuns,
      ).catch((error: unknown) => {
        rows.push({
          figure: `${id} click → verdicts painted, warm / cold`,
          value: `not measured: ${String(error).split('\n')[0]}`,
          target: '≤ 50 ms / ≤ 500 ms',
        });
        return undefined;
      });
      if (!browserGrade) continue;
      const node = await nodeFloor(join(REPO_ROOT, 'labs', id), code, 5);
      const ratio = browserGrade.warm.median / node.floor.median;
      rows.push({
        figure: `${id} (${browserGrade.summary.trim()}) click → verdicts painted, warm / cold`,
        value: `${formatSpread(browserGrade.warm)} / ${formatSpread(browserGrade.cold)}`,
        target: '≤ 50 ms / ≤ 500 ms',
      });
      rows.push({
        figure: `${id} Node floor; browser ÷ floor`,
        value: `${formatSpread(node.floor)}; ${ratio.toFixed(2)}×`,
        target: 'report',
      });
      labs[id] = { browser: browserGrade, node, ratio };
      // Printed as it comes too: on a busy machine the whole table can take a long time.
      console.error(
        `bench: ${id} click → verdicts painted: warm ${formatSpread(browserGrade.warm)}, cold ${formatSpread(browserGrade.cold)}`,
      );
    }
    json['labs'] = labs;
  } finally {
    await site.close();
  }

  console.error('bench: token server…');
  const server = await runTokenServerBench();
  for (const c of server.creation)
    rows.push({
      figure: `token server creation, ${c.alg}`,
      value: `${c.medianMs.toFixed(2)} ms (cold ${c.coldMs.toFixed(1)} ms)`,
      target: 'report',
    });
  for (const t of server.throughput)
    rows.push({
      figure: `issue+verify/s, ${t.alg}: server vs bare jose`,
      value: `${t.serverOpsPerSecond.toFixed(0)} vs ${t.bareJoseOpsPerSecond.toFixed(0)} (${t.overheadRatio.toFixed(2)}×)`,
      target: 'report',
    });
  json['tokenServer'] = server;
} finally {
  await browser.close();
  shipped.remove();
  bench.remove();
  tenfold?.remove();
}

printTable(rows);
mkdirSync(join(REPO_ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'bench-results/bench.json'), `${JSON.stringify({ ...json, rows }, null, 2)}\n`);
console.log('\nwritten: bench-results/bench.json');
