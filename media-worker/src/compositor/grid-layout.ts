// The grid picture: where each cell goes in the frame, its caption text,
// and the filtergraph that composes the cells.
/** A cell's place in the frame, in pixels (even, as 4:2:0 chroma needs). */
export interface CellBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GridFrame {
  width: number;
  height: number;
  fps: number;
  /** The background: letterbox bands and the places no cell takes. */
  color: string;
}

export interface GridCellFilter {
  /** A UTF-8 file holding the cell's caption, drawn as is; null for none. */
  captionFile: string | null;
}

const even = (n: number): number => 2 * Math.floor(n / 2);

/**
 * Where `count` cells go: as square a grid as fits them (1 → the whole frame,
 * 2 → side by side, 3–4 → 2x2, 5–6 → 3x2, ...), rows filled in order and an
 * incomplete last row centred.
 */
export function gridBoxes(count: number, width: number, height: number): CellBox[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`a grid needs 1 cell or more, not ${count}`);
  const columns = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const cellWidth = even(width / columns);
  const cellHeight = even(height / rows);
  const top = even((height - rows * cellHeight) / 2);
  return Array.from({ length: count }, (_, i) => {
    const row = Math.floor(i / columns);
    const inRow = Math.min(columns, count - row * columns);
    const left = even((width - inRow * cellWidth) / 2);
    return {
      x: left + (i % columns) * cellWidth,
      y: top + row * cellHeight,
      width: cellWidth,
      height: cellHeight,
    };
  });
}

/**
 * The filtergraph (`-filter_complex`) composing the video streams of input 0
 * (one per cell, in order) into one frame labelled `[<output>]`: each
 * letterboxed into its cell at the frame rate (so every cell ticks on one
 * timeline), captioned when it has a caption and a font is given, then stacked
 * on the background.
 */
export function gridFilter(
  cells: readonly GridCellFilter[],
  frame: GridFrame,
  fontFile: string | null,
  output: string,
): string {
  const boxes = gridBoxes(cells.length, frame.width, frame.height);
  const chains = cells.map((cell, i) => {
    const { width, height } = boxes[i]!;
    const filters = [
      `scale=${width}:${height}:force_original_aspect_ratio=decrease`,
      `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=${frame.color}`,
      'setsar=1',
      // Arrival-timed frames come unevenly: each cell on the frame rate's grid, so the stack
      // below emits one frame per tick rather than one per frame of any input.
      `fps=${frame.fps}`,
      'format=yuv420p',
      ...(cell.captionFile !== null && fontFile !== null
        ? [caption(cell.captionFile, fontFile, width, height)]
        : []),
    ];
    return `[0:v:${i}]${filters.join(',')}`;
  });
  // One cell takes the whole frame.
  if (cells.length === 1) return `${chains[0]}[${output}]`;
  const labels = cells.map((_, i) => `[c${i}]`).join('');
  const layout = boxes.map((b) => `${b.x}_${b.y}`).join('|');
  // xstack's frame is the cells' bounding box: padded to the frame when they do not reach its edges.
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  const pad =
    right === frame.width && bottom === frame.height
      ? ''
      : `,pad=${frame.width}:${frame.height}:0:0:color=${frame.color}`;
  const stack = `${labels}xstack=inputs=${cells.length}:layout=${layout}:fill=${frame.color}${pad}`;
  return [...chains.map((chain, i) => `${chain}[c${i}]`), `${stack}[${output}]`].join(';');
}

/**
 * The caption: bottom left of the cell's picture (a 16:9 one, letterboxed in
 * the middle of a taller cell), white on a dark band, sized to the picture.
 */
function caption(textFile: string, fontFile: string, width: number, height: number): string {
  const picture = Math.min(height, even((width * 9) / 16));
  const size = Math.max(16, Math.round(picture / 18));
  const margin = Math.round(size / 2);
  return (
    `drawtext=fontfile=${filterValue(fontFile)}:textfile=${filterValue(textFile)}:expansion=none` +
    `:fontcolor=white:fontsize=${size}:box=1:boxcolor=black@0.6:boxborderw=${Math.round(size / 4)}` +
    `:x=${margin}:y=${(height + picture) / 2}-lh-${margin}`
  );
}

/**
 * A filter option value inside a filtergraph, escaped at both levels ffmpeg
 * unescapes (the option's `\ ' :`, then the graph's `\ ' [ ] , ;`), so a path
 * is read as written whatever it holds.
 */
export function filterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (char) => `\\${char}`);
  return option.replace(/[\\'[\],;]/g, (char) => `\\${char}`);
}

/** A caption's text: one line, without control characters, short enough for a cell. */
export function captionText(name: string, maxLength = 40): string {
  // eslint-disable-next-line no-control-regex
  const line = name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= maxLength ? line : `${chars.slice(0, maxLength - 1).join('')}…`;
}
