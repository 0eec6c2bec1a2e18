import type { FromGenerator, ToGenerator } from './messages.js';
import { JoinError, SyntheticPoint } from './synthetic-point.js';

/*
 * A load-generator process (forked by Fleet): runs the synthetic halls it is
 * told to join, all on this one event loop, and answers with their counters.
 */

/** Each hall by its index, with how many of its errors were passed on already. */
const halls = new Map<number, { point: SyntheticPoint; reported: number }>();

const send = (message: FromGenerator) => process.send!(message);

function reportErrors(): void {
  for (const [index, hall] of halls) {
    for (const message of hall.point.errors.slice(hall.reported)) send({ type: 'error', index, message });
    hall.reported = hall.point.errors.length;
  }
}

process.on('message', (message: ToGenerator) => {
  switch (message.type) {
    case 'join': {
      const { index } = message.order;
      const started = performance.now();
      SyntheticPoint.join(message.base, message.order).then(
        ({ point, times }) => {
          halls.set(index, { point, reported: 0 });
          send({ type: 'joined', index, peerId: point.peerId, times });
        },
        (error: Error) =>
          send({
            type: 'joinFailed',
            index,
            code: error instanceof JoinError ? error.code : 'GENERATOR_ERROR',
            message: error.message,
            ms: performance.now() - started,
          }),
      );
      return;
    }
    case 'snapshot':
      reportErrors();
      send({ type: 'snapshot', consumers: [...halls.values()].flatMap(({ point }) => point.counters()) });
      return;
    case 'close':
      reportErrors();
      void Promise.all([...halls.values()].map(({ point }) => point.close())).then(() => {
        // The shared send timer would keep the process alive.
        process.exit(0);
      });
      return;
  }
});
