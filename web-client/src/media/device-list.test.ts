import { describe, expect, it } from 'vitest';
import { devicesOfKind, selectedDevice } from './device-list.js';

const devices = [
  { deviceId: 'default', kind: 'audioinput' as const, label: 'Mặc định - Micro USB' },
  { deviceId: 'mic-usb', kind: 'audioinput' as const, label: 'Micro USB' },
  { deviceId: 'cam-1', kind: 'videoinput' as const, label: 'Webcam hội trường' },
  { deviceId: 'cam-1', kind: 'videoinput' as const, label: 'Webcam hội trường' },
  { deviceId: 'spk', kind: 'audiooutput' as const, label: 'Loa' },
  { deviceId: '', kind: 'videoinput' as const, label: '' },
];

describe('devicesOfKind', () => {
  it('lists each device of the kind once, without placeholder entries', () => {
    expect(devicesOfKind(devices, 'videoinput')).toEqual([{ deviceId: 'cam-1', label: 'Webcam hội trường' }]);
    expect(devicesOfKind(devices, 'audioinput').map((d) => d.deviceId)).toEqual(['default', 'mic-usb']);
  });
});

describe('selectedDevice', () => {
  const options = devicesOfKind(devices, 'audioinput');

  it('shows the device in use, else the one asked for, else the first', () => {
    expect(selectedDevice(options, 'mic-usb', 'default')).toBe('mic-usb');
    expect(selectedDevice(options, null, 'mic-usb')).toBe('mic-usb');
    expect(selectedDevice(options, 'gone', 'also-gone')).toBe('default');
  });

  it('is null when there is nothing to choose', () => {
    expect(selectedDevice([], 'mic-usb', null)).toBeNull();
  });
});
