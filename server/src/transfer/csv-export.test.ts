import { describe, expect, test } from 'vitest';
import { csvFileName, safeCell } from './csv-export.ts';

describe('csv export cells', () => {
  test('a cell a spreadsheet would evaluate gets a leading apostrophe; others are unchanged', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(safeCell(cell)).toBe(`'${cell}`);
    for (const cell of ['', 'Plain', 'a=b', '3', "'quoted"]) expect(safeCell(cell)).toBe(cell);
  });

  test('the file name holds the project key only', () => {
    expect(csvFileName('WEB')).toBe('WEB-tasks.csv');
    expect(csvFileName('W"E\r\nB')).toBe('WEB-tasks.csv');
  });
});
