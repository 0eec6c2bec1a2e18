// The conference event bus of one process: what happened to a conference, for the parts that react
// to it (the rooms, live presence) without the conference service knowing them.
import { EventEmitter } from 'node:events';

export interface ConferenceEventMap {
  /** A conference ended in this process, however it was ended (REST, CLI, host console). */
  ended: [conferenceId: string];
}

/** Emitted by `ConferenceService` after the change is stored; listeners run synchronously. */
export class ConferenceEvents extends EventEmitter<ConferenceEventMap> {}
