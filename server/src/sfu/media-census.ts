import type { types } from 'mediasoup';

export interface MediaCounts {
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
}

/**
 * What one mediasoup worker carries right now, kept by its observers: every
 * router, transport, producer and consumer is counted when made and uncounted
 * when closed, whoever made it (rooms, egress ports, pipes between routers).
 * Consumers per worker is the figure to hold against mediasoup's ~500.
 */
export class MediaCensus {
  readonly #counts: MediaCounts = { routers: 0, transports: 0, producers: 0, consumers: 0 };

  constructor(worker: types.Worker) {
    worker.observer.on('newrouter', (router) => {
      this.#track('routers', router.observer);
      router.observer.on('newtransport', (transport) => {
        this.#track('transports', transport.observer);
        transport.observer.on('newproducer', (producer) => this.#track('producers', producer.observer));
        transport.observer.on('newconsumer', (consumer) => this.#track('consumers', consumer.observer));
      });
    });
  }

  get counts(): Readonly<MediaCounts> {
    return { ...this.#counts };
  }

  #track(what: keyof MediaCounts, observer: { once(event: 'close', listener: () => void): unknown }): void {
    this.#counts[what]++;
    observer.once('close', () => this.#counts[what]--);
  }
}
