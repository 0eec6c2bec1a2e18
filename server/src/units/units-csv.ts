import type { CsvRowError } from '@diemcau/protocol';
import { formatCsv, parseCsv, stripBom } from './csv.js';

/**
 * The units CSV file (full guide: docs/units-csv.md). UTF-8, with or without a
 * BOM; RFC 4180 quoting; `,` separates fields (`;` is accepted too when the
 * header uses it, as Excel does in a Vietnamese locale). The header is required:
 *
 *   code,name,level,parent_code,points
 *
 * - `code`: unique key of the unit, 1–32 of `A-Z a-z 0-9 . _ -`, starting with a
 *   letter or digit; case matters. Rows are matched to existing units by code.
 * - `name`: 1–200 characters, no line breaks or tabs, not starting with `= + - @`.
 * - `level`: a label such as `province`, `district`, `commune`: 1–32 of `a-z 0-9 _ -`.
 * - `parent_code`: the parent's code (in this file or already in the database),
 *   empty for a root. Parents may come after their children.
 * - `points`: the unit's bridge-point (meeting hall) names separated by `|`. Empty:
 *   a unit without points gets one named after the unit.
 *
 * Surrounding spaces are trimmed, names are stored in Unicode NFC, and rows
 * whose fields are all empty are skipped.
 */
export const UNIT_COLUMNS = ['code', 'name', 'level', 'parent_code', 'points'] as const;
export const POINT_SEPARATOR = '|';

export const MAX_NAME_LENGTH = 200;
const MAX_CODE_LENGTH = 32;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LEVEL = /^[a-z0-9][a-z0-9_-]*$/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Spreadsheets run a cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@]/;

/** A unit as the CSV describes it. */
export interface UnitCsvRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  points: string[];
}

export interface ReadUnitRow extends UnitCsvRow {
  line: number;
}

/** A row refused for its own fields: its code and parent still take part in the parent checks. */
export interface RefusedUnitRow {
  line: number;
  code: string;
  parentCode: string | null;
}

export interface ReadUnitsCsv {
  rows: ReadUnitRow[];
  errors: CsvRowError[];
  refused: RefusedUnitRow[];
}

/** Why `name` cannot be a unit or point name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if ([...name].length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  if (CONTROL.test(name)) return 'contains a line break, tab or other control character';
  if (FORMULA_START.test(name)) return 'must not start with = + - or @ (a spreadsheet would run it)';
  return undefined;
}

function codeProblem(code: string): string | undefined {
  if (code === '') return 'is empty';
  if (code.length > MAX_CODE_LENGTH) return `is longer than ${MAX_CODE_LENGTH} characters`;
  if (!CODE.test(code))
    return 'may hold only A-Z, a-z, 0-9, ".", "_" and "-", starting with a letter or digit';
  return undefined;
}

function levelProblem(level: string): string | undefined {
  if (level === '') return 'is empty';
  if (level.length > MAX_CODE_LENGTH) return `is longer than ${MAX_CODE_LENGTH} characters`;
  if (!LEVEL.test(level)) return 'may hold only a-z, 0-9, "_" and "-" (e.g. province, district, commune)';
  return undefined;
}

const cleanName = (raw: string) => raw.normalize('NFC').trim();

/** The delimiter the header line uses, or undefined when it is not the expected header. */
function headerDelimiter(text: string): string | undefined {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  return [',', ';'].find((d) => {
    const names = firstLine.split(d).map((f) =>
      f
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    );
    return names.join(',') === UNIT_COLUMNS.join(',');
  });
}

/**
 * Parses and checks a units CSV on its own (codes, names, levels, duplicate
 * codes); what needs the database (parents, cycles) is checked by `planImport`.
 * Every problem is reported, each with its line.
 */
export function readUnitsCsv(text: string): ReadUnitsCsv {
  const refused: RefusedUnitRow[] = [];
  const body = stripBom(text);
  if (body.trim() === '') {
    return { rows: [], refused, errors: [{ line: 1, reason: 'the file is empty' }] };
  }
  const delimiter = headerDelimiter(body);
  if (!delimiter) {
    const reason = `the first line must be the header ${UNIT_COLUMNS.join(',')}`;
    return { rows: [], refused, errors: [{ line: 1, reason }] };
  }
  const parsed = parseCsv(body, delimiter);
  const errors: CsvRowError[] = [...parsed.errors];
  const rows: ReadUnitRow[] = [];
  const firstLineOf = new Map<string, number>();
  let dataRecords = 0;

  for (const { line, fields } of parsed.records.slice(1)) {
    if (fields.every((f) => f.trim() === '')) continue;
    dataRecords += 1;
    if (fields.length !== UNIT_COLUMNS.length) {
      const hint = fields.length > UNIT_COLUMNS.length ? ' (quote a field that holds a comma)' : '';
      errors.push({
        line,
        reason: `expected ${UNIT_COLUMNS.length} fields (${UNIT_COLUMNS.join(',')}), found ${fields.length}${hint}`,
      });
      refused.push({ line, code: (fields[0] ?? '').trim(), parentCode: null });
      continue;
    }
    const [rawCode = '', rawName = '', rawLevel = '', rawParent = '', rawPoints = ''] = fields;
    const code = rawCode.trim();
    const name = cleanName(rawName);
    const level = rawLevel.trim();
    const parentCode = rawParent.trim();
    const points = rawPoints.trim() === '' ? [] : rawPoints.split(POINT_SEPARATOR).map(cleanName);

    const problems: CsvRowError[] = [];
    const problem = (column: string, reason: string | undefined) => {
      if (reason) problems.push({ line, column, reason: `${column} ${reason}` });
    };
    problem('code', codeProblem(code));
    const seenOn = firstLineOf.get(code);
    if (code !== '' && seenOn !== undefined) problem('code', `${code} is already used on line ${seenOn}`);
    problem('name', nameProblem(name));
    problem('level', levelProblem(level));
    if (parentCode !== '') problem('parent_code', codeProblem(parentCode));
    if (parentCode !== '' && parentCode === code) problem('parent_code', 'is the unit itself');
    const seenPoints = new Set<string>();
    for (const point of points) {
      if (point === '') {
        problem('points', 'has an empty point name (a doubled or trailing |?)');
      } else if (seenPoints.has(point)) {
        problem('points', `list ${point} twice`);
      } else {
        const reason = nameProblem(point);
        if (reason) problem('points', `entry ${point.slice(0, 40)} ${reason}`);
      }
      seenPoints.add(point);
    }

    if (code !== '' && seenOn === undefined) firstLineOf.set(code, line);
    if (problems.length > 0) {
      errors.push(...problems);
      const validParent = parentCode !== '' && codeProblem(parentCode) === undefined;
      refused.push({ line, code, parentCode: validParent ? parentCode : null });
      continue;
    }
    rows.push({ line, code, name, level, parentCode: parentCode === '' ? null : parentCode, points });
  }

  if (dataRecords === 0 && errors.length === 0) {
    errors.push({ line: 2, reason: 'the file has a header but no units' });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors, refused };
}

/** Writes units (already in the order wanted: parents first) in the import format. */
export function writeUnitsCsv(units: readonly UnitCsvRow[]): string {
  return formatCsv([
    UNIT_COLUMNS,
    ...units.map((u) => [u.code, u.name, u.level, u.parentCode ?? '', u.points.join(POINT_SEPARATOR)]),
  ]);
}
