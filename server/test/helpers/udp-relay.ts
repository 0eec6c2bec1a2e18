import dgram from 'node:dgram';

/**
 * A UDP path between WebRTC clients and a WebRtcServer that a test can cut and
 * restore, standing in for a hall's network. Each client address gets its own
 * upstream socket, like a NAT mapping; a cut drops every packet both ways and
 * forgets the mappings, so after `restore` the server sees the client from a
 * new address, as after a real network change. (Test harness only: in the
 * product, media never passes through Node.)
 */
export interface UdpRelay {
  cut(): void;
  restore(): void;
  /** Packets dropped while cut. */
  readonly dropped: number;
  close(): Promise<void>;
}

export async function udpRelay(
  listen: { host: string; port: number },
  target: { host: string; port: number },
): Promise<UdpRelay> {
  const front = dgram.createSocket('udp4');
  const upstream = new Map<string, dgram.Socket>();
  let cut = false;
  let dropped = 0;

  const forget = () => {
    for (const socket of upstream.values()) socket.close();
    upstream.clear();
  };
  front.on('message', (message, from) => {
    if (cut) {
      dropped++;
      return;
    }
    const key = `${from.address}:${from.port}`;
    let socket = upstream.get(key);
    if (!socket) {
      const mapped = dgram.createSocket('udp4');
      mapped.on('message', (reply) => {
        if (cut) dropped++;
        else front.send(reply, from.port, from.address);
      });
      mapped.bind(0, target.host);
      upstream.set(key, (socket = mapped));
    }
    socket.send(message, target.port, target.host);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(listen.port, listen.host, () => resolve());
  });
  return {
    cut() {
      cut = true;
      forget();
    },
    restore() {
      cut = false;
    },
    get dropped() {
      return dropped;
    },
    close: () =>
      new Promise((resolve) => {
        forget();
        front.close(() => resolve());
      }),
  };
}
