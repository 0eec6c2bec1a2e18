import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/*
 * Datagrams the kernel dropped because a socket's receive buffer was full,
 * per process (Linux /proc): tells whether loss happened at the SFU's sockets
 * or at the load generator's.
 */

/** Socket inode → drops, from /proc/net/udp and udp6. */
function dropsBySocket(): Map<string, number> {
  const drops = new Map<string, number>();
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 13) continue;
      drops.set(fields[9]!, Number(fields.at(-1)));
    }
  }
  return drops;
}

/** The inodes of a process's sockets; none once it is gone. */
function socketsOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        return inode ? [inode] : [];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** Per socket of the given processes, the drops so far: take one before and one after, then `dropsBetween`. */
export function udpDropSnapshot(pids: readonly number[]): Map<string, number> {
  const all = dropsBySocket();
  const snapshot = new Map<string, number>();
  for (const pid of pids) {
    for (const inode of socketsOf(pid)) {
      const drops = all.get(inode);
      if (drops !== undefined) snapshot.set(inode, drops);
    }
  }
  return snapshot;
}

/** Drops between two snapshots, on the sockets open at both. */
export function dropsBetween(before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0;
  for (const [inode, drops] of after) sum += drops - (before.get(inode) ?? drops);
  return sum;
}
