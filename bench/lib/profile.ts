/**
 * Summarises V8 .cpuprofile files (from node --cpu-prof) into self-time tables: which functions and which files
 * the server's threads spend their CPU in. One table per thread (main thread and each worker write their own file).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function where(url: string, repoRoot: string): string {
  if (url === '') return '(native/V8)';
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const rel = relative(repoRoot, path);
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  return nm ? `npm:${nm[1]}` : rel;
}

function top(map: Map<string, number>, n: number): [string, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** node names profiles CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread. */
function threadLabel(file: string): string {
  const m = /\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(file);
  if (!m) return 'thread';
  return m[2] === '0' ? `main thread (pid ${m[1]})` : `worker thread ${m[2]} (pid ${m[1]})`;
}

export function summariseProfile(file: string, repoRoot: string, topN = 25): string {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  let total = 0;
  let idle = 0;
  prof.samples.forEach((id, i) => {
    const us = prof.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    total += us;
    const cf = node.callFrame;
    if (cf.functionName === '(idle)') {
      idle += us;
      return;
    }
    const file = where(cf.url, repoRoot);
    const key = `${cf.functionName || '(anonymous)'}  ${file}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    mod.set(file, (mod.get(file) ?? 0) + us);
  });
  const busy = total - idle;
  const pct = (us: number): string => `${((100 * us) / Math.max(busy, 1)).toFixed(1)}%`;
  const ms = (us: number): string => (us / 1000).toFixed(0);
  const out = [
    `#### ${threadLabel(file)}: ${relative(repoRoot, file)}`,
    '',
    `Wall ${ms(total)} ms sampled, busy ${ms(busy)} ms (${((100 * busy) / Math.max(total, 1)).toFixed(0)}%), idle ${ms(idle)} ms. Shares below are of busy time.`,
    '',
    '| self ms | share | function  location |',
    '| ---: | ---: | --- |',
    ...top(fn, topN).map(([k, v]) => `| ${ms(v)} | ${pct(v)} | \`${k.replaceAll('|', '\\|')}\` |`),
    '',
    '| self ms | share | file / package |',
    '| ---: | ---: | --- |',
    ...top(mod, 15).map(([k, v]) => `| ${ms(v)} | ${pct(v)} | \`${k}\` |`),
    '',
  ];
  return out.join('\n');
}

export function summariseProfiles(dir: string, repoRoot: string): string {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    files = [];
  }
  if (files.length === 0)
    return `No .cpuprofile was written in ${relative(repoRoot, dir)} (did Lumos exit cleanly?).\n`;
  return files.map((f) => summariseProfile(f, repoRoot)).join('\n');
}
