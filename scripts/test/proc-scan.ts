// What /proc says about a process, for the tests that check no child outlives its parent.
import fs from 'node:fs';

/** Fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, …); undefined once it is gone. */
function stat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Present and neither a zombie nor dead (an orphan's zombie waits for init to reap it). */
export function running(pid: number): boolean {
  const state = stat(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

function pids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** Pids of the running processes in process group `pgid`: its leader and what it started. */
export function runningInGroup(pgid: number): number[] {
  return pids().filter((pid) => running(pid) && stat(pid)?.[2] === String(pgid));
}

/** The arguments `pid` was started with; empty once it is gone. */
export function commandLine(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}

/** Pids of the processes named `name` whose parent is `parent`. */
export function childrenNamed(parent: number, name: string): number[] {
  return pids().filter((pid) => {
    try {
      return (
        fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name && stat(pid)?.[1] === String(parent)
      );
    } catch {
      return false;
    }
  });
}
