// Lighthouse for the bench (browser.mjs, images.mjs): one run, and pages
// measured against the same pages with every script removed.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { LAUNCH } from '../e2e/helpers.js';

const LIGHTHOUSE = process.env.LIGHTHOUSE ?? 'node_modules/.bin/lighthouse';

export const median = (values) => {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// One Lighthouse 12 run (mobile, simulated throttling): its category scores
// and the performance figures that the targets name.
// Lighthouse now and then fails to record its trace ("NO_NAVSTART") and
// exits with an error: such a run is repeated, up to three attempts.
export function lighthouse(url, name) {
  const out = `target/bench/lighthouse-${name}.json`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      execFileSync(
        LIGHTHOUSE,
        [url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance,accessibility,best-practices,seo',
          `--chrome-flags=--headless=new ${LAUNCH.args.join(' ')}`],
        { env: { ...process.env, CHROME_PATH: LAUNCH.executablePath }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300000 },
      );
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      process.stderr.write(`lighthouse: ${name}, attempt ${attempt} failed; again\n`);
    }
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const scores = {};
  for (const [key, category] of Object.entries(report.categories)) scores[key] = Math.round(category.score * 100);
  const failed = Object.values(report.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map((a) => a.id);
  const value = (id) => report.audits[id]?.numericValue ?? null;
  // The page's scripts' own share of blocking: each long task Lighthouse
  // puts on a script file (the app's loader and module; not the document's
  // parsing and layout, not "Unattributable"), less its first 50 ms. The
  // script-free page's TBT moves by 100 ms between runs of the same page,
  // so the difference of the two TBTs says little; this does not depend on it.
  const tasks = report.audits['long-tasks']?.details?.items ?? [];
  const scriptBlocking = tasks
    .filter((task) => /\.(m?js|wasm)(\?|$)/.test(task.url ?? ''))
    .reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
  return {
    script_blocking_ms: scriptBlocking,
    scores,
    failed_audits: failed,
    lcp_ms: value('largest-contentful-paint'),
    tbt_ms: value('total-blocking-time'),
    tti_ms: value('interactive'),
    fcp_ms: value('first-contentful-paint'),
  };
}

// The pages of the Lighthouse part, each against the same page with every
// script removed (BASELINE), in one run so that the ratio compares like with
// like. LIGHTHOUSE_RUNS runs of each; the median of each figure is reported.
export function lighthousePages(pages, BASELINE, AFTER) {
  const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 2);
  const result = {};
  for (const [name, path] of pages) {
    result[name] = {};
    for (const [site, base] of [['baseline', BASELINE], ['after', AFTER]]) {
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(lighthouse(base + path, `${name}-${site}-${i}`));
      const mid = (pick) => median(samples.map(pick));
      result[name][site] = {
        performance: mid((r) => r.scores.performance),
        accessibility: mid((r) => r.scores.accessibility),
        best_practices: mid((r) => r.scores['best-practices']),
        seo: mid((r) => r.scores.seo),
        lcp_ms: mid((r) => r.lcp_ms),
        tbt_ms: mid((r) => r.tbt_ms),
        tti_ms: mid((r) => r.tti_ms),
        fcp_ms: mid((r) => r.fcp_ms),
        script_blocking_ms: mid((r) => r.script_blocking_ms),
        failed_audits: [...new Set(samples.flatMap((r) => r.failed_audits))],
        runs: samples.map((r) => ({ performance: r.scores.performance, lcp_ms: r.lcp_ms, tbt_ms: r.tbt_ms, script_blocking_ms: r.script_blocking_ms })),
      };
    }
  }
  return result;
}

