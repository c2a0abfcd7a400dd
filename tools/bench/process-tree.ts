import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of a whole process tree (this Node process and every Chromium process under
 * it), read from /proc. Linux only: the bench runs on the deployment platform.
 */

const CLOCK_TICKS_PER_SECOND = 100;

function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      const list = children.get(parent) ?? [];
      list.push(Number(entry));
      children.set(parent, list);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** The pids of a process and all its descendants, leaving out the subtrees rooted at `exclude`. */
export function treeOf(root: number, exclude: readonly number[] = []): number[] {
  const children = childrenOf();
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (exclude.includes(pid)) continue;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** utime + stime of one process, in seconds (children that already exited are not counted). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    // The process ended while we looked: TreeMonitor keeps its last reading.
    return 0;
  }
}

/** Proportional set size of one process in bytes (shared pages split between their users). */
export function pssBytesOf(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    // The process ended while we looked: it holds no memory now.
    return 0;
  }
}

/** Resident set size of one process in bytes (shared pages counted in full). */
export function rssBytesOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    // The process ended while we looked: it holds no memory now.
    return 0;
  }
}

/**
 * Follows a process tree while work runs: CPU seconds used (including processes that exited in
 * between, by remembering each one's last reading) and the peak PSS of the tree.
 */
export class TreeMonitor {
  private readonly lastCpu = new Map<number, number>();
  private readonly startCpu = new Map<number, number>();
  private peakPss = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly exclude: readonly number[] = [],
    private readonly root = process.pid,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    for (const pid of treeOf(this.root, this.exclude)) this.startCpu.set(pid, cpuSecondsOf(pid));
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling; returns CPU seconds used since start and the peak PSS in bytes. */
  stop(): { cpuSeconds: number; peakPssBytes: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    let cpu = 0;
    for (const [pid, last] of this.lastCpu) cpu += last - (this.startCpu.get(pid) ?? 0);
    return { cpuSeconds: cpu, peakPssBytes: this.peakPss };
  }

  private sample(): void {
    let pss = 0;
    for (const pid of treeOf(this.root, this.exclude)) {
      this.lastCpu.set(pid, Math.max(this.lastCpu.get(pid) ?? 0, cpuSecondsOf(pid)));
      pss += pssBytesOf(pid);
    }
    this.peakPss = Math.max(this.peakPss, pss);
  }
}
