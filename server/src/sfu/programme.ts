/** What every bridge point receives besides the host, and why. */
export interface Programme {
  peerId: string | null;
  reason: 'spotlight' | 'speaker' | 'none';
}

/** The spotlighted point wins; else the (held) active speaker among points; else nobody. */
export function programmeOf(spotlight: string | null, speaker: string | null): Programme {
  if (spotlight) return { peerId: spotlight, reason: 'spotlight' };
  if (speaker) return { peerId: speaker, reason: 'speaker' };
  return { peerId: null, reason: 'none' };
}

export const SPEAKER_HOLD_MS = 2_000;

/**
 * Debounces the active speaker among points: a point becomes the speaker only
 * after it has stayed dominant for `holdMs`, so a cough in another hall does
 * not switch every hall's picture. The host speaking (null) keeps the current one.
 */
export class SpeakerHold {
  #current: string | null = null;
  #pending: string | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly holdMs: number,
    readonly onChange: (speaker: string | null) => void,
  ) {}

  get current(): string | null {
    return this.#current;
  }

  /** The observer's dominant speaker changed: a point's peer id, or null for anyone else. */
  heard(peerId: string | null): void {
    if (peerId === this.#pending) return;
    this.#cancel();
    if (peerId === null || peerId === this.#current) return;
    this.#pending = peerId;
    this.#timer = setTimeout(() => {
      this.#pending = null;
      this.#timer = undefined;
      this.#current = peerId;
      this.onChange(peerId);
    }, this.holdMs);
    this.#timer.unref();
  }

  /** The peer left: it can be neither the speaker nor about to become it. */
  forget(peerId: string): void {
    if (this.#pending === peerId) this.#cancel();
    if (this.#current === peerId) {
      this.#current = null;
      this.onChange(null);
    }
  }

  close(): void {
    this.#cancel();
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = null;
  }
}
