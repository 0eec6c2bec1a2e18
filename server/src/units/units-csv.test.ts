import { describe, expect, it } from 'vitest';
import { readUnitsCsv, writeUnitsCsv, type UnitCsvRow } from './units-csv.js';

const HEADER = 'code,name,level,parent_code,points';
const file = (...lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n';

/** The errors of a file whose header is fine. */
const errorsOf = (...lines: string[]) => readUnitsCsv(file(...lines)).errors;

describe('readUnitsCsv', () => {
  it('reads rows, with parent and points', () => {
    const { rows, errors } = readUnitsCsv(
      file('BP,Tỉnh Bình Phước,province,,Hội trường Tỉnh ủy', 'BP-DX,Thành phố Đồng Xoài,district,BP,A|B'),
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        code: 'BP',
        name: 'Tỉnh Bình Phước',
        level: 'province',
        parentCode: null,
        points: ['Hội trường Tỉnh ủy'],
      },
      {
        line: 3,
        code: 'BP-DX',
        name: 'Thành phố Đồng Xoài',
        level: 'district',
        parentCode: 'BP',
        points: ['A', 'B'],
      },
    ]);
  });

  it('accepts a BOM, a header in other case with spaces, LF line ends and `;` as Excel writes it', () => {
    for (const text of [
      '\uFEFF' + file('BP,Bình Phước,province,,'),
      ' Code , NAME,level,parent_code,points\nBP,Bình Phước,province,,\n',
      'code;name;level;parent_code;points\r\nBP;"Bình Phước; tỉnh";province;;\r\n',
    ]) {
      const { rows, errors } = readUnitsCsv(text);
      expect(errors).toEqual([]);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.code).toBe('BP');
    }
  });

  it('trims fields, splits points on | and stores names in NFC', () => {
    const nfd = 'Xã Lộc An'.normalize('NFD');
    const { rows } = readUnitsCsv(file(` BP , ${nfd} , commune , , ${nfd} | Phòng họp 2 `));
    expect(rows[0]).toMatchObject({
      code: 'BP',
      name: 'Xã Lộc An',
      level: 'commune',
      parentCode: null,
      points: ['Xã Lộc An', 'Phòng họp 2'],
    });
  });

  it('skips blank lines and rows whose fields are all empty', () => {
    const { rows, errors } = readUnitsCsv(file('', ',,,,', 'BP,Bình Phước,province,,', ' , , , , '));
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual([4]);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a blank file with a BOM', '\uFEFF \r\n', /empty/],
    [
      'a wrong header',
      'code,name,level,parent\r\nBP,x,province,\r\n',
      /header code,name,level,parent_code,points/,
    ],
    ['columns in another order', 'name,code,level,parent_code,points\r\n', /header/],
    ['no header', 'BP,Bình Phước,province,,\r\n', /header/],
  ])('refuses %s at line 1', (_what, text, reason) => {
    expect(readUnitsCsv(text)).toMatchObject({
      rows: [],
      errors: [{ line: 1, reason: expect.stringMatching(reason) }],
    });
  });

  it('refuses a header without units', () => {
    expect(readUnitsCsv(HEADER).errors).toEqual([{ line: 2, reason: 'the file has a header but no units' }]);
    expect(readUnitsCsv(file('', ',,,,')).errors).toEqual([
      { line: 2, reason: 'the file has a header but no units' },
    ]);
  });

  it.each([
    ['too few fields', 'BP,Bình Phước,province', undefined, /expected 5 fields .* found 3/],
    [
      'too many fields',
      'BP,Bình, Phước,province,,',
      undefined,
      /found 6 \(quote a field that holds a comma\)/,
    ],
    ['an empty code', ',Bình Phước,province,,', 'code', /code is empty/],
    ['an empty name', 'BP,  ,province,,', 'name', /name is empty/],
    ['an empty level', 'BP,Bình Phước,,,', 'level', /level is empty/],
    ['a code with a space', 'B P,Bình Phước,province,,', 'code', /code may hold only/],
    ['a code with a diacritic', 'BĐ,Bình Phước,province,,', 'code', /code may hold only/],
    ['a code starting with -', '-BP,Bình Phước,province,,', 'code', /starting with a letter or digit/],
    ['a code of 33 characters', `${'A'.repeat(33)},Bình Phước,province,,`, 'code', /longer than 32/],
    ['a capitalised level', 'BP,Bình Phước,Province,,', 'level', /level may hold only a-z/],
    ['a bad parent code', 'BP,Bình Phước,province,B P,', 'parent_code', /parent_code may hold only/],
    ['itself as parent', 'BP,Bình Phước,province,BP,', 'parent_code', /the unit itself/],
    ['a name of 201 characters', `BP,${'ễ'.repeat(201)},province,,`, 'name', /longer than 200/],
    ['a name with a line break', 'BP,"Bình\nPhước",province,,', 'name', /line break/],
    ['a name with a tab', 'BP,Bình\tPhước,province,,', 'name', /control character/],
    ['a formula as name', 'BP,=1+1,province,,', 'name', /must not start with =/],
    ['a formula as name (quoted)', 'BP,"=HYPERLINK(""x"")",province,,', 'name', /must not start with =/],
    ['a formula as point name', 'BP,Bình Phước,province,,ok|@SUM(1)', 'points', /must not start with/],
    ['an empty point name', 'BP,Bình Phước,province,,A||B', 'points', /empty point name/],
    ['a trailing |', 'BP,Bình Phước,province,,A|', 'points', /empty point name/],
    ['a point listed twice', 'BP,Bình Phước,province,,A|B|A', 'points', /list A twice/],
    ['a point name too long', `BP,Bình Phước,province,,${'x'.repeat(201)}`, 'points', /longer than 200/],
    ['a stray quote', 'BP,Bình "Phước",province,,', undefined, /quote inside an unquoted field/],
  ])('refuses %s, on its line', (_what, row, column, reason) => {
    const errors = errorsOf('OK,Ổn,province,,', row);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toEqual({
      line: 3,
      ...(column ? { column } : {}),
      reason: expect.stringMatching(reason),
    });
  });

  it('accepts a name of exactly 200 characters with diacritics', () => {
    expect(errorsOf(`BP,${'ễ'.repeat(200)},province,,`)).toEqual([]);
  });

  it('refuses a duplicate code, naming the line that has it first', () => {
    expect(errorsOf('BP,A,province,,', 'X,B,district,BP,', 'BP,C,province,,')).toEqual([
      { line: 4, column: 'code', reason: 'code BP is already used on line 2' },
    ]);
  });

  it('reports every problem of every row, by line', () => {
    const { rows, errors } = readUnitsCsv(
      file(
        'BP,Bình Phước,province,,',
        ',,,,x', // empty code, name and level
        'X Y,ok,district,BP,',
        '"multi',
        'line",ok,district,BP,',
        'BP,again,province,,',
      ),
    );
    expect(rows.map((r) => r.code)).toEqual(['BP']);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'code'],
      [3, 'name'],
      [3, 'level'],
      [4, 'code'],
      [5, 'code'],
      [7, 'code'],
    ]);
  });

  it('remembers the code and a valid parent of each refused row', () => {
    expect(readUnitsCsv(file('BP,,province,,', 'X,,commune,BP,', 'Y,,commune,B P,')).refused).toEqual([
      { line: 2, code: 'BP', parentCode: null },
      { line: 3, code: 'X', parentCode: 'BP' },
      { line: 4, code: 'Y', parentCode: null },
    ]);
    expect(readUnitsCsv(file('Z,short row')).refused).toEqual([{ line: 2, code: 'Z', parentCode: null }]);
  });
});

describe('writeUnitsCsv', () => {
  it('writes the import format, which reads back to the same rows', () => {
    const units: UnitCsvRow[] = [
      {
        code: 'BP',
        name: 'Tỉnh Bình Phước',
        level: 'province',
        parentCode: null,
        points: ['Hội trường Tỉnh ủy'],
      },
      {
        code: 'X1',
        name: '<script>alert(1)</script>',
        level: 'district',
        parentCode: 'BP',
        points: ['a, "b"'],
      },
      {
        code: 'X2',
        name: "'; drop table units; --",
        level: 'district',
        parentCode: 'BP',
        points: ['p1', 'p2'],
      },
    ];
    const text = writeUnitsCsv(units);
    expect(text.split('\r\n')[0]).toBe(HEADER);
    expect(text).toContain('BP,Tỉnh Bình Phước,province,,Hội trường Tỉnh ủy\r\n');
    const read = readUnitsCsv(text);
    expect(read.errors).toEqual([]);
    expect(read.rows.map(({ line: _line, ...row }) => row)).toEqual(units);
  });
});
