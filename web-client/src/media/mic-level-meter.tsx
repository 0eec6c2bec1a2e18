import { useEffect, useState } from 'preact/hooks';
import { watchAudioLevel } from './audio-meter.js';
import { LevelMeter } from './level-meter.js';

/** The live level (0–1) of a local microphone track; 0 without one. */
function useAudioLevel(track: MediaStreamTrack | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    setLevel(0);
    if (!track) return;
    try {
      return watchAudioLevel(track, setLevel);
    } catch {
      // No WebAudio (or the track already ended): the meter stays empty, the call still works.
      return;
    }
  }, [track]);
  return level;
}

/** A local microphone's meter; a component of its own, so its ten updates a second re-render nothing else. */
export function MicLevelMeter({
  track,
  label,
  testId,
}: {
  track: MediaStreamTrack | null;
  label: string;
  testId?: string;
}) {
  return <LevelMeter level={useAudioLevel(track)} label={label} {...(testId ? { testId } : {})} />;
}
