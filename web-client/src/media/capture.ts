import { devicesOfKind, type DeviceOption } from './device-list.js';

/** A device the user picked (`exact`: fail rather than fall back) or one remembered from last time. */
export interface DeviceRequest {
  deviceId: string;
  exact: boolean;
}

const deviceConstraint = (request: DeviceRequest | null) =>
  request ? { deviceId: request.exact ? { exact: request.deviceId } : { ideal: request.deviceId } } : {};

/** One camera track. 720p at most: the SFU's simulcast scales it down for thumbnails. */
export async function openCamera(request: DeviceRequest | null): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: {
      ...deviceConstraint(request),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30, max: 30 },
    },
  });
  return stream.getVideoTracks()[0]!;
}

/** One microphone track, with the browser's echo cancellation: halls play the conference through speakers. */
export async function openMic(request: DeviceRequest | null): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      ...deviceConstraint(request),
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    },
  });
  return stream.getAudioTracks()[0]!;
}

/** A screen, window or tab the user picks; 15 fps is plenty for slides and keeps the bitrate for detail. */
export async function openScreen(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({
    video: { frameRate: { ideal: 15, max: 30 } },
  });
  return stream.getVideoTracks()[0]!;
}

export interface DeviceLists {
  cameras: DeviceOption[];
  mics: DeviceOption[];
}

export async function listDevices(): Promise<DeviceLists> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return { cameras: devicesOfKind(devices, 'videoinput'), mics: devicesOfKind(devices, 'audioinput') };
}

/** Whether this page may use cameras at all (secure context, a browser with mediaDevices). */
export function mediaSupported(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}
