// The encoder's frame count read from ffmpeg's `-progress` output, to tell
// whether it still gets a picture.
/**
 * Follows the video frame count in ffmpeg's `-progress` output: `key=value`
 * lines, a block every stats period (0.5 s), each with `frame=<encoded so far>`.
 * A count that stops going up means the encoder gets no picture to encode.
 */
export class ProgressFrames {
  private partial = '';
  private frames = 0;

  /** Takes the next piece of output (lines may be split between pieces); true when the count went up. */
  push(chunk: string): boolean {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    let advanced = false;
    for (const line of lines) {
      const frames = /^frame=(\d+)\s*$/.exec(line)?.[1];
      if (frames !== undefined && Number(frames) > this.frames) {
        this.frames = Number(frames);
        advanced = true;
      }
    }
    return advanced;
  }
}
