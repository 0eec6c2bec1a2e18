// ffmpeg input options for RTP read from an SDP file, for consumers that
// stay fixed or that the server switches.
/**
 * How the consumers behind an SDP's ports behave:
 * - `fixed`: one consumer per port for the whole run (a point's own tracks);
 * - `switched`: the server replaces a port's consumer (the programme), so SSRC,
 *   sequence numbers and RTP timestamps jump.
 */
export type RtpSources = 'fixed' | 'switched';

/** ffmpeg input options for RTP described by the SDP file at `sdpPath`. */
export function rtpInputArgs(sdpPath: string, sources: RtpSources): string[] {
  const timing =
    sources === 'fixed'
      ? // Packets repaired upstream by NACK arrive late and out of order; waiting up to
        // 0.5 s for them costs latency only, where a missing packet costs video until the next key frame.
        ['-reorder_queue_size', '500', '-max_delay', '500000']
      : // A new consumer starts at a random sequence number: the reorder queue drops every packet
        // "older" than the last one emitted (up to 32767 of them, while ignoring `q`), so it is off.
        // Its RTP timestamps are random too and map onto the old sender report until its own
        // arrives, so arrival time is the only continuous clock. At each switch ffmpeg still logs
        // "[error] RTP: bad cseq" once per stream and drops the first frame: request a key frame.
        ['-reorder_queue_size', '0', '-use_wallclock_as_timestamps', '1'];
  return ['-protocol_whitelist', 'file,udp,rtp', ...timing, '-i', sdpPath];
}
