// A recording's segment files: their names in recording order and the
// number a resumed recorder starts at.
const SEGMENT = /^(\d{5,})\.mkv$/;

/** The recorder's segment files among `names`, in recording order. */
export function segmentNames(names: readonly string[]): string[] {
  return names.filter((name) => SEGMENT.test(name)).sort((a, b) => segmentNumber(a) - segmentNumber(b));
}

/** The start number for a recorder resuming in a directory holding `names`. */
export function nextSegmentNumber(names: readonly string[]): number {
  const last = segmentNames(names).at(-1);
  return last === undefined ? 0 : segmentNumber(last) + 1;
}

function segmentNumber(name: string): number {
  return Number(SEGMENT.exec(name)?.[1]);
}
