/**
 * The commune roadmap's planner (issue 15 §1, "Figures in your note: plan of a 5,000-order commune"): planRoadmap
 * on a synthetic commune of ORDERS households in HAMLETS hamlets (each a cluster about 1 km across, the hamlets
 * scattered over about 8 km, a few households in OTHER_HAMLET), TECHNICIANS technicians at CAPACITY a day; and
 * the worst grouping, every order in one hamlet. Pure computation in this process: the figure is the median of
 * RUNS runs after a first (cold) run, which is reported apart (JIT warm-up and the holiday tables).
 *
 *   npm run bench:roadmap [-- --orders 5000 --hamlets 12 --runs 7]
 *
 * Writes bench/results/roadmap.figures.json (a figure, no budget: the server's answer time is what users feel).
 */
import { parseArgs } from 'node:util';
import { Prng } from '../server/demo/prng';
import { planRoadmap, type PlanInput, type PlanOrder } from '../src/domain/campaign/planRoadmap';
import { OTHER_HAMLET } from '../src/domain/campaign/roadmap';
import { routeLength } from '../src/domain/map/visitingOrder';
import { buildRoadmapLetter, defaultTeamSettings } from '../src/domain/campaign/letter';
import { renderLetter, type LetterFormat } from '../server/services/letterRender';
import { figure, formatTable, writeFigures } from './lib/figures';

const { values } = parseArgs({ options: { orders: { type: 'string' }, hamlets: { type: 'string' }, runs: { type: 'string' } }, strict: true });
const ORDERS = Number(values.orders ?? 5000);
const HAMLETS = Number(values.hamlets ?? 12);
const RUNS = Number(values.runs ?? 7);
const TECHNICIANS = 6;
const CAPACITY = 15;
/** A Monday, so the figure does not depend on today. */
const START_DATE = '2026-12-07';
/** Hà Trung (Thanh Hóa), from server/demo/places.ts. */
const CENTRE = { lat: 20.014, lng: 105.829 };
const KM_LAT = 1 / 111.32;
const KM_LNG = 1 / (111.32 * Math.cos((CENTRE.lat * Math.PI) / 180));
/** Share of households whose address names no hamlet. */
const OTHER_SHARE = 0.02;

function uuid(prng: Prng): string {
  const hex = () => prng.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

function commune(orders: number, hamlets: number, seed: number): PlanOrder[] {
  const prng = new Prng(seed);
  const centres = Array.from({ length: hamlets }, () => ({
    lat: CENTRE.lat + (prng.next() - 0.5) * 8 * KM_LAT,
    lng: CENTRE.lng + (prng.next() - 0.5) * 8 * KM_LNG,
  }));
  return Array.from({ length: orders }, () => {
    const h = prng.int(0, hamlets - 1);
    const centre = centres[h] ?? CENTRE;
    return {
      id: uuid(prng),
      hamlet: prng.chance(OTHER_SHARE) ? OTHER_HAMLET : `Thôn ${h + 1}`,
      lat: centre.lat + (prng.next() - 0.5) * KM_LAT,
      lng: centre.lng + (prng.next() - 0.5) * KM_LNG,
    };
  });
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function time(input: PlanInput): { cold: number; median: number; plan: ReturnType<typeof planRoadmap> } {
  let t0 = performance.now();
  const plan = planRoadmap(input);
  const cold = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    t0 = performance.now();
    planRoadmap(input);
    times.push(performance.now() - t0);
  }
  return { cold, median: median(times), plan };
}

const technicianIds = Array.from({ length: TECHNICIANS }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
const orders = commune(ORDERS, HAMLETS, 15);
const spread = time({ orders, technicianIds, capacityPerDay: CAPACITY, startDate: START_DATE });
const oneHamlet = time({ orders: orders.map((o) => ({ ...o, hamlet: 'Thôn 1' })), technicianIds, capacityPerDay: CAPACITY, startDate: START_DATE });

const byId = new Map(orders.map((o) => [o.id, o]));
const route = spread.plan.days.flatMap((d) => d.orderIds).flatMap((id) => byId.get(id) ?? []);
const routeKm = routeLength(route) / 1000;
const workingDays = new Set(spread.plan.days.map((d) => d.date)).size;

// The commune letter (issue 15 §2, "letter generation time"): the planned hamlets' schedule worded by the pure
// builder and drawn as PDF and DOCX by what a worker thread of the renderer runs (in this process: no queueing).
const hamlets = spread.plan.hamlets.map((h) => ({
  name: h.name,
  total: h.count,
  plannable: h.count,
  inHand: 0,
  failed: 0,
  cancelled: 0,
  unplanned: 0,
  firstDate: h.firstDate,
  lastDate: h.lastDate,
}));
const letter = buildRoadmapLetter({
  settings: defaultTeamSettings({ name: 'Đội QLKH Hà Trung', province: 'Thanh Hóa' }),
  roadmap: { commune: 'Xã Hà Trung', province: 'Thanh Hóa', hamlets },
  today: START_DATE,
  district: null,
});
async function timeLetter(format: LetterFormat): Promise<{ median: number; bytes: number }> {
  const bytes = (await renderLetter(letter, format)).length;
  const times: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const t0 = performance.now();
    await renderLetter(letter, format);
    times.push(performance.now() - t0);
  }
  return { median: median(times), bytes };
}
const pdf = await timeLetter('pdf');
const docx = await timeLetter('docx');

const figures = [
  figure(`roadmap: plan ${ORDERS} orders, ${HAMLETS} hamlets, ${TECHNICIANS} technicians × ${CAPACITY} (median of ${RUNS})`, spread.median, 'ms'),
  figure('roadmap: the same, first run in the process', spread.cold, 'ms'),
  figure(`roadmap: plan ${ORDERS} orders all in one hamlet (median of ${RUNS})`, oneHamlet.median, 'ms'),
  figure('roadmap: working days of the plan', workingDays, 'days'),
  figure('roadmap: route length through the commune, per order', (routeKm * 1000) / ORDERS, 'm'),
  figure(`roadmap: the commune letter as PDF, ${HAMLETS} hamlets (median of ${RUNS})`, pdf.median, 'ms'),
  figure(`roadmap: the commune letter as DOCX (median of ${RUNS})`, docx.median, 'ms'),
];
writeFigures('roadmap', figures);
console.log(formatTable(figures));
console.log(`letter: PDF ${pdf.bytes} bytes, DOCX ${docx.bytes} bytes`);
console.log(
  `plan ${START_DATE} → ${spread.plan.endDate}, ${spread.plan.skippedDays.length} days skipped, hamlets: ${spread.plan.hamlets.map((h) => h.name).join(', ')}`,
);
