// The egress job kinds: the queue each goes to, its payload, and the schemas its progress and result are checked with.
import {
  EgressProgress,
  type LiveJobData,
  LiveProgress,
  QueueName,
  RecordedFile,
  type RecordJobData,
  type Validated,
  validator,
} from '@diemcau/protocol';
import Type from 'typebox';

/** The programme recording reports `keyFrame` as the live job does: its encoder is the live job's. */
const ProgrammeProgress = Type.Union([
  EgressProgress,
  Type.Extract(LiveProgress, Type.Object({ phase: Type.Literal('keyFrame') })),
]);
const RecordResult = Type.Array(RecordedFile);

interface KindTypes<Data, Progress, Result> {
  data: Data;
  progress: Progress;
  result: Result;
}

/** Each kind's payload, progress and result; `track` and `programme` are the record job's `output.kind`. */
interface Kinds {
  track: KindTypes<RecordJobData, EgressProgress, RecordedFile[]>;
  programme: KindTypes<RecordJobData, Type.Static<typeof ProgrammeProgress>, RecordedFile[]>;
  /** A live job returns nothing. */
  live: KindTypes<LiveJobData, LiveProgress, undefined>;
}

export type EgressKind = keyof Kinds;
export type KindData<K extends EgressKind> = Kinds[K]['data'];
export type KindProgress<K extends EgressKind> = Kinds[K]['progress'];
export type KindResult<K extends EgressKind> = Kinds[K]['result'];

/** The handshake every kind shares: the attempt that listens, and where. */
export type Listening = Extract<EgressProgress, { phase: 'listening' }>;

interface KindSpec<K extends EgressKind> {
  queue: QueueName;
  checkProgress: (value: unknown) => Validated<KindProgress<K>>;
  checkResult: (value: unknown) => Validated<KindResult<K>>;
  /** The result of a job that left none (removed from the queue already). */
  none: KindResult<K>;
}

const checkRecordResult = validator(RecordResult);

const KINDS: { [K in EgressKind]: KindSpec<K> } = {
  track: {
    queue: QueueName.record,
    checkProgress: validator(EgressProgress),
    checkResult: checkRecordResult,
    none: [],
  },
  programme: {
    queue: QueueName.record,
    checkProgress: validator(ProgrammeProgress),
    checkResult: checkRecordResult,
    none: [],
  },
  live: {
    queue: QueueName.live,
    checkProgress: validator(LiveProgress),
    checkResult: validator(Type.Undefined()),
    none: undefined,
  },
};

/** How an egress job ended, as its owner hears it once. */
export type EgressEnd<Result> =
  | { state: 'completed'; result: Result }
  /** BullMQ's failedReason, a result its kind's schema refuses, or no end within FINISH_TIMEOUT_MS of `stop`. */
  | { state: 'failed'; reason: string }
  /** The queue refused the job (Redis unreachable): it never ran. */
  | { state: 'unqueued'; error: unknown }
  /** Taken off the queue before any media-worker took it up. */
  | { state: 'withdrawn' };

export function kindQueue(kind: EgressKind): QueueName {
  return KINDS[kind].queue;
}

export function checkProgress<K extends EgressKind>(kind: K, value: unknown): Validated<KindProgress<K>> {
  return KINDS[kind].checkProgress(value);
}

/** A finished job's return value, checked with its kind's schema; a value refused is the job's failure. */
export function jobResult<K extends EgressKind>(kind: K, value: unknown): EgressEnd<KindResult<K>> {
  const spec: KindSpec<K> = KINDS[kind];
  const checked = spec.checkResult(value ?? spec.none);
  if (checked.ok) return { state: 'completed', result: checked.value };
  const issue = checked.issues[0];
  return {
    state: 'failed',
    reason: `the ${kind} job returned ${issue?.path ?? '/'} ${issue?.message ?? ''}`,
  };
}
