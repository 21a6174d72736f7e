import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/main/core/services/export-format';

describe('CSV exports', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', "=cmd|' /C calc'!A0\nsecond line"])(
    'neutralises a cell that a spreadsheet would run as a formula: %j',
    (cell) => {
      const csv = toCsv(['value'], [[cell]]);
      const parsed = Papa.parse<string[]>(csv).data;
      expect(parsed[1]![0]).toBe(`'${cell}`);
    },
  );

  it('leaves ordinary text, numbers and empty cells alone and round-trips quotes and commas', () => {
    const csv = toCsv(['a', 'b', 'c', 'd'], [['Hello, "world"', -5, null, 'a=b']]);
    expect(Papa.parse<string[]>(csv).data[1]).toEqual(['Hello, "world"', '-5', '', 'a=b']);
    expect(csv.split('\r\n')[0]).toBe('a,b,c,d');
  });
});
