// Tests of the grid picture: cell boxes for each count, captions and the
// composing filtergraph.
import { describe, expect, it } from 'vitest';
import { captionText, filterValue, gridBoxes, gridFilter } from './grid-layout.js';

const FRAME = { width: 1280, height: 720, fps: 30, color: 'black' };
const CELL = (w: number, h: number) =>
  `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=black` +
  ',setsar=1,fps=30,format=yuv420p';

describe('gridBoxes', () => {
  it('fills the frame with one cell, puts two side by side, and three or four in 2x2', () => {
    expect(gridBoxes(1, 1280, 720)).toEqual([{ x: 0, y: 0, width: 1280, height: 720 }]);
    expect(gridBoxes(2, 1280, 720)).toEqual([
      { x: 0, y: 0, width: 640, height: 720 },
      { x: 640, y: 0, width: 640, height: 720 },
    ]);
    // The incomplete last row is centred.
    expect(gridBoxes(3, 1280, 720)).toEqual([
      { x: 0, y: 0, width: 640, height: 360 },
      { x: 640, y: 0, width: 640, height: 360 },
      { x: 320, y: 360, width: 640, height: 360 },
    ]);
    expect(gridBoxes(4, 1280, 720).map((b) => [b.x, b.y])).toEqual([
      [0, 0],
      [640, 0],
      [0, 360],
      [640, 360],
    ]);
  });

  it('keeps sizes and places even when the frame does not divide, never past its edges', () => {
    const boxes = gridBoxes(5, 1280, 720);
    expect(boxes.map((b) => [b.x, b.y, b.width, b.height])).toEqual([
      [0, 0, 426, 360],
      [426, 0, 426, 360],
      [852, 0, 426, 360],
      [214, 360, 426, 360],
      [640, 360, 426, 360],
    ]);
    for (const count of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      for (const b of gridBoxes(count, 1280, 720)) {
        expect([b.x % 2, b.y % 2, b.width % 2, b.height % 2]).toEqual([0, 0, 0, 0]);
        expect(b.x + b.width).toBeLessThanOrEqual(1280);
        expect(b.y + b.height).toBeLessThanOrEqual(720);
      }
    }
    expect(() => gridBoxes(0, 1280, 720)).toThrow(RangeError);
  });
});

describe('gridFilter', () => {
  it('letterboxes a single cell into the whole frame', () => {
    expect(gridFilter([{ captionFile: null }], FRAME, null, 'v')).toBe(`[0:v:0]${CELL(1280, 720)}[v]`);
  });

  it('stacks the cells on the background, each letterboxed at the frame rate', () => {
    expect(
      gridFilter([{ captionFile: null }, { captionFile: null }, { captionFile: null }], FRAME, null, 'v'),
    ).toBe(
      [
        `[0:v:0]${CELL(640, 360)}[c0]`,
        `[0:v:1]${CELL(640, 360)}[c1]`,
        `[0:v:2]${CELL(640, 360)}[c2]`,
        '[c0][c1][c2]xstack=inputs=3:layout=0_0|640_0|320_360:fill=black[v]',
      ].join(';'),
    );
  });

  it('pads the stack to the frame when the cells do not reach its edges', () => {
    const graph = gridFilter(
      Array.from({ length: 5 }, () => ({ captionFile: null })),
      FRAME,
      null,
      'v',
    );
    expect(graph.endsWith(':fill=black,pad=1280:720:0:0:color=black[v]')).toBe(true);
  });

  it('captions a cell from its text file when there is a font, escaping both paths', () => {
    const graph = gridFilter(
      [{ captionFile: 'work/caption-video-0.txt' }, { captionFile: null }],
      FRAME,
      "/fonts/it's:here.ttf",
      'v',
    );
    expect(graph.split(';')[0]).toBe(
      `[0:v:0]${CELL(640, 720)},drawtext=fontfile=/fonts/it\\\\\\'s\\\\:here.ttf` +
        ':textfile=work/caption-video-0.txt:expansion=none:fontcolor=white:fontsize=20' +
        ':box=1:boxcolor=black@0.6:boxborderw=5:x=10:y=540-lh-10[c0]',
    );
    expect(graph.split(';')[1]).toBe(`[0:v:1]${CELL(640, 720)}[c1]`);
    // Without a font, no caption.
    expect(gridFilter([{ captionFile: 'work/c.txt' }], FRAME, null, 'v')).not.toContain('drawtext');
  });
});

describe('filterValue', () => {
  it('escapes a value for the option parser, then for the graph parser', () => {
    // ffmpeg's own example (ffmpeg-filters, "Notes on filtergraph escaping").
    expect(filterValue("this is a 'string': may contain one, or more, special characters")).toBe(
      "this is a \\\\\\'string\\\\\\'\\\\: may contain one\\, or more\\, special characters",
    );
    expect(filterValue('plain/path.txt')).toBe('plain/path.txt');
  });
});

describe('captionText', () => {
  it('keeps a name on one line, without control characters, cut to fit a cell', () => {
    expect(captionText('  Hà Nội\n– Hội trường A\t')).toBe('Hà Nội – Hội trường A');
    expect(captionText('%{localtime} [x]')).toBe('%{localtime} [x]');
    expect(captionText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(captionText('\u0007')).toBe('');
  });
});
