import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads plain records with LF, CRLF or CR line ends and no final line end', () => {
    expect(parseCsv('a,b\nc,d\r\ne,f\rg,h').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 3, fields: ['e', 'f'] },
      { line: 4, fields: ['g', 'h'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,b\r\nc,\r\n').records.map((r) => r.fields)).toEqual([
      ['a', '', 'b'],
      ['c', ''],
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks, and counts lines across them', () => {
    const text = 'x,"a, b","say ""hi"""\r\n"multi\r\nline\nfield",y\r\nlast,"",z\r\n';
    const { records, errors } = parseCsv(text);
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['x', 'a, b', 'say "hi"'] },
      { line: 2, fields: ['multi\r\nline\nfield', 'y'] },
      { line: 5, fields: ['last', '', 'z'] },
    ]);
  });

  it('ignores a UTF-8 BOM and keeps Vietnamese text intact', () => {
    const { records } = parseCsv('\uFEFFcode,name\r\nBP-01,Phường Tân Đồng\r\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['code', 'name'],
      ['BP-01', 'Phường Tân Đồng'],
    ]);
  });

  it('skips empty lines but still counts them', () => {
    expect(parseCsv('a\n\n\r\nb\n').records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('reads another delimiter', () => {
    expect(parseCsv('a;"b;c";d', ';').records[0]?.fields).toEqual(['a', 'b;c', 'd']);
  });

  it('reports an unclosed quote at the line its record starts on and stops there', () => {
    const { records, errors } = parseCsv('a,b\nc,"open\nmore\n');
    expect(records).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(errors).toEqual([{ line: 2, reason: expect.stringContaining('never closed') }]);
  });

  it('reports stray quotes, leaves those records out and reads on', () => {
    const { records, errors } = parseCsv('ok,1\nab"c,2\n"x"y,3\nfine,4\n');
    expect(records.map((r) => r.line)).toEqual([1, 4]);
    expect(errors).toEqual([
      { line: 2, reason: expect.stringContaining('inside an unquoted field') },
      { line: 3, reason: expect.stringContaining('follows a closing quote') },
    ]);
  });
});

describe('formatCsv', () => {
  it('quotes only what needs quoting and ends every record with CRLF', () => {
    expect(formatCsv([['a', 'b,c', 'say "hi"', 'two\nlines', ' padded', '', 'Xã Lộc An']])).toBe(
      'a,"b,c","say ""hi""","two\nlines"," padded",,Xã Lộc An\r\n',
    );
  });

  it('round-trips awkward values through parseCsv', () => {
    const rows = [
      ['code', 'name'],
      ['1', '"quoted"'],
      ['2', 'a,b;c|d'],
      ['3', 'line\r\nbreak'],
      ['4', '<script>alert(1)</script>'],
      ['5', "'; drop table units; --"],
      ['6', 'Thị trấn Đức Phong  '],
      ['7', ''],
    ];
    expect(parseCsv(formatCsv(rows)).records.map((r) => r.fields)).toEqual(rows);
    expect(parseCsv(formatCsv(rows, ';'), ';').records.map((r) => r.fields)).toEqual(rows);
  });

  it('round-trips random text', () => {
    const alphabet = ['a', 'Đ', 'ễ', ',', '"', '\r', '\n', ' ', '|', ';', '\r\n'];
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const row = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
        Array.from(
          { length: Math.floor(random() * 8) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join(''),
      );
      // A lone empty field is an empty line, which the reader skips by design.
      if (row.length === 1 && row[0] === '') continue;
      expect(parseCsv(formatCsv([row])).records.map((r) => r.fields)).toEqual([row]);
    }
  });
});
