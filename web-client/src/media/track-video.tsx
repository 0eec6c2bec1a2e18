import type { CSSProperties } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import './media.css';

interface TrackVideoProps {
  track: MediaStreamTrack;
  /** What the picture shows, for screen readers. */
  label: string;
  /** One's own camera shows mirrored, as people expect of a preview. */
  mirror?: boolean;
  class?: string;
  testId?: string;
  /** `contain` keeps a shared screen whole; tiles and faces fill their box. */
  fit?: 'cover' | 'contain';
}

/** A muted, inline video of one track (sound plays through RemoteAudio). */
export function TrackVideo({
  track,
  label,
  mirror = false,
  class: className,
  testId,
  fit = 'cover',
}: TrackVideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = new MediaStream([track]);
    // Muted video may always autoplay; play() covers browsers that wait for it anyway.
    video.play().catch(() => undefined);
    return () => {
      video.srcObject = null;
    };
  }, [track]);
  const style: CSSProperties = { objectFit: fit, ...(mirror ? { transform: 'scaleX(-1)' } : {}) };
  return (
    <video
      ref={ref}
      class={className ? `track-video ${className}` : 'track-video'}
      style={style}
      autoplay
      muted
      playsInline
      aria-label={label}
      data-testid={testId}
    />
  );
}
