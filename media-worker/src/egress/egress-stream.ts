/**
 * One RTP stream the server sends to the media-worker: a mediasoup consumer's
 * rtpParameters reduced to what ffmpeg needs to receive it.
 */
export interface EgressStream {
  id: string;
  kind: 'audio' | 'video';
  mimeType: 'audio/opus' | 'video/VP8' | 'video/H264';
  payloadType: number;
  clockRate: number;
  channels?: number;
  /** The codec's fmtp parameters, as mediasoup reports them. */
  parameters?: Record<string, string | number>;
  ssrc?: number;
}
