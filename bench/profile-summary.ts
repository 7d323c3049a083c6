/**
 * Summarises a V8 CPU profile (from `npm run bench -- --cpu-prof` or `node --cpu-prof`):
 * top functions by self time and by inclusive time, with file:line.
 * Usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [selfTop=25] [inclusiveTop=40]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, selfTop = '25', inclTop = '40'] = process.argv.slice(2);
if (!file) {
  console.error('usage: bench/profile-summary.ts FILE.cpuprofile [selfTop] [inclusiveTop]');
  process.exit(2);
}
const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*?\/(node_modules|shared|functions|bench|cli)\//, '$1/').replace(/^file:\/\//, '')}:${n.callFrame.lineNumber + 1}`;
const perNode = new Map<number, number>();
let total = 0;
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0;
  perNode.set(id, (perNode.get(id) ?? 0) + dt);
  total += dt;
});
const self = new Map<string, number>();
const incl = new Map<string, number>();
for (const [id, t] of perNode) {
  const k = name(byId.get(id)!);
  self.set(k, (self.get(k) ?? 0) + t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const kk = name(byId.get(cur)!);
    if (seen.has(kk)) continue;
    seen.add(kk);
    incl.set(kk, (incl.get(kk) ?? 0) + t);
  }
}
const top = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([f, t]) => `${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${f}`)
    .join('\n');
console.log(`total ${(total / 1000).toFixed(0)} ms sampled\n--- self time\n${top(self, Number(selfTop))}\n--- inclusive time\n${top(incl, Number(inclTop))}`);
