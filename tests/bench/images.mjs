// The picture part of `cargo xtask bench` (xtask/src/bench/images.rs):
// Lighthouse 12 (mobile) on an article whose hero is a 4000 × 3000 camera
// photo, against the same page with every script removed (BASELINE), in one
// run. Writes to OUT a summary line, then the figures as JSON on one line.
import { writeFileSync } from 'node:fs';
import { lighthousePages } from './lighthouse.mjs';

const AFTER = process.env.AFTER;
const BASELINE = process.env.BASELINE;

const front = await (await fetch(`${AFTER}/data/front.json`)).json();
const teasers = [front.lead, ...front.top, ...front.rails.flatMap((rail) => rail.teasers)];
const story = teasers.find((t) => t?.thumbnail?.ladder);
if (!story) throw new Error('no story on the front page has a photo');
process.env.LIGHTHOUSE_RUNS ??= '5';
const result = lighthousePages([['article with a photo', story.url]], BASELINE, AFTER)['article with a photo'];
const fmt = (ms) => `${Math.round(ms)} ms`;
const summary = `Lighthouse 12 mobile, ${story.url} (a 4000 × 3000 hero), median of ${process.env.LIGHTHOUSE_RUNS} runs: LCP ${fmt(result.after.lcp_ms)} against ${fmt(result.baseline.lcp_ms)} without scripts (${(result.after.lcp_ms / result.baseline.lcp_ms).toFixed(2)}×), performance ${result.after.performance} against ${result.baseline.performance}, TBT ${fmt(result.after.tbt_ms)} against ${fmt(result.baseline.tbt_ms)}${result.after.failed_audits.length ? `; failing: ${result.after.failed_audits.join(', ')}` : ''}`;
console.log(summary);
writeFileSync(process.env.OUT, `${summary}\n${JSON.stringify({ url: story.url, ...result })}\n`);
