import Type from 'typebox';

/** BullMQ queue names: the server adds jobs, media-workers take them. */
export const QueueName = {
  record: 'record',
  live: 'live',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

const ConferenceRef = {
  conferenceId: Type.String({ minLength: 1, maxLength: 64 }),
};

/** Payload of a `record` job. */
export const RecordJobData = Type.Object({ ...ConferenceRef });
export type RecordJobData = Type.Static<typeof RecordJobData>;

/** Payload of a `live` job. */
export const LiveJobData = Type.Object({ ...ConferenceRef });
export type LiveJobData = Type.Static<typeof LiveJobData>;
