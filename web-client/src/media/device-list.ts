/** A camera or microphone the page may offer; `label` is empty until the browser has been given access. */
export interface DeviceOption {
  deviceId: string;
  label: string;
}

export type DeviceKind = 'videoinput' | 'audioinput';

type DeviceInfo = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

/**
 * The devices of one kind, once each. Before access is granted browsers list
 * placeholder entries with an empty id, which cannot be chosen: they are left out.
 */
export function devicesOfKind(devices: readonly DeviceInfo[], kind: DeviceKind): DeviceOption[] {
  const seen = new Set<string>();
  const options: DeviceOption[] = [];
  for (const { deviceId, kind: k, label } of devices) {
    if (k !== kind || !deviceId || seen.has(deviceId)) continue;
    seen.add(deviceId);
    options.push({ deviceId, label });
  }
  return options;
}

/**
 * Which device a select shows as chosen: the one in use, else the one asked
 * for, else the first; null when there is none to choose.
 */
export function selectedDevice(
  options: readonly DeviceOption[],
  inUse: string | null,
  requested: string | null,
): string | null {
  for (const id of [inUse, requested]) {
    if (id && options.some((o) => o.deviceId === id)) return id;
  }
  return options[0]?.deviceId ?? null;
}
