/**
 * RFC 4180 CSV, read and written as pure functions: quoted fields may hold the
 * delimiter, doubled quotes and line breaks; records end with CRLF, LF or CR.
 */

/** One record and the physical line it starts on (from 1), for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  reason: string;
}

export interface ParsedCsv {
  /** Records without syntax errors; wholly empty lines are skipped. */
  records: CsvRecord[];
  errors: CsvSyntaxError[];
}

const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * Reads every record of `text` (a leading UTF-8 BOM is ignored). A record with
 * a stray quote is reported and left out; an unclosed quote ends the file.
 */
export function parseCsv(text: string, delimiter = ','): ParsedCsv {
  const s = stripBom(text);
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let i = 0;
  let line = 1;

  /** Consumes the line break at `i`, if any; true when there was one. */
  const lineBreak = (): boolean => {
    if (s[i] === '\r') i += s[i + 1] === '\n' ? 2 : 1;
    else if (s[i] === '\n') i += 1;
    else return false;
    line += 1;
    return true;
  };
  const atFieldEnd = () => i >= s.length || s[i] === delimiter || s[i] === '\r' || s[i] === '\n';

  while (i < s.length) {
    const start = line;
    if (lineBreak()) continue; // an empty line
    const fields: string[] = [];
    let broken: string | undefined;
    for (;;) {
      let value = '';
      if (s[i] === '"') {
        i += 1;
        for (;;) {
          if (i >= s.length) {
            errors.push({ line: start, reason: 'a quoted field is never closed (a " is missing)' });
            return { records, errors };
          }
          if (s[i] === '"') {
            if (s[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (s[i] === '\r' || s[i] === '\n') {
            const from = i;
            lineBreak();
            value += s.slice(from, i);
            continue;
          }
          value += s[i];
          i += 1;
        }
        if (!atFieldEnd()) {
          broken ??= 'text follows a closing quote: quote the whole field';
          while (!atFieldEnd()) i += 1;
        }
      } else {
        const from = i;
        while (!atFieldEnd()) i += 1;
        value = s.slice(from, i);
        if (value.includes('"')) {
          broken ??= 'a quote inside an unquoted field: quote the whole field and double the quote ("")';
        }
      }
      fields.push(value);
      if (s[i] === delimiter) {
        i += 1;
        continue;
      }
      lineBreak();
      break;
    }
    if (broken) errors.push({ line: start, reason: broken });
    else records.push({ line: start, fields });
  }
  return { records, errors };
}

function quoted(field: string, delimiter: string): string {
  const plain = !field.includes(delimiter) && !/["\r\n]/.test(field) && field === field.trim();
  return plain ? field : `"${field.replaceAll('"', '""')}"`;
}

/** Writes records with CRLF after each one, quoting only the fields that need it. */
export function formatCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  return rows.map((fields) => fields.map((f) => quoted(f, delimiter)).join(delimiter) + '\r\n').join('');
}
