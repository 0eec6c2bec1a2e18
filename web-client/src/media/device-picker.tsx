import { useStrings } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { Field } from '../ui/field.js';
import { selectedDevice, type DeviceOption } from './device-list.js';
import type { MediaErrorCode } from './media-errors.js';
import { mediaStrings } from './strings.js';
import type { LocalMedia, LocalSourceState } from './use-local-media.js';
import './media.css';

export const ERROR_KEYS = {
  denied: 'errorDenied',
  notFound: 'errorNotFound',
  busy: 'errorBusy',
  ended: 'errorEnded',
  insecure: 'errorInsecure',
  unsupported: 'errorUnsupported',
  failed: 'errorFailed',
} as const satisfies Record<MediaErrorCode, keyof typeof mediaStrings.vi>;

interface DeviceSelectProps {
  label: string;
  /** Shown for devices the browser gives no name yet: "Camera 2". */
  numbered: 'cameraN' | 'microphoneN';
  device: 'deviceCamera' | 'deviceMic';
  options: DeviceOption[];
  state: LocalSourceState;
  onChoose: (deviceId: string) => void;
  testId: string;
}

function DeviceSelect({ label, numbered, device, options, state, onChoose, testId }: DeviceSelectProps) {
  const t = useStrings(mediaStrings);
  const value = selectedDevice(options, state.deviceId, null) ?? '';
  const error = state.error ? t(ERROR_KEYS[state.error], { device: t(device) }) : undefined;
  return (
    <Field label={label} error={error} hint={state.opening ? t('opening') : undefined}>
      {(control) => (
        <select
          {...control}
          value={value}
          disabled={options.length === 0}
          data-testid={testId}
          onChange={(event) => onChoose(event.currentTarget.value)}
        >
          {options.length === 0 && <option value="">{t('noDevices')}</option>}
          {options.map((o, i) => (
            <option key={o.deviceId} value={o.deviceId}>
              {o.label || t(numbered, { n: i + 1 })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Camera and microphone choice, with what went wrong opening either and a way to try again. */
export function DevicePicker({ media }: { media: LocalMedia }) {
  const t = useStrings(mediaStrings);
  const failed = media.camera.error !== null || media.mic.error !== null;
  return (
    <div class="device-picker">
      <DeviceSelect
        label={t('camera')}
        numbered="cameraN"
        device="deviceCamera"
        options={media.devices.cameras}
        state={media.camera}
        onChoose={media.chooseCamera}
        testId="camera-select"
      />
      <DeviceSelect
        label={t('microphone')}
        numbered="microphoneN"
        device="deviceMic"
        options={media.devices.mics}
        state={media.mic}
        onChoose={media.chooseMic}
        testId="mic-select"
      />
      {failed && <Button onClick={media.retry}>{t('retryDevices')}</Button>}
    </div>
  );
}
