/**
 * Turns the collected runs into bench/RESULTS.md: medians per workload and mode, the Lumos/PostgreSQL ratio, failed
 * transactions, and every error (a target that failed shows its message instead of a number).
 */
import type { InitRun, Mode, PgbenchRun } from './pgbench.js';

export type TargetKey = 'pg' | 'lumos';
export const TARGET_LABEL: Record<TargetKey, string> = { pg: 'PostgreSQL', lumos: 'Lumos' };

export interface Cell {
  workload: string;
  mode: Mode;
  runs: Record<TargetKey, PgbenchRun[]>;
}

export interface Results {
  startedAt: string;
  finishedAt: string;
  settings: {
    scale: number;
    clients: number;
    jobs: number;
    seconds: number;
    runs: number;
    quick: boolean;
    sslmode: string;
    profile: boolean;
    warmup: number;
    lumosFlags: string[];
  };
  machine: { nproc: string; cpu: string; loadAtStart: string; loadAtEnd: string; node: string; platform: string };
  versions: { pgbench: string; postgres: string; lumos: string; git: string };
  init: Record<TargetKey, InitRun[]>;
  cells: Cell[];
  notes: string[];
  profileSummary?: string;
}

export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const fmtTps = (n: number): string => Math.round(n).toLocaleString('en-US');
const oneLine = (s: string, max = 160): string => {
  const flat = s.replace(/\s+/g, ' ').replaceAll('|', '\\|').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function okTps(runs: readonly PgbenchRun[]): number[] {
  return runs.filter((r) => r.ok && r.tps !== undefined).map((r) => r.tps as number);
}

function tpsCell(runs: readonly PgbenchRun[]): string {
  const ok = okTps(runs);
  const m = median(ok);
  if (m === undefined) {
    const err = runs.find((r) => r.error)?.error ?? 'no runs';
    return `FAILED: ${oneLine(err)}`;
  }
  return ok.length < runs.length ? `${fmtTps(m)} (${ok.length}/${runs.length} ok)` : fmtTps(m);
}

function failedTxns(runs: readonly PgbenchRun[]): string {
  const known = runs.filter((r) => r.failed !== undefined);
  if (known.length === 0) return '—';
  return String(known.reduce((s, r) => s + (r.failed ?? 0), 0));
}

function ratio(pg: number | undefined, lumos: number | undefined): string {
  if (pg === undefined || lumos === undefined || pg === 0) return '—';
  return lumos / pg >= 10 ? `${(lumos / pg).toFixed(1)}` : (lumos / pg).toFixed(2);
}

function initCell(runs: readonly InitRun[]): { text: string; median?: number } {
  const ok = runs.filter((r) => r.ok).map((r) => r.wallMs / 1000);
  const m = median(ok);
  if (m === undefined) return { text: `FAILED: ${oneLine(runs.find((r) => r.error)?.error ?? 'not run')}` };
  return {
    text: ok.length < runs.length ? `${m.toFixed(2)} s (${ok.length}/${runs.length} ok)` : `${m.toFixed(2)} s`,
    median: m,
  };
}

/** Errors and warnings grouped by target and message, so a failure repeated in every cell is listed once. */
function grouped(res: Results, pick: (r: PgbenchRun) => string[], initPick: (r: InitRun) => string[]): string[] {
  const groups = new Map<string, { target: TargetKey; msg: string; where: string[] }>();
  const add = (target: TargetKey, msg: string, where: string): void => {
    const key = `${target}\u0000${msg}`;
    const g = groups.get(key) ?? { target, msg, where: [] };
    g.where.push(where);
    groups.set(key, g);
  };
  for (const t of ['pg', 'lumos'] as const) {
    res.init[t].forEach((r, i) => {
      for (const m of initPick(r)) add(t, m, `init run ${i + 1}`);
    });
    for (const c of res.cells) {
      c.runs[t].forEach((r, i) => {
        for (const m of pick(r)) add(t, m, `${c.workload}/${c.mode} run ${i + 1}`);
      });
    }
  }
  return [...groups.values()].map((g) => {
    const where =
      g.where.length > 4 ? `${g.where.slice(0, 3).join(', ')} and ${g.where.length - 3} more` : g.where.join(', ');
    return `- **${TARGET_LABEL[g.target]}** (${where}): \`${oneLine(g.msg, 600).replaceAll('`', "'")}\``;
  });
}

/**
 * Other work on the machine skews both targets differently: say so when the 1-minute load before the bench started
 * exceeded the cores (the load at the end includes the benchmark itself).
 */
function busyWarning(res: Results): string {
  const cores = Number(res.machine.nproc);
  const oneMinute = Number(res.machine.loadAtStart.split(' / ')[0]);
  return oneMinute > cores ? ' (**the machine was busy with other work: noisy numbers**)' : '';
}

export function renderMarkdown(res: Results): string {
  const s = res.settings;
  const lines: string[] = [
    '# Lumos benchmark results',
    '',
    'pgbench against Lumos and the real PostgreSQL 15 on the same machine, in one run with the two targets',
    'interleaved (these machines are noisy: only numbers from the same run are comparable). Generated by',
    '`npm run bench`; see bench/README.md. Ratio = Lumos TPS / PostgreSQL TPS (goal: >= 1.00 on select-only).',
    '',
    `- Date: ${res.startedAt} (finished ${res.finishedAt})`,
    `- Machine: nproc ${res.machine.nproc}, ${res.machine.cpu}, ${res.machine.platform}, load average (1/5/15 min) at start ${res.machine.loadAtStart}, at end ${res.machine.loadAtEnd}${busyWarning(res)}`,
    `- Node ${res.machine.node}; ${res.versions.pgbench}; PostgreSQL server ${res.versions.postgres}`,
    `- Lumos: ${res.versions.lumos}; git ${res.versions.git}${s.lumosFlags.length ? `; flags ${s.lumosFlags.join(' ')}` : ''}`,
    `- pgbench scale ${s.scale}, \`-c ${s.clients} -j ${s.jobs} -T ${s.seconds}\`, ${s.runs} run(s) per cell, ${s.warmup} s unmeasured warm-up per workload, sslmode=${s.sslmode}${s.quick ? ' (BENCH_QUICK smoke run: not representative)' : ''}${s.profile ? ' (Lumos ran under the V8 profiler: its TPS is depressed)' : ''}`,
    '',
    '| workload | mode | PG median TPS | Lumos median TPS | Lumos/PG | failed txns PG / Lumos | runs ok PG / Lumos |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of res.cells) {
    const pgM = median(okTps(c.runs.pg));
    const luM = median(okTps(c.runs.lumos));
    const okCount = (t: TargetKey): string => `${okTps(c.runs[t]).length}/${c.runs[t].length}`;
    lines.push(
      `| ${c.workload} | ${c.mode} | ${tpsCell(c.runs.pg)} | ${tpsCell(c.runs.lumos)} | ${ratio(pgM, luM)} | ${failedTxns(c.runs.pg)} / ${failedTxns(c.runs.lumos)} | ${okCount('pg')} / ${okCount('lumos')} |`,
    );
  }
  const pgInit = initCell(res.init.pg);
  const luInit = initCell(res.init.lumos);
  const initRatio =
    pgInit.median !== undefined && luInit.median !== undefined && pgInit.median > 0
      ? `${(luInit.median / pgInit.median).toFixed(2)}x PG's time`
      : '—';
  lines.push(
    '',
    '| initialisation | PG median | Lumos median | Lumos time / PG time |',
    '| --- | ---: | ---: | ---: |',
    `| \`pgbench -i -s ${s.scale}\` (wall clock) | ${pgInit.text} | ${luInit.text} | ${initRatio} |`,
    '',
  );
  const details = (runs: readonly InitRun[]): string =>
    runs
      .map((r) => (r.detail ? r.detail.replace(/^done in /, '').replace(/\.$/, '') : r.ok ? 'ok' : 'failed'))
      .join('; ');
  lines.push(
    `pgbench's own init timings: PostgreSQL: ${details(res.init.pg) || '—'}. Lumos: ${details(res.init.lumos) || '—'}.`,
    '',
  );

  lines.push(
    '## Every run',
    '',
    '| workload | mode | target | TPS per run | avg latency ms (median) |',
    '| --- | --- | --- | --- | ---: |',
  );
  for (const c of res.cells) {
    for (const t of ['pg', 'lumos'] as const) {
      const runs = c.runs[t];
      const tps = runs.map((r) => (r.ok && r.tps !== undefined ? fmtTps(r.tps) : 'failed')).join(', ');
      const lat = median(runs.filter((r) => r.ok && r.latencyMs !== undefined).map((r) => r.latencyMs as number));
      lines.push(
        `| ${c.workload} | ${c.mode} | ${TARGET_LABEL[t]} | ${tps} | ${lat === undefined ? '—' : lat.toFixed(3)} |`,
      );
    }
  }
  lines.push('');

  const errors = grouped(
    res,
    (r) => (r.ok || !r.error ? [] : [r.error]),
    (r) => (r.ok || !r.error ? [] : [r.error]),
  );
  lines.push('## Errors', '', ...(errors.length ? errors : ['None.']), '');
  const warnings = grouped(
    res,
    (r) => (r.warnings.length ? [r.warnings.join(' ')] : []),
    () => [],
  );
  if (warnings.length) {
    lines.push('## Errors pgbench ignored (its VACUUM before each run)', '', ...warnings, '');
  }
  if (res.notes.length) lines.push('## Notes', '', ...res.notes.map((n) => `- ${oneLine(n, 800)}`), '');
  if (res.profileSummary) lines.push('## Lumos CPU profile (BENCH_PROFILE=1)', '', res.profileSummary, '');
  return `${lines.join('\n').trimEnd()}\n`;
}
