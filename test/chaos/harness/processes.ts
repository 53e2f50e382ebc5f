// Looking at processes the way an operator would, with `ps`: a hub's descendants (its DynamoDB
// Local watchdog and the Java it runs), whether a pid is still alive, and stopping or pausing
// only the processes this harness started.
import { execFileSync } from 'node:child_process';

export interface ProcessRow {
  pid: number;
  ppid: number;
  /** ps STAT: R, S, T (stopped), Z (zombie)… */
  stat: string;
  args: string;
}

export function processTable(): ProcessRow[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({
      pid: Number(match[1]),
      ppid: Number(match[2]),
      stat: match[3] as string,
      args: match[4] as string,
    }));
}

/** Every process below `pid` (children, grandchildren…), from one `ps` listing. */
export function descendantsOf(pid: number, table = processTable()): ProcessRow[] {
  const found: ProcessRow[] = [];
  const parents = [pid];
  while (parents.length > 0) {
    const parent = parents.pop() as number;
    for (const row of table) {
      if (row.ppid === parent) {
        found.push(row);
        parents.push(row.pid);
      }
    }
  }
  return found;
}

/** Alive by `ps -p`: listed, and not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false; // ps exits 1 when the pid is not listed
  }
}

/** The DynamoDB Local Java process under a hub process, if there is one. */
export function javaUnder(pid: number): ProcessRow | undefined {
  return descendantsOf(pid).find(
    (row) => /(^|\/)java\s/.test(row.args) && row.args.includes('DynamoDBLocal'),
  );
}
