import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import {
  DESTINATION_STATE_KEYS,
  LIVE_STATE_KEYS,
  RECORDING_STATUS_KEYS,
  destinationStateText,
  errorInfoText,
} from './status-words.js';
import { broadcastStrings } from './strings.js';

const vi = translator(broadcastStrings, 'vi');
const en = translator(broadcastStrings, 'en');

describe('state words', () => {
  it('name every recording, livestream and destination state in both languages', () => {
    for (const keys of [RECORDING_STATUS_KEYS, LIVE_STATE_KEYS, DESTINATION_STATE_KEYS]) {
      for (const key of Object.values(keys)) {
        expect(broadcastStrings.vi[key]).toBeTruthy();
        expect(broadcastStrings.en[key]).toBeTruthy();
      }
    }
    expect(vi(RECORDING_STATUS_KEYS.finalising)).toBe('Đang hoàn tất tệp');
    expect(en(LIVE_STATE_KEYS.recovering)).toBe('Recovering');
  });

  it('says when a retrying destination tries again, and only then', () => {
    expect(destinationStateText({ state: 'retrying' }, 7, vi)).toBe('Thử lại sau 7 giây');
    expect(destinationStateText({ state: 'retrying' }, 7, en)).toBe('Retrying in 7 s');
    expect(destinationStateText({ state: 'retrying' }, 0, en)).toBe('Retrying');
    expect(destinationStateText({ state: 'retrying' }, undefined, vi)).toBe('Đang thử lại');
    expect(destinationStateText({ state: 'live' }, 7, vi)).toBe('Đang phát');
    expect(destinationStateText({ state: 'connecting' }, undefined, en)).toBe('Connecting');
  });

  it('writes a reported failure with its code', () => {
    const error = { code: 'RTMP_REFUSED', message: 'Connection refused by the server' };
    expect(errorInfoText(error, vi)).toBe('Connection refused by the server (mã RTMP_REFUSED)');
    expect(errorInfoText(error, en)).toBe('Connection refused by the server (code RTMP_REFUSED)');
  });
});
