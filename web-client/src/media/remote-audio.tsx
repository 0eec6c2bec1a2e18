import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { mediaStrings } from './strings.js';
import './media.css';

export interface AudioTrackEntry {
  /** Stable per track (the consumer id), so an element is not rebuilt on every snapshot. */
  key: string;
  track: MediaStreamTrack;
}

interface AudioSinkProps {
  track: MediaStreamTrack;
  register: (element: HTMLAudioElement | null, key: string) => void;
  sinkKey: string;
  onBlocked: () => void;
}

function AudioSink({ track, register, sinkKey, onBlocked }: AudioSinkProps) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    register(audio, sinkKey);
    audio.srcObject = new MediaStream([track]);
    audio.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') onBlocked();
    });
    return () => {
      audio.srcObject = null;
      register(null, sinkKey);
    };
  }, [track, sinkKey, register, onBlocked]);
  return <audio ref={ref} autoplay data-testid="remote-audio" />;
}

/**
 * Plays the room's sound: one <audio autoplay> per remote audio track. A
 * browser that blocks sound until the user interacts with the page gets a
 * clear button that starts every element at once.
 */
export function RemoteAudio({ tracks }: { tracks: AudioTrackEntry[] }) {
  const t = useStrings(mediaStrings);
  const [blocked, setBlocked] = useState(false);
  const elements = useRef(new Map<string, HTMLAudioElement>());
  const register = useCallback((element: HTMLAudioElement | null, key: string) => {
    if (element) elements.current.set(key, element);
    else elements.current.delete(key);
  }, []);
  const onBlocked = useCallback(() => setBlocked(true), []);
  const enable = () => {
    const attempts = [...elements.current.values()].map((audio) => audio.play());
    Promise.all(attempts).then(
      () => setBlocked(false),
      () => setBlocked(true),
    );
  };
  return (
    <>
      {tracks.map(({ key, track }) => (
        <AudioSink key={key} sinkKey={key} track={track} register={register} onBlocked={onBlocked} />
      ))}
      {blocked && (
        <div class="sound-blocked" role="alert">
          <p>{t('soundBlocked')}</p>
          <Button variant="primary" onClick={enable} data-testid="enable-sound">
            {t('enableSound')}
          </Button>
        </div>
      )}
    </>
  );
}
